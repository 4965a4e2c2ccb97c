/**
 * What the provider's error summaries say, read from the kinds table (lib/org/kind-table/): each kind's create
 * format strings (Go `%s` / `%v`, verbatim from the provider) become matchers, so resolve knows the type of a
 * summary and the name it carries for every kind the table lists (docs/provider-errors.md).
 */
import type { KindSpec } from "../org/kinds";
import { KINDS, specOfType } from "../org/kinds";

/** The retry wrapper (docs/provider-errors.md): `Exhausted retries. Last error: [{0 <summary> <detail> []}]`. */
const RETRY_WRAPPER = /^Exhausted retries\. Last error: (?:\[\{\d+ )?/;

const escaped = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const VERB = /%[sv]/;

/** The summary without the retry wrapper, as the provider first wrote it. */
export function unwrapped(summary: string): string {
  return summary.replace(RETRY_WRAPPER, "");
}

/** Which verb of a kind's create formats prints the name; undefined when none does. */
function nameVerbOf(spec: KindSpec): number | undefined {
  const verb = spec.provider.nameVerb;
  return verb === null ? undefined : (verb ?? 0);
}

/**
 * A create format as matchers of the name: the text up to the literal after the name's verb. The first matcher
 * also wants the SDK text (`API Error`) right after that literal, so a name holding the literal (`a: b`) is kept
 * whole when the SDK text follows; the second takes the shortest name.
 */
function nameMatchers(format: string, verb: number): RegExp[] {
  const pieces = format.split(VERB);
  if (verb >= pieces.length - 1) return [];
  const before = pieces
    .slice(0, verb + 1)
    .map(escaped)
    .join("[\\s\\S]*?");
  const after = escaped(pieces[verb + 1]!);
  const apiNext = verb + 1 < pieces.length - 1 ? "(?=API Error)" : "";
  return [
    ...(apiNext ? [new RegExp(`^${before}([\\s\\S]+?)${after}${apiNext}`)] : []),
    new RegExp(`^${before}([\\s\\S]*?)${after}`),
  ];
}

/** Whether the summary is one of the kind's create summaries. */
function isCreateOf(spec: KindSpec, summary: string): boolean {
  return spec.provider.create.some((f) => summary.startsWith(f.split(VERB)[0]!));
}

/**
 * The name a create summary prints, when the kind's summary prints one (a schedule group's prints the still-empty
 * id, a skill group's a pointer): `{ matched }` says whether the summary is the kind's create summary at all.
 */
export function createSummaryOf(type: string | undefined, summary: string): { matched: boolean; name?: string } {
  const text = unwrapped(summary);
  const spec = specOfType(type ?? typeFromSummary(text) ?? "");
  if (spec === undefined || !isCreateOf(spec, text)) return { matched: false };
  const verb = nameVerbOf(spec);
  if (verb === undefined) return { matched: true };
  for (const format of spec.provider.create)
    for (const re of nameMatchers(format, verb)) {
      const name = re.exec(text)?.[1]?.trim();
      if (name) return { matched: true, name };
    }
  return { matched: true };
}

/**
 * What a kind's summaries start with: the words after `Failed to create` in its create formats ("skill groups",
 * "Outbound Campaign"), which its update, delete and read summaries share; or the literal text up to the first verb
 * when a format does not start so (a flow's `flow publish failed. JobID: `).
 */
function summaryPrefixes(spec: KindSpec): { readonly re: RegExp; readonly length: number }[] {
  return spec.provider.create.map((format) => {
    const head = format.split(VERB)[0]!;
    const words = /^Failed to create\s+(.+?)\s*$/i.exec(head)?.[1];
    return words === undefined
      ? { re: new RegExp(`^${escaped(head)}`), length: head.length }
      : {
          re: new RegExp(`^Failed to (?:create|update|delete|read)\\s+${escaped(words).replace(/ /g, "\\s+")}\\b`, "i"),
          length: words.length,
        };
  });
}

const PREFIXES = KINDS.flatMap((spec) => summaryPrefixes(spec).map((p) => ({ ...p, type: spec.type }))).sort(
  (a, b) => b.length - a.length,
);

/**
 * The resource type a summary's wording names, for a failure that lost its detail and address (a cut `-json`
 * line); the longest prefix wins ("skill groups" over "skill"), also inside the retry wrapper.
 */
export function typeFromSummary(summary: string): string | undefined {
  const text = unwrapped(summary);
  return PREFIXES.find((p) => p.re.test(text))?.type;
}
