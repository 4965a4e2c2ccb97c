import { readFileSync, truncateSync, writeFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, test } from "vitest";

import { run } from "../../scripts/cli";
import { ANNOUNCE_BYTES, INPUT_LIMITS, megabytes } from "../../lib/limits";
import { CsvRows, MAX_CELL_BYTES } from "../../lib/scim/export-csv-rows";
import { readIdpExport } from "../../lib/scim/export";
import { MAX_LISTED_PROBLEMS } from "../../lib/scim/export-rules";
import type { IdpExport } from "../../lib/scim/model";
import { inputError } from "./helpers";
import { tempDir } from "../helpers";

/** Every row the tokenizer gives for `bytes` fed in chunks of `size` bytes, as `line: cells`. */
function rowsInChunks(bytes: Buffer, size: number): string[] {
  const rows: string[] = [];
  const reader = new CsvRows((cells, line) => rows.push(`${line}: ${JSON.stringify(cells)}`));
  for (let i = 0; i < bytes.length; i += size) reader.push(bytes.subarray(i, i + size));
  reader.end();
  return rows;
}

function file(name: string, content: string | Buffer): string {
  const at = path.join(tempDir("gcguard-idp-stream-"), name);
  writeFileSync(at, content);
  return at;
}

/** A file of `bytes` that starts with `head` and takes no disk past it (sparse). */
function sparse(name: string, head: string, bytes: number): string {
  const at = file(name, head);
  truncateSync(at, bytes);
  return at;
}

/** The userName of member `i`, `pad` characters longer than `user<i>@example.com`. */
const userName = (i: number, pad = 0): string => `user${i}${"x".repeat(pad)}@example.com`;

/** A membership CSV of `rows` rows, 100 members a group, with `bad.row` in place of line `bad.line` if given. */
function membershipCsv(rows: number, bad?: { line: number; row: string }, pad = 0): string {
  const lines = ["group,email"];
  for (let i = 0; i < rows; i++) lines.push(`GC-Group-${Math.floor(i / 100)},${userName(i, pad)}`);
  if (bad) lines[bad.line - 1] = bad.row;
  return `${lines.join("\n")}\n`;
}

const members = (exp: IdpExport): number => exp.groups.reduce((n, g) => n + g.members.length, 0);

describe("CSV tokenizer: rows do not depend on where the chunks end", () => {
  test("CRLF split between chunks, multi-byte characters cut in two, doubled quotes and line breaks in quotes", () => {
    const text =
      'group,userName\r\n"Vertrieb, Zürich",jürgen@acme.example\r\n"Multi\r\nline ""Gold""",b@x\r\n' +
      '  spaced  , "  kept  " \r\n\r\n   \r\n,\r\nlast,row';
    const bytes = Buffer.from(text, "utf8");
    const whole = rowsInChunks(bytes, bytes.length);
    expect(whole).toEqual([
      '1: ["group","userName"]',
      '2: ["Vertrieb, Zürich","jürgen@acme.example"]',
      '3: ["Multi\\r\\nline \\"Gold\\"","b@x"]',
      '5: ["spaced","  kept  "]',
      '8: ["",""]',
      '9: ["last","row"]',
    ]);
    for (let size = 1; size < 12; size++) expect(rowsInChunks(bytes, size)).toEqual(whole);
  });

  test("a lone CR ends a row, as in old Mac exports", () => {
    expect(rowsInChunks(Buffer.from("group,email\rG,a@x\r"), 3)).toEqual(['1: ["group","email"]', '2: ["G","a@x"]']);
  });
});

