/**
 * The escapers for HCL, sh and Markdown: unit cases for each rule, then round trips through the real tools, since
 * "looks escaped" is not the property that matters: `/bin/sh` and `terraform` must read back exactly the input.
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, test } from "vitest";

import { hclComment, hclString, isHclIdentifier, singleLine } from "../../lib/escape/hcl";
import { markdownCode, markdownText } from "../../lib/escape/markdown";
import { shellCommand, shellComment, shellQuote } from "../../lib/escape/shell";
import { tempDir } from "../helpers";

/** Names a Genesys org could really hold, each aimed at one way of breaking out. */
const NASTY = [
  'Sales ${var.x} "EU"\nline2',
  "100% %{if x}",
  "$${already} %%{escaped}",
  "$$${x} $",
  "back\\slash\\",
  "it's",
  "`rm -rf /`",
  "$(id)",
  "emoji 😀 and 中文",
  "tab\there",
  "cr\r\nlf",
  "bell\u0007 del\u007f c1\u0085",
  "rtl \u202egnp.exe",
  "--help",
  "'",
  "",
  " padded ",
  "*_[x](y)_* <b>|#!~",
];

const TERRAFORM_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  // The machine points TF_CLI_CONFIG_FILE at a missing file, which only adds a warning; no config is needed.
  TF_CLI_CONFIG_FILE: "/dev/null",
  CHECKPOINT_DISABLE: "1",
  TF_IN_AUTOMATION: "1",
  TF_DATA_DIR: undefined,
  TF_WORKSPACE: undefined,
};

function terraform(args: readonly string[], cwd: string): ReturnType<typeof spawnSync> {
  return spawnSync("terraform", args, { cwd, env: TERRAFORM_ENV, encoding: "utf8", timeout: 60_000 });
}

const hasTerraform = spawnSync("terraform", ["version"], { env: TERRAFORM_ENV, timeout: 20_000 }).status === 0;
if (!hasTerraform) {
  process.stderr.write(
    "[escape.test] SKIPPED the terraform round trip of hclString: no working `terraform` on PATH; install it to run it\n",
  );
}

describe("hclString", () => {
  test.each([
    ["", '""'],
    ["plain", '"plain"'],
    ['say "hi"', '"say \\"hi\\""'],
    ["C:\\dir\\", '"C:\\\\dir\\\\"'],
    ["a\nb\r\nc\td", '"a\\nb\\r\\nc\\td"'],
    ["${var.x}", '"$${var.x}"'],
    ["%{if x}", '"%%{if x}"'],
    ["$${x}", '"$$${x}"'],
    ["%%{x}", '"%%%{x}"'],
    ["$ and % alone, {braces}", '"$ and % alone, {braces}"'],
    ["\\${x}", '"\\\\$${x}"'],
    ["nul\u0000 bell\u0007 esc\u001b del\u007f c1\u0085", '"nul\\u0000 bell\\u0007 esc\\u001b del\\u007f c1\\u0085"'],
    ["rtl\u202eover \u2028 bom\ufeff", '"rtl\\u202eover \\u2028 bom\\ufeff"'],
    ["emoji 😀 中文 é", '"emoji 😀 中文 é"'],
  ])("%j is written as %s", (value, literal) => {
    expect(hclString(value)).toBe(literal);
  });

  test("fails on a lone surrogate, which no file can hold", () => {
    expect(() => hclString("bad \ud800 half")).toThrow(/lone UTF-16 surrogate/);
  });
});

describe("hclComment", () => {
  test("keeps the text on one line, without control or invisible characters", () => {
    expect(hclComment('Sales ${var.x} "EU"\nline2')).toBe('# Sales ${var.x} "EU" line2');
    expect(hclComment("  a\r\nb\tc\u0007\u202e  ")).toBe("# a b c");
    expect(hclComment("")).toBe("#");
    expect(hclComment("\n\t")).toBe("#");
    expect(hclComment("half \udc00")).toBe("# half \ufffd");
  });

  test("singleLine breaks up an Azure logging command, also one hidden by a control character", () => {
    expect(singleLine("GC-Sales ##vso[task.setvariable variable=X]y")).toBe(
      "GC-Sales # #vso[task.setvariable variable=X]y",
    );
    expect(singleLine("##\u0007VSO[task.complete result=Failed]")).toBe("# #VSO[task.complete result=Failed]");
  });

  test("singleLine keeps spaces and drops nothing printable", () => {
    expect(singleLine(" a\nb ")).toBe(" a b ");
    expect(singleLine("😀 中文")).toBe("😀 中文");
  });
});

describe("isHclIdentifier", () => {
  test("accepts resource names and aliases, rejects anything needing quotes", () => {
    expect(["sales", "_x", "a-b_9", "Sales"].every(isHclIdentifier)).toBe(true);
    expect(["", "9a", "-a", "a.b", "a b", "é"].some(isHclIdentifier)).toBe(false);
  });
});

describe("shellQuote", () => {
  test.each([
    ["", "''"],
    ["simple", "simple"],
    ["path/to-file_1.txt", "path/to-file_1.txt"],
    ["-chdir=../infra", "-chdir=../infra"],
    ["a@b:c%d+e", "a@b:c%d+e"],
    ["two words", "'two words'"],
    ["it's", "'it'\\''s'"],
    ["'", "''\\'''"],
    ["$(id) `id` ${x}", "'$(id) `id` ${x}'"],
    ["~root", "'~root'"],
    ["*.tf", "'*.tf'"],
    ["a\nb", "'a\nb'"],
    ["back\\slash", "'back\\slash'"],
  ])("%j is written as %s", (value, word) => {
    expect(shellQuote(value)).toBe(word);
  });

  test("fails on NUL, which no argument can carry, and on a lone surrogate", () => {
    expect(() => shellQuote("a\0b")).toThrow(/NUL character/);
    expect(() => shellQuote("\udfff")).toThrow(/lone UTF-16 surrogate/);
  });
});

