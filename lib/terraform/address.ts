/**
 * Terraform addresses, one parser for every command that reads or writes them (resolve, preflight, the adoption
 * manifest, synth). The grammar is Terraform's (docs/terraform-addresses.md):
 *
 *   resource instance   [module.<name>[<key>]. ...][data.]<type>.<name>[<key>]
 *   provider config     [module.<name>[<key>]. ...]provider["<source>"][.<alias>]
 *   instance key        [<integer>] (count) or ["<HCL quoted string>"] (for_each)
 *
 * A for_each key is printed the way Terraform prints it: HCL-quoted, with `"`, `\` and controls escaped and the
 * template introducers `${` / `%{` doubled (`Ops $${var.env}`). Parsing undoes that; formatting redoes it, so an
 * address read from a log is written into import blocks, `terraform import` commands and the manifest unchanged.
 *
 * cdktf's deploy output appends the construct path to an address it recognises, right after the resource name
 * (`genesyscloud_group.by_name (groups/by_name)["Ops"]`); `readAddress` takes that suffix off and reports it.
 */

/** `count` index (a number) or `for_each` key (a string). */
export type InstanceKey = number | string;

export interface ModuleStep {
  readonly name: string;
  readonly key?: InstanceKey;
}

export interface ResourceAddress {
  readonly module: readonly ModuleStep[];
  readonly mode: "managed" | "data";
  readonly type: string;
  readonly name: string;
  readonly key?: InstanceKey;
}

export interface ProviderAddress {
  readonly module: readonly ModuleStep[];
  /** The provider's source address as Terraform prints it, e.g. `registry.terraform.io/mypurecloud/genesyscloud`. */
  readonly source: string;
  readonly alias?: string;
}

export type AddressResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

/** What `readAddress` found at a position in a line of text. */
export interface AddressMatch {
  readonly address: ResourceAddress;
  /** The address in Terraform's canonical spelling (no construct path). */
  readonly text: string;
  /** The cdktf construct path that followed the resource name, if any. */
  readonly constructPath?: string;
  /** Index just past the address (and its suffix) in the scanned text. */
  readonly end: number;
}

// HCL identifiers: a letter or underscore, then letters, digits, underscores and dashes (hclsyntax.ValidIdentifier).
const IDENT_START = /[\p{L}_]/u;
const IDENT_PART = /[\p{L}\p{N}_-]/u;
/** Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
const PRINTABLE = /[\p{L}\p{M}\p{N}\p{P}\p{S} ]/u;
/** `<word>.<word>`, optionally after `module.` or `data.`: what every address starts with. */
const LOOKS_LIKE_ADDRESS = /(?:module\.|data\.)?[\p{L}_][\p{L}\p{N}_-]*\.[\p{L}_]/uy;
/** A cdktf construct path suffix: ` (<path>)` with no parentheses or line breaks inside. */
const CONSTRUCT_PATH = / \(([^()\n]+)\)/y;

class Cursor {
  pos: number;
  constructor(
    readonly text: string,
    start = 0,
  ) {
    this.pos = start;
  }
  get done(): boolean {
    return this.pos >= this.text.length;
  }
  peek(n = 1): string {
    return this.text.slice(this.pos, this.pos + n);
  }
  eat(s: string): boolean {
    if (!this.text.startsWith(s, this.pos)) return false;
    this.pos += s.length;
    return true;
  }
}

class AddressSyntaxError extends Error {}

function fail(message: string): never {
  throw new AddressSyntaxError(message);
}

function identifier(c: Cursor, what: string): string {
  const start = c.pos;
  const first = c.text.codePointAt(c.pos);
  if (first === undefined || !IDENT_START.test(String.fromCodePoint(first))) fail(`expected ${what}`);
  c.pos += String.fromCodePoint(first).length;
  while (!c.done) {
    const cp = c.text.codePointAt(c.pos);
    if (cp === undefined) break;
    const ch = String.fromCodePoint(cp);
    if (!IDENT_PART.test(ch)) break;
    c.pos += ch.length;
  }
  return c.text.slice(start, c.pos);
}

