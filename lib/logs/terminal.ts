/**
 * What a line of captured terminal output shows once a terminal has drawn it: no colour or cursor codes, no
 * carriage-return overwrites, no control bytes (docs/log-formats.md, "Terminal").
 */

/**
 * Escape sequences: CSI (colours, cursor moves, erase-line), OSC (titles, hyperlinks) and APC/PM/SOS strings
 * (Buildkite's `ESC _bk;t=…BEL` timestamps), then any other two-character escape.
 */
// eslint-disable-next-line no-control-regex
const ESCAPES = /\u001b(?:\[[0-?]*[ -/]*[@-~]|[\]_^X][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[@-Z\\-_])/g;
/** Jenkins console notes: hidden, base64-encoded annotations between `ESC[8mha:` and `ESC[0m` in a raw build log. */
// eslint-disable-next-line no-control-regex
const JENKINS_NOTE = /\u001b\[8mha:[^\u001b]*\u001b\[0m/g;
/** C0 controls except tab, DEL and C1 controls: never part of a line a terminal shows. */
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export interface TerminalLine {
  /** The visible text. */
  readonly text: string;
  /** The raw line ended in CR LF. */
  readonly crlf: boolean;
  /** The raw line held escape sequences. */
  readonly ansi: boolean;
}

/**
 * `raw` (one line, without its LF) as a terminal shows it: a trailing CR dropped, only what follows the last
 * in-line CR kept (a redraw), Jenkins console notes and escape sequences removed, other control bytes dropped.
 */
export function visibleText(raw: string): TerminalLine {
  let s = raw;
  const crlf = s.endsWith("\r");
  if (crlf) s = s.slice(0, -1);
  const ansi = s.includes("\u001b");
  if (ansi) s = s.replace(JENKINS_NOTE, "");
  const cr = s.lastIndexOf("\r");
  if (cr >= 0) s = s.slice(cr + 1);
  if (ansi) s = s.replace(ESCAPES, "");
  s = s.replace(CONTROLS, "");
  return { text: s, crlf, ansi };
}
