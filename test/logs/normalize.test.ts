/**
 * The input layer, one transform at a time, on lines taken from real logs and from the runners' own sources and test
 * vectors (docs/log-formats.md cites each).
 */
import { describe, expect, test } from "vitest";

import type { LogLine, LogShape } from "../../lib/logs/normalize";
import { LogNormalizer } from "../../lib/logs/normalize";
import { visibleText } from "../../lib/logs/terminal";

function normalize(raw: readonly string[]): { lines: LogLine[]; shape: LogShape } {
  const lines: LogLine[] = [];
  const n = new LogNormalizer((l) => lines.push(l));
  for (const r of raw) n.push(r);
  return { lines, shape: n.end() };
}
const texts = (raw: readonly string[]) => normalize(raw).lines.map((l) => l.text);
const ESC = "\u001b";

describe("terminal", () => {
  test("drops colour and cursor codes, a CR LF ending, and keeps what a CR redraw left", () => {
    expect(
      visibleText(`${ESC}[31m│${ESC}[0m ${ESC}[0m${ESC}[1m${ESC}[31mError: ${ESC}[0m${ESC}[0m${ESC}[1mboom${ESC}[0m\r`),
    ).toEqual({
      text: "│ Error: boom",
      crlf: true,
      ansi: true,
    });
    // cdktf in a pipe: the status area is erased with cursor codes before the next entry
    expect(
      visibleText(
        `${ESC}[2K${ESC}[1A${ESC}[2K${ESC}[1A${ESC}[2K${ESC}[Gglobex-eu  ${ESC}[0m${ESC}[1mInitializing the backend...${ESC}[0m`,
      ).text,
    ).toBe("globex-eu  Initializing the backend...");
    expect(visibleText("Still creating... [10s elapsed]\rStill creating... [20s elapsed]").text).toBe(
      "Still creating... [20s elapsed]",
    );
  });

  test("removes Jenkins console notes and Buildkite timestamps, and other control bytes", () => {
    // seacephos/splunk-devops-plugin PlainTextConsoleUtilsTest.java: a raw build log line with a note
    expect(
      visibleText(`${ESC}[8mha:////4KIKPqK5tXCDtTm83KR8dOlkGTotzP4liGbxukwLqvjJAA${ESC}[0m[Pipeline] }`).text,
    ).toBe("[Pipeline] }");
    expect(visibleText(`${ESC}_bk;t=1700000000000\u0007Error: boom`).text).toBe("Error: boom");
    expect(visibleText("a\u0000b\u0007c\td").text).toBe("abc\td");
  });
});