describe("readIdpExport streams a CSV export", () => {
  test("reads a file of many chunks to the same groups, with each member's own line", () => {
    const exp = readIdpExport(file("big.csv", membershipCsv(60_000)), { notify: () => {} });
    expect(exp.groups).toHaveLength(600);
    expect(members(exp)).toBe(60_000);
    expect(exp.groups[599]?.members.at(-1)).toEqual({
      by: "userName",
      value: "user59999@example.com",
      origin: "big.csv:60001",
    });
  });

  test("reads a byte order mark, CRLF line ends and quoted cells with line breaks, counting lines after them", () => {
    const text = '\uFEFFgroup,email\r\n"Multi\r\nline",a@x\r\n"Sales, EMEA",b@x\r\nSales,c@x\r\n';
    const exp = readIdpExport(file("m.csv", text));
    expect(exp.groups.map((g) => [g.displayName, g.origin])).toEqual([
      ["Multi\r\nline", "m.csv:2"],
      ["Sales, EMEA", "m.csv:4"],
      ["Sales", "m.csv:5"],
    ]);
  });

  // 100,000 rows are 3.5 MB: four chunks.
  test("fails on a bad row deep in a big file with that row's line", () => {
    const csv = membershipCsv(100_000, { line: 90_001, row: "GC-Group-899,not-an-email" });
    const err = inputError(() => readIdpExport(file("big.csv", csv), { notify: () => {} }));
    expect(err.exitCode).toBe(2);
    expect(err.problems).toEqual([
      'big.csv:90001: email "not-an-email" is not an email address; a Genesys userName is the user\'s email (x@y)',
    ]);
  });

  test("lists the first problems of a file of many bad rows, and counts the rest", () => {
    const rows = ["group,email", ...Array.from({ length: MAX_LISTED_PROBLEMS + 500 }, (_, i) => `G,user${i}`)];
    const err = inputError(() => readIdpExport(file("bad.csv", rows.join("\n"))));
    expect(err.message).toMatch(
      new RegExp(`: ${MAX_LISTED_PROBLEMS + 500} problems in the IdP export; fix them and run again$`),
    );
    expect(err.problems).toHaveLength(MAX_LISTED_PROBLEMS + 1);
    expect(err.problems[0]).toMatch(/^bad\.csv:2: email "user0" is not an email address/);
    expect(err.problems.at(-1)).toBe("... and 500 more, not listed");
  });

  test("fails on broken quoting deep in a big file with the file and the line", () => {
    const csv = membershipCsv(100_000, { line: 99_000, row: 'GC-Group-989,user"98998@example.com' });
    const at = file("big.csv", csv);
    const err = inputError(() => readIdpExport(at, { notify: () => {} }));
    expect(err.message).toBe(`${at}: not valid CSV; fix the quoting`);
    expect(err.problems).toEqual([
      'big.csv:99000: Invalid Opening Quote: a quote inside the unquoted cell "user"; put the whole cell in quotes ' +
        'and double the quotes inside it ("")',
    ]);
  });

  test("fails on a quote never closed at the line it opens, without reading the rest of the file", () => {
    const csv = membershipCsv(10, { line: 5, row: 'GC-Group-0,"user3@example.com' }) + "x".repeat(MAX_CELL_BYTES);
    const err = inputError(() => readIdpExport(file("open.csv", csv)));
    expect(err.problems).toEqual([
      "open.csv:5: Cell Too Large: a cell of over 1 MB, in quotes that are probably never closed; IdP cells are " +
        "names, emails and ids",
    ]);
    const short = inputError(() => readIdpExport(file("short.csv", 'group,email\nG,"a@x\nH,b@x\n')));
    expect(short.problems).toEqual(["short.csv:2: Quote Not Closed: the quoted cell that starts here is never closed"]);
  });
});