/** An HCL quoted string at the cursor (the opening quote included), as the value it stands for. */
function quotedString(c: Cursor): string {
  if (!c.eat('"')) fail('expected a quoted key ("...")');
  let out = "";
  for (;;) {
    if (c.done) fail("the quoted key is not closed");
    const ch = c.text.charAt(c.pos);
    if (ch === '"') {
      c.pos++;
      return out;
    }
    if (ch === "\n" || ch === "\r") fail("a quoted key cannot span lines");
    if (ch === "\\") {
      const next = c.text.charAt(c.pos + 1);
      const simple: Record<string, string> = { n: "\n", r: "\r", t: "\t", '"': '"', "\\": "\\" };
      if (next in simple) {
        out += simple[next];
        c.pos += 2;
        continue;
      }
      const digits = next === "u" ? 4 : next === "U" ? 8 : 0;
      const hex = c.text.slice(c.pos + 2, c.pos + 2 + digits);
      if (digits === 0 || !new RegExp(`^[0-9A-Fa-f]{${digits}}$`).test(hex)) fail(`invalid escape \\${next} in a key`);
      const cp = Number.parseInt(hex, 16);
      if (cp > 0x10ffff) fail(`invalid escape \\${next}${hex} in a key`);
      out += String.fromCodePoint(cp);
      c.pos += 2 + digits;
      continue;
    }
    if ((ch === "$" || ch === "%") && c.text.charAt(c.pos + 1) === ch && c.text.charAt(c.pos + 2) === "{") {
      out += `${ch}{`;
      c.pos += 3;
      continue;
    }
    if ((ch === "$" || ch === "%") && c.text.charAt(c.pos + 1) === "{") {
      fail(`a key cannot hold a template ${ch}{...}; Terraform writes a literal one as ${ch}${ch}{`);
    }
    const cp = c.text.codePointAt(c.pos) ?? 0;
    out += String.fromCodePoint(cp);
    c.pos += String.fromCodePoint(cp).length;
  }
}

function instanceKey(c: Cursor): InstanceKey | undefined {
  if (!c.eat("[")) return undefined;
  let key: InstanceKey;
  if (c.peek() === '"') key = quotedString(c);
  else {
    const m = /^\d+/.exec(c.text.slice(c.pos));
    if (m === null) fail("an instance key is an integer or a quoted string");
    if (m[0].length > 1 && m[0].startsWith("0")) fail("an integer key has no leading zeros");
    key = Number(m[0]);
    if (!Number.isSafeInteger(key)) fail("the integer key is too large");
    c.pos += m[0].length;
  }
  if (!c.eat("]")) fail("expected ] after the instance key");
  return key;
}

function moduleSteps(c: Cursor): ModuleStep[] {
  const steps: ModuleStep[] = [];
  while (c.text.startsWith("module.", c.pos)) {
    c.pos += "module.".length;
    const name = identifier(c, "a module name after module.");
    const key = instanceKey(c);
    steps.push(key === undefined ? { name } : { name, key });
    if (!c.eat(".")) fail("expected . after the module");
  }
  return steps;
}

interface ReadOptions {
  /** Accept and report a cdktf construct path suffix after the resource name. */
  readonly constructPath?: boolean;
}

function resourceAt(c: Cursor, options: ReadOptions): { address: ResourceAddress; constructPath?: string } {
  const module = moduleSteps(c);
  const mode = c.eat("data.") ? "data" : "managed";
  const type = identifier(c, "a resource type");
  if (type === "provider" && c.peek() === "[") fail("a provider configuration is not a resource");
  if (!c.eat(".")) fail(`expected .<name> after the resource type ${type}`);
  const name = identifier(c, "a resource name");
  let constructPath: string | undefined;
  if (options.constructPath) {
    CONSTRUCT_PATH.lastIndex = c.pos;
    const m = CONSTRUCT_PATH.exec(c.text);
    if (m !== null) {
      constructPath = m[1];
      c.pos = CONSTRUCT_PATH.lastIndex;
    }
  }
  const key = instanceKey(c);
  const address: ResourceAddress = { module, mode, type, name, ...(key === undefined ? {} : { key }) };
  return constructPath === undefined ? { address } : { address, constructPath };
}

function whole<T>(text: string, read: (c: Cursor) => T): AddressResult<T> {
  const c = new Cursor(text);
  try {
    const value = read(c);
    if (!c.done) fail(`unexpected ${JSON.stringify(c.text.slice(c.pos, c.pos + 12))}`);
    return { ok: true, value };
  } catch (err) {
    if (err instanceof AddressSyntaxError) {
      return { ok: false, error: `${JSON.stringify(text)} is not a Terraform resource address: ${err.message}` };
    }
    throw err;
  }
}

/** Parses a whole resource (instance) address, e.g. `module.team.genesyscloud_group.by_name["Ops $${var.env}"]`. */
export function parseAddress(text: string): AddressResult<ResourceAddress> {
  return whole(text, (c) => resourceAt(c, {}).address);
}

/** Parses a whole provider configuration address, e.g. `provider["registry.terraform.io/auth0/auth0"].eu`. */
export function parseProviderAddress(text: string): AddressResult<ProviderAddress> {
  return whole(text, (c) => {
    const module = moduleSteps(c);
    if (!c.eat("provider[")) fail('expected provider["<source>"]');
    const source = quotedString(c);
    if (!c.eat("]")) fail("expected ] after the provider source");
    const alias = c.eat(".") ? identifier(c, "a provider alias") : undefined;
    return alias === undefined ? { module, source } : { module, source, alias };
  });
}