describe("CI runner framing", () => {
  test("GitHub Actions: BOM, timestamps, group and command lines, the failing step's footer", () => {
    // actions/runner Logging.cs: `{UtcNow:O} {message}`; lines from a real failed terraform job log
    const { lines, shape } = normalize([
      "\ufeff2026-04-22T18:47:07.6100870Z Current runner version: '2.333.1'",
      "2026-04-22T18:47:50.0125949Z ##[group]Run terraform apply -auto-approve -input=false",
      `2026-04-22T18:47:50.0126391Z ${ESC}[36;1mterraform apply -auto-approve -input=false${ESC}[0m`,
      "2026-04-22T18:47:50.0170017Z ##[endgroup]",
      "2026-04-22T18:48:14.4602605Z ╷",
      "2026-04-22T18:48:14.4603803Z │ Error: listing role definitions: could not find role `Azure Event Hubs Schema Registry Reader`",
      "2026-04-22T18:48:14.4609419Z ╵",
      "2026-04-22T18:48:14.8206906Z ##[error]Process completed with exit code 1.",
    ]);
    expect(lines.map((l) => l.text)).toEqual([
      "Current runner version: '2.333.1'",
      "terraform apply -auto-approve -input=false",
      "╷",
      "│ Error: listing role definitions: could not find role `Azure Event Hubs Schema Registry Reader`",
      "╵",
      "Process completed with exit code 1.",
    ]);
    expect(shape.runners).toEqual(["github-actions"]);
    expect(shape.runFailures).toEqual([{ line: 8, text: "Process completed with exit code 1." }]);
  });

  test("gh run view --log: the job and step columns", () => {
    const { lines, shape } = normalize([
      "quality (node 24)\tRun npm test\t2026-08-23T03:24:27.3132732Z ##[error]Process completed with exit code 1.",
    ]);
    expect(lines.map((l) => l.text)).toEqual(["Process completed with exit code 1."]);
    expect(shape.runners).toEqual(["gh-cli", "github-actions"]);
  });

  test("Azure Pipelines: section lines tell it from GitHub; the Bash task's failure footer", () => {
    // a real failed Bash-task log
    const { lines, shape } = normalize([
      "2026-06-25T19:04:13.3606581Z ##[section]Starting: Build Gradle",
      "2026-06-25T19:04:13.5168660Z [command]/bin/bash /opt/agent/_temp/daf20841-1577-44a0-bc0f-bce43e395f1d.sh",
      "2026-06-25T19:04:21.4623108Z ##[error]Bash exited with code '1'.",
      "2026-06-25T19:04:21.4652044Z ##[section]Finishing: Build Gradle",
    ]);
    expect(lines.map((l) => l.text)).toEqual([
      "[command]/bin/bash /opt/agent/_temp/daf20841-1577-44a0-bc0f-bce43e395f1d.sh",
      "Bash exited with code '1'.",
    ]);
    expect(shape.runners).toEqual(["azure-pipelines"]);
    expect(shape.runFailures).toHaveLength(1);
  });

  test("GitLab: 32-byte headers, '+' continuations, carriage-return flushes and sections (the runner's own vectors)", () => {
    // gitlab-runner timestamper_test.go: ten writes of ".\r" then "Done.\r\n" on stream ff/stderr
    const progress = [
      "2021-01-01T03:00:00.020010Z ffE PREFIX Progress bar: .\r",
      ...Array.from({ length: 9 }, (_, i) => `2021-01-01T${String(4 + i).padStart(2, "0")}:00:00.020010Z ffE+.\r`),
      "2021-01-01T13:00:00.020010Z ffE+Done.\r",
      "2021-01-01T14:00:00.020010Z ffE PREFIX Another windows new-line\r",
      "2021-01-01T15:00:00.020010Z ffE PREFIX multiple",
      "2021-01-01T16:00:00.020010Z ffE new",
      // TestCarriageReturnDoesNotSplitWrite
      `2021-01-01T01:00:00.020010Z 01O section_start:123:foo\r${ESC}[0K`,
      `2021-01-01T02:00:00.020010Z 01O+section_end:123:foo\r${ESC}[0K`,
      `2026-05-08T09:28:58.424825Z 00O ${ESC}[31;1mERROR: Job failed: exit status 1${ESC}[0;m`,
    ];
    const { lines, shape } = normalize(progress);
    expect(lines.map((l) => l.text)).toEqual([
      "Done.",
      "PREFIX Another windows new-line",
      "PREFIX multiple",
      "new",
      "",
      "ERROR: Job failed: exit status 1",
    ]);
    expect(lines[0]?.no).toBe(1);
    expect(shape.runners).toEqual(["gitlab"]);
    expect(shape.runFailures).toHaveLength(1);
  });

  test("GitLab without timestamps: section markers glued to text (a real 16.3 trace)", () => {
    expect(
      texts([
        `section_end:1694763179:prepare_executor\r${ESC}[0Ksection_start:1694763179:prepare_script\r${ESC}[0K${ESC}[0K${ESC}[36;1mPreparing environment${ESC}[0;m${ESC}[0;m`,
        `${ESC}[0Ksection_start:1560896352:my_first_section\r${ESC}[0KHeader of the 1st collapsible section`,
      ]),
    ).toEqual(["Preparing environment", "Header of the 1st collapsible section"]);
  });

  test("Jenkins: the Timestamper prefix, console notes, Pipeline lines and the build's end", () => {
    const { lines, shape } = normalize([
      "[2022-01-12T19:00:00.613Z] Started by timer",
      `[2022-01-12T19:01:00.584Z] ${ESC}[8mha:////4KY/nBiyccGoc9OKNQirqOjwEcX/CTScoTrGPCj/nnzYAAAApB+LCAAAAAAAA${ESC}[0m[Pipeline] sh`,
      "[2022-01-12T19:01:00.905Z] + terraform apply",
      "[2022-01-12T19:01:22.392Z] ERROR: script returned exit code 1",
      "[2022-01-12T19:01:22.399Z] Finished: FAILURE",
    ]);
    expect(lines.map((l) => l.text)).toEqual([
      "Started by timer",
      "+ terraform apply",
      "ERROR: script returned exit code 1",
      "Finished: FAILURE",
    ]);
    expect(shape.runners).toEqual(["jenkins"]);
    expect(shape.runFailures).toHaveLength(2);
  });

  test("Jenkins web view copied from a browser: clock stamps, taken off only when most lines have them", () => {
    // MyPureCloud/terraform-provider-genesyscloud#596
    expect(
      texts([
        "15:20:01  Terraform v1.5.5",
        "15:20:01  on linux_amd64",
        "",
        "Flow publish failed.",
        "15:26:11  │ ",
        "15:26:11  │ session",
      ]),
    ).toEqual(["Terraform v1.5.5", "on linux_amd64", "", "Flow publish failed.", "│ ", "│ session"]);
    expect(texts(["10:20:30  ordinary text", "more text", "and more", "plain", "lines"])[0]).toBe(
      "10:20:30  ordinary text",
    );
  });
});

