/**
 * A small terminal for tests of what progress displays write to stderr: the escape sequences cli-progress and
 * lib/progress.ts use, played onto rows of text, so a test can say what a person would see instead of matching
 * escape codes. Knows: ESC 7 / ESC 8 (save and restore the cursor), CSI n G (column), CSI 0 K and CSI 2 K (erase),
 * CSI ?25 l/h (cursor hidden/shown), CSI ?7 l/h (line wrapping off/on), CR and LF; colours (CSI … m) are skipped. With wrapping off, text past the
 * last column overwrites it, as a real terminal does; with it on, a row just grows (one logical line).
 */
export interface Screen {
  readonly rows: string[];
  readonly cursorVisible: boolean;
  readonly wrapping: boolean;
  /** The longest row ever written while line wrapping was off (the status line), in characters. */
  readonly widestUnwrapped: number;
}

export function play(output: string, columns: number): Screen {
  const rows: string[][] = [[]];
  let row = 0;
  let col = 0;
  let saved = { row: 0, col: 0 };
  let cursorVisible = true;
  let wrapping = true;
  let widestUnwrapped = 0;
  const current = (): string[] => (rows[row] ??= []);
  const chars = [...output];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === "\u001b") {
      const rest = chars.slice(i + 1, i + 12).join("");
      const simple = /^[78]/.exec(rest);
      if (simple) {
        if (simple[0] === "7") saved = { row, col };
        else ({ row, col } = saved);
        i += 1;
        continue;
      }
      const csi = /^\[(\??)([\d;]*)([A-Za-z])/.exec(rest);
      if (!csi) throw new Error(`unknown escape sequence at ${JSON.stringify(rest)}`);
      const [all, private_, n, op] = csi;
      i += all.length;
      if (private_ === "?" && n === "25") cursorVisible = op === "h";
      else if (private_ === "?" && n === "7") wrapping = op === "h";
      else if (op === "m")
        continue; // colours: the text is what counts
      else if (op === "G") col = Math.max(0, Number(n || "1") - 1);
      else if (op === "K" && (n === "" || n === "0")) current().length = Math.min(current().length, col);
      else if (op === "K" && n === "2") rows[row] = [];
      else throw new Error(`unknown escape sequence ${JSON.stringify(all)}`);
      continue;
    }
    if (c === "\r") col = 0;
    else if (c === "\n") {
      row += 1;
      col = 0;
      current();
    } else {
      const line = current();
      const at = wrapping ? col : Math.min(col, columns - 1);
      while (line.length < at) line.push(" ");
      line[at] = c;
      col = at + 1;
      if (!wrapping) widestUnwrapped = Math.max(widestUnwrapped, line.length);
    }
  }
  return { rows: rows.map((r) => r.join("")), cursorVisible, wrapping, widestUnwrapped };
}
