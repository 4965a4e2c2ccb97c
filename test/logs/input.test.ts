/** Bytes to lines: encodings, limits, and a clear refusal of anything that is not a log. */
import { describe, expect, test } from "vitest";

import { logLines, MAX_LINE_CHARS } from "../../lib/logs/input";
import { renderedError } from "../helpers";

async function collect(
  chunks: readonly (Uint8Array | string)[],
  options: { maxBytes?: number } = {},
): Promise<string[]> {
  async function* source() {
    yield* chunks;
  }
  const out: string[] = [];
  for await (const line of logLines(source(), "apply.log", options)) out.push(line);
  return out;
}

async function refusal(chunks: readonly (Uint8Array | string)[]): Promise<string> {
  try {
    await collect(chunks);
  } catch (err) {
    return renderedError(() => {
      throw err;
    });
  }
  throw new Error("expected a refusal");
}

describe("logLines", () => {
  test("splits UTF-8 across chunk boundaries, even inside a character, and keeps CRs for the terminal layer", async () => {
    const bytes = Buffer.from("╷\r\n│ Error: Équipe\r\n╵", "utf8");
    expect(await collect([bytes.subarray(0, 2), bytes.subarray(2, 9), bytes.subarray(9)])).toEqual([
      "╷\r",
      "│ Error: Équipe\r",
      "╵",
    ]);
  });

  test("drops a UTF-8 BOM and reads UTF-16 with or without one (PowerShell's `>`)", async () => {
    const text = "Error: boom\r\n";
    expect(await collect([Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])])).toEqual([
      "Error: boom\r",
    ]);
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
    expect(await collect([le.subarray(0, 5), le.subarray(5)])).toEqual(["Error: boom\r"]);
    const be = Buffer.from(text, "utf16le").swap16();
    expect(await collect([Buffer.concat([Buffer.from([0xfe, 0xff]), be])])).toEqual(["Error: boom\r"]);
    expect(await collect([Buffer.from(`${text}${text}`, "utf16le")])).toEqual(["Error: boom\r", "Error: boom\r"]);
  });

  test("truncates an overlong line instead of holding it", async () => {
    const lines = await collect([`${"x".repeat(MAX_LINE_CHARS + 10)}\nnext\n`]);
    expect(lines.map((l) => l.length)).toEqual([MAX_LINE_CHARS, 4]);
  });

  test.each([
    [[""], /apply\.log: the log is empty; pass the output of the failed 'terraform apply' or 'cdktf deploy'/],
    [["\n \n\t\n"], /the log is empty/],
    [
      [Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00])],
      /this is a zip archive \(a saved Terraform plan such as plan\.out\?\)/,
    ],
    [
      [Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00])],
      /this is a binary file, not an apply log/,
    ],
    [
      ['{"format_version":"1.2","terraform_version":"1.11.4","planned_values":{},"resource_changes":[]}'],
      /this is a Terraform JSON plan/,
    ],
    [
      ['{\n  "version": 4,\n  "terraform_version": "1.11.4",\n  "serial": 3,\n  "lineage": "x",\n  "resources": []\n}'],
      /this is a Terraform state file/,
    ],
    [['{"version":1,"stacks":{}}'], /this is an adoption manifest/],
    [["null"], /a bare JSON value/],
    [["[1, 2]"], /a JSON document/],
    [["[1]\n"], /a JSON document/],
    [['[\n  {"address": "genesyscloud_group.g"}\n]'], /a JSON document/],
    [["<!DOCTYPE html><html><body>log</body></html>"], /an HTML page/],
  ])("refuses %j with one line naming what it is", async (chunks, message) => {
    const text = await refusal(chunks);
    expect(text).toMatch(message);
    expect(text.split("\n")).toHaveLength(1);
  });

  test("reads -json logs and bracketed timestamps as logs, not JSON documents", async () => {
    expect(await collect(['{"@level":"info","@message":"Terraform 1.11.4","type":"version"}\n'])).toHaveLength(1);
    expect(await collect(["[2022-01-12T19:00:00.613Z] Started by timer\n"])).toHaveLength(1);
    expect(await collect(["[2026-12-02T12:59:25.794] [ERROR] default - x\n"])).toHaveLength(1);
    expect(await collect(["[12:00:01] Terraform v1.11.4\n"])).toHaveLength(1);
    expect(await collect(["[Pipeline] sh\n"])).toHaveLength(1);
  });

  test("refuses an input over the limit as soon as it passes it", async () => {
    let pulled = 0;
    async function* endless() {
      for (;;) {
        pulled++;
        yield "x".repeat(1024) + "\n";
      }
    }
    await expect(async () => {
      for await (const line of logLines(endless(), "big.log", { maxBytes: 64 * 1024 })) void line;
    }).rejects.toThrow(/big\.log: the log is larger than 64 KiB; pass only the output of the failed apply/);
    expect(pulled).toBeLessThan(70);
  });
});