/**
 * The resource address starting exactly at `start` in `text`, if one does, with a cdktf construct path suffix
 * taken off when `constructPath` is set. Text after the address is left alone (`,` `:` and the rest of a line).
 */
export function readAddress(text: string, start = 0, options: ReadOptions = {}): AddressMatch | undefined {
  // Most lines of a log are not addresses: turn them away before the parser (whose errors are exceptions) runs.
  LOOKS_LIKE_ADDRESS.lastIndex = start;
  if (!LOOKS_LIKE_ADDRESS.test(text)) return undefined;
  const c = new Cursor(text, start);
  try {
    const { address, constructPath } = resourceAt(c, options);
    const end = c.pos;
    // A key's `[` right after the name is part of the address; any other word character means we stopped early.
    if (!c.done && IDENT_PART.test(c.peek())) return undefined;
    return { address, text: formatAddress(address), ...(constructPath === undefined ? {} : { constructPath }), end };
  } catch (err) {
    if (err instanceof AddressSyntaxError) return undefined;
    throw err;
  }
}

/** A string as Terraform prints a for_each key: HCL-quoted (Terraform's addrs.toHCLQuotedString). */
export function quoteKey(value: string): string {
  let out = '"';
  const chars = [...value];
  chars.forEach((ch, i) => {
    switch (ch) {
      case "\n":
        out += "\\n";
        return;
      case "\r":
        out += "\\r";
        return;
      case "\t":
        out += "\\t";
        return;
      case '"':
        out += '\\"';
        return;
      case "\\":
        out += "\\\\";
        return;
      case "$":
      case "%":
        out += chars[i + 1] === "{" ? ch + ch : ch;
        return;
      default: {
        if (PRINTABLE.test(ch)) {
          out += ch;
          return;
        }
        const cp = ch.codePointAt(0) ?? 0;
        out += cp < 0x10000 ? `\\u${cp.toString(16).padStart(4, "0")}` : `\\U${cp.toString(16).padStart(8, "0")}`;
      }
    }
  });
  return `${out}"`;
}

function keyText(key: InstanceKey | undefined): string {
  if (key === undefined) return "";
  return typeof key === "number" ? `[${key}]` : `[${quoteKey(key)}]`;
}

function modulePrefix(module: readonly ModuleStep[]): string {
  return module.map((m) => `module.${m.name}${keyText(m.key)}.`).join("");
}

/** The address in Terraform's own spelling. */
export function formatAddress(a: ResourceAddress): string {
  return `${modulePrefix(a.module)}${a.mode === "data" ? "data." : ""}${a.type}.${a.name}${keyText(a.key)}`;
}

/** The configuration address of an instance: the resource without its instance key (module keys kept). */
export function resourceOf(a: ResourceAddress): ResourceAddress {
  return { module: a.module, mode: a.mode, type: a.type, name: a.name };
}

/** Whether the address belongs to the Genesys Cloud provider (its type starts with `genesyscloud_`). */
export function isGenesysResource(a: ResourceAddress): boolean {
  return a.type.startsWith("genesyscloud_");
}

/** Whether a provider source is mypurecloud/genesyscloud (any registry host, any case). */
export function isGenesysProviderSource(source: string): boolean {
  return /(^|\/)mypurecloud\/genesyscloud$/i.test(source) || source === "genesyscloud";
}

/**
 * Why `text` cannot be adopted (a managed Genesys resource instance), or undefined when it can. The one check
 * behind the manifest's schema, the import renderers and resolve's writer.
 */
export function adoptionAddressProblem(text: string): string | undefined {
  // U+FFFD is what decoding leaves of a character the log lost (a log re-encoded to a legacy code page): importing
  // into that address would name a resource the configuration does not have.
  if (text.includes("\uFFFD")) {
    return `${JSON.stringify(text)} holds U+FFFD, a character lost in the log's encoding; give resolve the log as terraform wrote it (UTF-8)`;
  }
  const parsed = parseAddress(text);
  if (!parsed.ok) return `${parsed.error}; write it as Terraform prints it, e.g. genesyscloud_group.sales`;
  if (parsed.value.mode === "data") {
    return `${JSON.stringify(text)} is a data source; only managed resources can be imported`;
  }
  if (!isGenesysResource(parsed.value)) {
    return `${JSON.stringify(text)} is not a genesyscloud resource (its type is ${parsed.value.type})`;
  }
  if (formatAddress(parsed.value) !== text) {
    return `${JSON.stringify(text)} is not in Terraform's spelling; write it as ${formatAddress(parsed.value)}`;
  }
  return undefined;
}
