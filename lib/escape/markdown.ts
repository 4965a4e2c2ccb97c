/**
 * Markdown text from data, for reports and PR comments. A Genesys name must show as itself: never as emphasis,
 * a link, an image, raw HTML, a heading or a list, and never break the table row it sits in.
 */
import { singleLine } from "./hcl";

const HTML: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };

/**
 * `value` as inline Markdown text that renders literally, on one line (safe in a GFM table cell and in prose).
 *
 * Line breaks become spaces (`singleLine`) and the ends are trimmed; `&`, `<` and `>` become entities, so no raw HTML
 * or autolink can form; the other punctuation Markdown gives meaning to (`` \ ` * _ [ ] | # ! ~ $ ``) is
 * backslash-escaped (CommonMark 2.4, "Backslash escapes": any ASCII punctuation may be escaped; `$` for GitHub math). A
 * leading `+`, `-`, `=` or `1.`/`1)` is escaped too, so the text cannot start a list or underline a heading.
 */
export function markdownText(value: string): string {
  return singleLine(value)
    .trim()
    .replace(/[&<>]/g, (c) => HTML[c] ?? c)
    .replace(/[\\`*_[\]|#!~$]/g, "\\$&")
    .replace(/^([+=-])/, "\\$1")
    .replace(/^(\d+)([.)])/, "$1\\$2");
}

export interface MarkdownCodeOptions {
  /**
   * The span sits in a GFM table cell, where `|` ends the cell even inside code and must be written `\|` (GFM
   * spec 0.29, "Tables", example 200). Outside a table `\|` would show the backslash.
   * @default false
   */
  readonly inTable?: boolean;
}

/**
 * `value` as an inline code span that shows it verbatim. The fence is one backtick longer than the longest run
 * of backticks inside, and the content is padded with a space when it starts or ends with a backtick, or starts
 * and ends with a space (unless it is all spaces), since a renderer strips one such space from each side
 * (CommonMark 6.1, "Code spans").
 * Line breaks become spaces; other spaces are kept, so a stray leading or trailing space stays visible. The empty
 * string becomes a span holding one space.
 */
export function markdownCode(value: string, options: MarkdownCodeOptions = {}): string {
  let content = singleLine(value);
  if (content === "") return "` `";
  const longestRun = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longestRun + 1);
  if (options.inTable) content = content.replace(/\|/g, "\\|");
  const pad =
    content.startsWith("`") ||
    content.endsWith("`") ||
    (content.startsWith(" ") && content.endsWith(" ") && content.trim() !== "");
  return pad ? `${fence} ${content} ${fence}` : `${fence}${content}${fence}`;
}
