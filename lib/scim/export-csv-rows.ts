/**
 * The CSV tokenizer of IdP exports, fed a file's bytes in chunks so that a large export is never held whole (README
 * "Limits"): it hands each row's cells to a callback with the line the row starts on, and keeps between chunks only
 * the row it is in. Commas separate cells; LF, CRLF or a lone CR ends a row; a cell in double quotes may hold commas,
 * line breaks and doubled quotes (`""`). Spaces and tabs around a cell are dropped; inside quotes they are data.
 * Blank lines (nothing but spaces and tabs) are skipped. A quoting error stops the read, as a CsvSyntaxError.
 *
 * It works on bytes, not on decoded text: the separators are ASCII, which never occurs inside a UTF-8 sequence, and
 * each cell is decoded on its own, so a kept cell is its own string rather than a slice that would pin its chunk.
 */

const COMMA = 0x2c;
const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;

/**
 * The largest cell: IdP cells are names, emails and ids, so a larger one is a quote never closed (or not a CSV), and
 * refusing it bounds what a row can hold.
 */
export const MAX_CELL_BYTES = 1024 * 1024;

/** A quoting error: `line` is where it is (for a quote never closed, where the quote opened). */
export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

export type CsvRowHandler = (cells: string[], line: number) => void;

/** Where the tokenizer is within a cell. */
type Mode =
  /** Before a cell's first character, dropping spaces. */
  | "start"
  /** In an unquoted cell. */
  | "plain"
  /** Inside quotes. */
  | "quoted"
  /** Just after a quote inside quotes: a doubled quote or the closing one, told by the next character. */
  | "quote"
  /** After the closing quote: only spaces until the comma or the line's end. */
  | "closed";

const isBlank = (c: number): boolean => c === SPACE || c === TAB;

/** The cell text without trailing spaces and tabs (leading ones are never collected). */
function trimEnd(text: string): string {
  let end = text.length;
  while (end > 0 && isBlank(text.charCodeAt(end - 1))) end--;
  return end === text.length ? text : text.slice(0, end);
}

