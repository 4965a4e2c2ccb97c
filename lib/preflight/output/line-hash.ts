/**
 * GitHub code scanning's `primaryLocationLineHash`: the hash its upload action gives each line of a file, so an
 * alert stays the same alert when lines are added above it (docs/report-locations.md has the algorithm and its
 * source). Spaces and tabs are dropped, CR and CRLF become LF, and a line's hash is a base-37 polynomial over the
 * 100 characters from its first kept one, running on into the lines after it and padded at the end of the file
 * with one U+FFFF and zeros, in unsigned 64-bit arithmetic. The value is the hash in hex, `:`, and how many lines
 * of the file so far had that hash.
 */

const BLOCK_SIZE = 100;
const MOD = 37n;
const MASK = (1n << 64n) - 1n;
const EOF = 0xffff;
const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;

/** The hash of every line of `text`, in order (a text ending in a newline has one more, empty, line). */
export function lineHashes(text: string): string[] {
  const chars: number[] = [];
  const lineStarts: number[] = [];
  let lineStart = true;
  let prevCr = false;
  const push = (code: number): void => {
    if (code === SPACE || code === TAB || (prevCr && code === LF)) {
      prevCr = false;
      return;
    }
    let current = code;
    if (current === CR) {
      current = LF;
      prevCr = true;
    } else prevCr = false;
    if (lineStart) {
      lineStart = false;
      lineStarts.push(chars.length);
    }
    if (current === LF) lineStart = true;
    chars.push(current);
  };
  for (let i = 0; i < text.length; i++) push(text.charCodeAt(i));
  push(EOF);
  for (let i = 0; i < BLOCK_SIZE; i++) chars.push(0);

  const counts = new Map<string, number>();
  return lineStarts.map((start) => {
    let hash = 0n;
    for (let i = 0; i < BLOCK_SIZE; i++) hash = (hash * MOD + BigInt(chars[start + i] ?? 0)) & MASK;
    const hex = hash.toString(16);
    const n = (counts.get(hex) ?? 0) + 1;
    counts.set(hex, n);
    return `${hex}:${n}`;
  });
}