describe("readIdpExport: limits and progress", () => {
  test("announces a large CSV export, and a large JSON one, before reading it", () => {
    // Long userNames: past ANNOUNCE_BYTES with few rows.
    const [rows, pad] = [50_000, 220];
    expect(rows * pad).toBeGreaterThan(ANNOUNCE_BYTES);
    const csv = file("large.csv", membershipCsv(rows, undefined, pad));
    const lines: string[] = [];
    expect(members(readIdpExport(csv, { notify: (line) => lines.push(line) }))).toBe(rows);
    const groups = Array.from({ length: rows / 100 }, (_, g) => ({
      displayName: `G${g}`,
      members: Array.from({ length: 100 }, (_, j) => userName(g * 100 + j, pad)),
    }));
    const json = file("large.json", JSON.stringify({ groups }));
    expect(members(readIdpExport(json, { notify: (line) => lines.push(line) }))).toBe(rows);
    expect(lines).toEqual([
      expect.stringMatching(/^reading .*large\.csv \(\d+ MB\)$/),
      expect.stringMatching(/^reading .*large\.json \(\d+ MB\)$/),
    ]);
    const small: string[] = [];
    readIdpExport(file("small.csv", membershipCsv(10)), { notify: (line) => small.push(line) });
    expect(small).toEqual([]);
  });

  test("refuses a JSON export past its lower limit before reading it, naming CSV as the fix", () => {
    const size = INPUT_LIMITS["IdP export (JSON)"] + 1024 * 1024;
    const lines: string[] = [];
    for (const at of [sparse("idp.json", "", size), sparse("idp-export", '  {"groups": [', size)]) {
      const err = inputError(() => readIdpExport(at, { notify: (line) => lines.push(line) }));
      expect(err.exitCode).toBe(2);
      expect(err.message).toBe(
        `${at}: the IdP export (JSON) is ${megabytes(size)}, over gcguard's limit of 128 MB for it; export it as ` +
          `CSV, which is read as a stream (README.md, "Limits")`,
      );
    }
    expect(lines).toEqual([]);
  });

  test("refuses a CSV export past its limit before reading it", () => {
    const size = INPUT_LIMITS["IdP export"] + 1024 * 1024;
    const at = sparse("idp.csv", "group,email\n", size);
    expect(inputError(() => readIdpExport(at)).message).toMatch(/over gcguard's limit of 256 MB for it/);
  });

  test("reads a CSV export past the JSON limit as CSV, announcing it", () => {
    const size = INPUT_LIMITS["IdP export (JSON)"] + 1024 * 1024;
    // The zeros after the rows are one long cell, refused once past its limit: read as CSV, not refused as JSON.
    const at = sparse("idp-export", "group,email\nG,a@x\n", size);
    const lines: string[] = [];
    const err = inputError(() => readIdpExport(at, { notify: (line) => lines.push(line) }));
    expect(err.problems).toEqual([
      "idp-export:3: Cell Too Large: a cell of over 1 MB; IdP cells are names, emails and ids",
    ]);
    expect(lines).toEqual([`reading ${at} (${megabytes(size)})`]);
  });
});

describe("README's Limits table", () => {
  test("states the JSON export's lower limit", () => {
    const readme = readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("### Limits"), readme.indexOf("## Exit codes"));
    expect(section).toMatch(new RegExp(`\\| IdP export as JSON.*\\| ${megabytes(INPUT_LIMITS["IdP export (JSON)"])} `));
    expect(section).toMatch(new RegExp(`\\| IdP export as CSV.*\\| ${megabytes(INPUT_LIMITS["IdP export"])} `));
  });
});

describe("gcguard scim --export announces a large export on stderr", () => {
  async function gcguard(...argv: string[]): Promise<{ code: number; err: string }> {
    let err = "";
    const code = await run(argv, { stdout: () => {}, stderr: (t) => (err += t) });
    return { code, err };
  }

  // Broken quoting on line 2 stops the read there, after the announcement: no Genesys needed.
  const large = () => file("large.csv", `group,email\nG,a"b\n${"x".repeat(ANNOUNCE_BYTES)}\n`);

  test.each(["diff", "sync", "users"])("scim %s, unless --no-progress", async (command) => {
    const at = large();
    const shown = await gcguard("scim", command, "--export", at);
    expect(shown.code).toBe(2);
    expect(shown.err).toContain(`scim ${command}: reading ${at} (10 MB)\n`);
    expect(shown.err).toContain("large.csv:2: Invalid Opening Quote");
    const quiet = await gcguard("scim", command, "--export", at, "--no-progress");
    expect(quiet.code).toBe(2);
    expect(quiet.err).not.toContain("reading");
  });
});