describe("cdktf framing", () => {
  test("stack prefixes, continuation lines under the name, the status area and the CLI's lines", () => {
    // lines of cdktf/deploy-piped.log (cdktf-cli 0.21), colour already removed by the terminal layer
    const { lines, shape } = normalize([
      "⠋  Synthesizing",
      "[2026-12-02T12:59:25.794] [ERROR] default - synthesized cdktf.out/stacks/globex-eu/cdk.tf.json (0 adopted)",
      "0 Stacks deploying     0 Stacks done     0 Stacks waiting",
      "globex-eu  Initializing the backend...",
      "globex-eu  ╷",
      "           │ Error: Failed to create group GC-Sales-Agents: API Error: 409 - x (c566cab8-b8be-4e31-8e6f-eb56c58b4742)",
      "           │   with genesyscloud_group.sales_agents (groups/sales_agents/Default),",
      "",
      "1 Stack deploying     0 Stacks done     0 Stacks waiting",
      "globex-eu  Error: Failed to create division X error: API Error: 409 - y (c908872b-ccfb-4b09-84a4-734f22f74ce9)",
      "             with genesyscloud_auth_division.x (divisions/x/Default),",
      "Invoking Terraform CLI failed with exit code 1",
    ]);
    expect(lines.map((l) => [l.stack ?? "-", l.text])).toEqual([
      ["-", "synthesized cdktf.out/stacks/globex-eu/cdk.tf.json (0 adopted)"],
      ["globex-eu", "Initializing the backend..."],
      ["globex-eu", "╷"],
      [
        "globex-eu",
        "│ Error: Failed to create group GC-Sales-Agents: API Error: 409 - x (c566cab8-b8be-4e31-8e6f-eb56c58b4742)",
      ],
      ["globex-eu", "│   with genesyscloud_group.sales_agents (groups/sales_agents/Default),"],
      ["globex-eu", ""],
      [
        "globex-eu",
        "Error: Failed to create division X error: API Error: 409 - y (c908872b-ccfb-4b09-84a4-734f22f74ce9)",
      ],
      ["globex-eu", "  with genesyscloud_auth_division.x (divisions/x/Default),"],
    ]);
    expect(shape.stacks).toEqual(["globex-eu"]);
    expect(shape.cdktfLogger).toBe(true);
    expect(shape.runFailures).toEqual([{ line: 12, text: "Invoking Terraform CLI failed with exit code 1" }]);
  });

  test("interleaved stacks keep their own lines; a two-space gap in ordinary text is not a stack", () => {
    const { lines } = normalize([
      "globex-eu  ╷",
      "globex-us  ╷",
      "globex-eu  │ Error: a",
      "globex-us  │ Error: b",
      "Terraform  will not be read as a stack",
    ]);
    expect(lines.map((l) => [l.stack ?? "-", l.text])).toEqual([
      ["globex-eu", "╷"],
      ["globex-us", "╷"],
      ["globex-eu", "│ Error: a"],
      ["globex-us", "│ Error: b"],
      ["-", "Terraform  will not be read as a stack"],
    ]);
  });
});

describe("pastes", () => {
  test("Markdown around a pasted line comes off", () => {
    expect(texts(["`Error: 409 Conflict: A client grant already exists`", "**╷", "╷**"])).toEqual([
      "Error: 409 Conflict: A client grant already exists",
      "╷",
      "╷",
    ]);
  });
});