/** A short, printable form of a cell for messages. */
function excerpt(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}...` : text);
}

export class CsvRows {
  private mode: Mode = "start";
  private cells: string[] = [];
  /** The current cell's text decoded so far. */
  private cell = "";
  /** Bytes of the current cell cut by the end of the last chunk, decoded once the cell's part ends. */
  private carry: Buffer | undefined;
  /** The current cell's size in bytes so far. */
  private cellBytes = 0;
  /** The line of the next byte. */
  private line = 1;
  /** The line the current row starts on, and whether it has any byte that is not a space. */
  private rowLine = 1;
  private rowStarted = false;
  private quoteLine = 1;
  /** The last chunk ended on a CR: a LF at the start of the next one belongs to it. */
  private afterCr = false;

  constructor(private readonly onRow: CsvRowHandler) {}

  /** Reads one chunk (which may be reused once this returns); a row left open is completed by later chunks. */
  push(chunk: Buffer): void {
    let i = 0;
    if (this.afterCr && chunk.length > 0) {
      this.afterCr = false;
      if (chunk[0] === LF) i = 1;
    }
    while (i < chunk.length) {
      if (this.mode === "quoted") i = this.quoted(chunk, i);
      else if (this.mode === "plain") i = this.plain(chunk, i);
      else i = this.step(chunk, i);
    }
  }

  /** Ends the input: the last row, if it has no line break after it; a quote still open is an error. */
  end(): void {
    if (this.mode === "quoted") {
      throw new CsvSyntaxError(this.quoteLine, "Quote Not Closed: the quoted cell that starts here is never closed");
    }
    if (this.carry) this.take(Buffer.alloc(0), 0, 0);
    if (this.mode === "plain") this.cell = trimEnd(this.cell);
    if (this.rowStarted || this.cells.length > 0) this.endRow();
  }

  /** Reads an unquoted cell up to the next comma, line break or quote; returns where it stopped. */
  private plain(chunk: Buffer, from: number): number {
    let i = from;
    for (; i < chunk.length; i++) {
      const c = chunk[i];
      if (c === COMMA || c === LF || c === CR || c === QUOTE) break;
    }
    if (i === chunk.length) return this.keep(chunk, from);
    this.take(chunk, from, i);
    if (chunk[i] === QUOTE) {
      throw new CsvSyntaxError(
        this.line,
        `Invalid Opening Quote: a quote inside the unquoted cell ${excerpt(this.cell)}; put the whole cell in ` +
          `quotes and double the quotes inside it ("")`,
      );
    }
    this.cell = trimEnd(this.cell);
    return this.separator(chunk, i);
  }

  /** Reads quoted text up to the next quote, counting the line breaks inside; returns where it stopped. */
  private quoted(chunk: Buffer, from: number): number {
    const q = chunk.indexOf(QUOTE, from);
    const stop = q === -1 ? chunk.length : q;
    for (let nl = chunk.indexOf(LF, from); nl !== -1 && nl < stop; nl = chunk.indexOf(LF, nl + 1)) this.line++;
    if (q === -1) return this.keep(chunk, from);
    this.take(chunk, from, q);
    this.mode = "quote";
    return q + 1;
  }

  /** Adds chunk[from, to), after any bytes carried from the last chunk, to the cell's text. */
  private take(chunk: Buffer, from: number, to: number): void {
    this.grow(to - from);
    if (this.carry !== undefined) {
      this.cell += Buffer.concat([this.carry, chunk.subarray(from, to)]).toString("utf8");
      this.carry = undefined;
    } else if (to > from) {
      this.cell += chunk.toString("utf8", from, to);
    }
  }

  /** Copies chunk[from, end) for the next chunk (a character may be cut at the end); returns the chunk's end. */
  private keep(chunk: Buffer, from: number): number {
    const rest = chunk.subarray(from);
    this.carry = this.carry ? Buffer.concat([this.carry, rest]) : Buffer.from(rest);
    this.grow(rest.length);
    return chunk.length;
  }

  private grow(bytes: number): void {
    this.cellBytes += bytes;
    if (this.cellBytes <= MAX_CELL_BYTES) return;
    const quoted = this.mode === "quoted";
    throw new CsvSyntaxError(
      quoted ? this.quoteLine : this.line,
      `Cell Too Large: a cell of over 1 MB${quoted ? ", in quotes that are probably never closed" : ""}; ` +
        "IdP cells are names, emails and ids",
    );
  }

  /** One byte in the modes that look at a byte at a time. */
  private step(chunk: Buffer, i: number): number {
    const c = chunk[i] ?? 0;
    if (this.mode === "quote") {
      if (c === QUOTE) {
        this.cell += '"';
        this.mode = "quoted";
        return i + 1;
      }
      this.mode = "closed";
    }
    if (c === COMMA || c === LF || c === CR) return this.separator(chunk, i);
    if (isBlank(c)) return i + 1;
    if (this.mode === "closed") {
      throw new CsvSyntaxError(
        this.line,
        `Invalid Closing Quote: got ${excerpt(String.fromCharCode(c))} after the closing quote of ` +
          `${excerpt(this.cell)} instead of a comma or the end of the line; double the quotes inside a quoted cell ("")`,
      );
    }
    if (!this.rowStarted) this.startRow();
    if (c !== QUOTE) {
      this.mode = "plain";
      return i;
    }
    this.mode = "quoted";
    this.quoteLine = this.line;
    return i + 1;
  }

  private startRow(): void {
    this.rowStarted = true;
    this.rowLine = this.line;
  }

  /** A comma ends the cell; a line break ends the cell and the row. Returns the index after it. */
  private separator(chunk: Buffer, i: number): number {
    this.mode = "start";
    if (chunk[i] === COMMA) {
      if (!this.rowStarted) this.startRow();
      this.pushCell();
      return i + 1;
    }
    // A line of nothing but spaces is blank: no row.
    if (this.rowStarted || this.cells.length > 0) this.endRow();
    this.line++;
    if (chunk[i] === LF) return i + 1;
    if (i + 1 === chunk.length) this.afterCr = true;
    return chunk[i + 1] === LF ? i + 2 : i + 1;
  }

  private pushCell(): void {
    this.cells.push(this.cell);
    this.cell = "";
    this.cellBytes = 0;
  }

  private endRow(): void {
    this.pushCell();
    const cells = this.cells;
    this.cells = [];
    this.rowStarted = false;
    this.onRow(cells, this.rowLine);
  }
}