describe("shellCommand", () => {
  test("quotes each argument and joins them with spaces", () => {
    expect(shellCommand(["terraform", "import", "genesyscloud_group.a", "it's"])).toBe(
      "terraform import genesyscloud_group.a 'it'\\''s'",
    );
  });

  test("quotes a first word that sh would take for an assignment", () => {
    expect(shellCommand(["A=b", "A=b"])).toBe("'A=b' A=b");
  });

  test("fails on an empty command", () => {
    expect(() => shellCommand([])).toThrow(/no arguments/);
  });

  test("shellComment is one trimmed line", () => {
    expect(shellComment("x\n rm -rf /")).toBe("# x  rm -rf /");
    expect(shellComment("")).toBe("#");
  });
});

describe("markdownText", () => {
  test.each([
    ["", ""],
    ["Sales EU", "Sales EU"],
    ["a | b", "a \\| b"],
    ["line1\nline2\r\nline3", "line1 line2 line3"],
    ["*bold* _it_ `code` ~~s~~", "\\*bold\\* \\_it\\_ \\`code\\` \\~\\~s\\~\\~"],
    ["[x](http://e.vil) ![i](y)", "\\[x\\](http://e.vil) \\!\\[i\\](y)"],
    ["<script>alert(1)</script> & co", "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"],
    ["# heading", "\\# heading"],
    ["back\\slash", "back\\\\slash"],
    ["${x} costs $5", "\\${x} costs \\$5"],
    ["- item", "\\- item"],
    ["+ item", "\\+ item"],
    ["=====", "\\====="],
    ["1. first", "1\\. first"],
    ["12) twelfth", "12\\) twelfth"],
    ["a - b, 1. c", "a - b, 1. c"],
    ["emoji 😀", "emoji 😀"],
  ])("%j renders literally as %s", (value, markdown) => {
    expect(markdownText(value)).toBe(markdown);
  });

  test("a table row stays one row", () => {
    const row = `| ${NASTY.map(markdownText).join(" | ")} |`;
    expect(row).not.toMatch(/[\r\n]/);
    // Every pipe inside a cell is escaped, so the row has exactly one unescaped pipe per cell boundary.
    expect(row.match(/(?<!\\)\|/g)).toHaveLength(NASTY.length + 1);
  });
});

describe("markdownCode", () => {
  test.each([
    ["plain", "`plain`"],
    ["a`b", "``a`b``"],
    ["a``b`c", "```a``b`c```"],
    ["`starts", "`` `starts ``"],
    ["ends`", "`` ends` ``"],
    [" both ", "`  both  `"],
    [" lead", "` lead`"],
    ["   ", "`   `"],
    ["", "` `"],
    ["a\nb", "`a b`"],
    ["a | b", "`a | b`"],
  ])("%j is the code span %s", (value, span) => {
    expect(markdownCode(value)).toBe(span);
  });

  test("escapes pipes inside a table cell, where they would end the cell even in code", () => {
    expect(markdownCode("a | `b`", { inTable: true })).toBe("`` a \\| `b` ``");
  });
});

describe("round trips through the real tools", () => {
  test("every shell-quoted name reaches the command as exactly its bytes (/bin/sh)", () => {
    for (const name of NASTY) {
      const result = spawnSync("/bin/sh", ["-c", `printf %s ${shellQuote(name)}`], { timeout: 10_000 });
      expect(result.status, `sh failed on ${JSON.stringify(name)}: ${String(result.stderr)}`).toBe(0);
      expect(result.stdout.toString("utf8"), JSON.stringify(name)).toBe(name);
    }
  });

  test("a quoted command keeps its arguments apart (/bin/sh)", () => {
    const command = shellCommand(["printf", "%s\\0", ...NASTY]);
    const result = spawnSync("/bin/sh", ["-c", command], { timeout: 10_000 });
    expect(result.status).toBe(0);
    expect(result.stdout.toString("utf8").split("\0")).toEqual([...NASTY, ""]);
  });

  test.skipIf(!hasTerraform)("terraform reads every HCL string literal back as the original name", () => {
    const dir = tempDir("gcguard-hcl-");
    // Outputs of constant strings: `terraform apply` evaluates them with no provider, so it works offline.
    const config = NASTY.map((name, i) => `output "v${i}" {\n  value = ${hclString(name)}\n}\n`).join("\n");
    writeFileSync(path.join(dir, "main.tf"), config);
    expect(terraform(["fmt", "-check", "-no-color", "main.tf"], dir).status, "terraform fmt -check").toBe(0);
    for (const args of [
      ["init", "-input=false", "-no-color"],
      ["apply", "-auto-approve", "-input=false", "-no-color"],
    ]) {
      const run = terraform(args, dir);
      expect(run.status, `terraform ${args[0]}: ${String(run.stderr)}`).toBe(0);
    }
    const output = terraform(["output", "-json"], dir);
    expect(output.status).toBe(0);
    const values = JSON.parse(String(output.stdout)) as Record<string, { value: string }>;
    expect(NASTY.map((_, i) => values[`v${i}`]?.value)).toEqual(NASTY);
  });
});
