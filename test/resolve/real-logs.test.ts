/**
 * resolve on logs captured from the real tools (test/resolve/fixtures/real/README.md): cdktf-cli 0.21 in every
 * output mode, terraform 1.11 human and -json, the same logs as each CI runner frames them, and error texts pasted
 * into public issues. Each case pins what a user relies on: the exit code, the class, the address (unchanged,
 * whatever its form), the stack, and what is not Genesys's.
 */
import { createReadStream, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

import { describe, expect, test } from "vitest";

import { logLines } from "../../lib/logs/input";
import { resolveCommand } from "../../lib/resolve/command";
import { describeFailure } from "../../lib/errors";

const REAL = path.join(__dirname, "fixtures", "real");

interface Outcome {
  readonly exit: number;
  /** `kind address [stack]`, in log order; `<source` marks an address recovered from elsewhere in the log. */
  readonly failures: readonly string[];
  readonly notGenesys?: readonly string[];
  readonly unattributed?: number;
}

interface JsonReport {
  failures: { kind: string; address?: string; stack?: string; addressSource?: string }[];
  notGenesys: { provider?: string; address?: string }[];
  unattributed: unknown[];
}

/** Runs resolve on lines as the CLI does, offline (no Genesys lookups); a thrown error becomes its exit code. */
async function resolveLines(
  lines: AsyncIterable<string>,
  name: string,
  flags: Record<string, unknown> = {},
): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  try {
    const code = await resolveCommand(
      lines,
      name,
      { offline: true, write: false, format: "json", ...flags },
      {
        stdout: (t) => (out += t),
        stderr: (t) => (err += t),
        env: {},
        stdinIsTty: false,
        confirm: () => Promise.resolve(false),
      },
    );
    return { code, out, err };
  } catch (e) {
    const failure = describeFailure(e);
    return { code: failure.exitCode, out, err: err + failure.text };
  }
}

/** Runs resolve on a fixture as the CLI does, the input layer included. */
function resolveFile(
  rel: string,
  flags: Record<string, unknown> = {},
): Promise<{ code: number; out: string; err: string }> {
  return resolveLines(logLines(createReadStream(path.join(REAL, rel)) as AsyncIterable<Uint8Array>, rel), rel, flags);
}

async function* linesOf(text: string, prefix = ""): AsyncGenerator<string> {
  for (const line of text.split("\n")) yield prefix + line;
}

function summary(out: string): Outcome {
  const r = JSON.parse(out) as JsonReport;
  return {
    exit: -1,
    failures: r.failures.map((f) =>
      [
        f.kind,
        `${f.address ?? "-"}${f.addressSource && f.addressSource !== "diagnostic" ? ` <${f.addressSource}` : ""}`,
        f.stack ?? "",
      ]
        .filter((x) => x !== "")
        .join(" "),
    ),
    notGenesys: r.notGenesys.map((f) => `${f.provider ?? "?"} ${f.address ?? "-"}`),
    unattributed: r.unattributed.length,
  };
}

const keys = [
  'name-conflict genesyscloud_group.by_name["GC-Field-Techs"]',
  'name-conflict genesyscloud_group.by_name["Équipe \\"Nuit\\""]',
  'name-conflict genesyscloud_group.by_name["Ops $${var.env}"]',
  'name-conflict genesyscloud_group.by_name["GC-Sales-Agents"]',
  "name-conflict genesyscloud_auth_division.numbered[1]",
  "name-conflict genesyscloud_auth_division.numbered[0]",
  "name-conflict module.team.genesyscloud_routing_queue.q[0]",
];
const sorted = (xs: readonly string[]) => [...xs].sort();
const oneStack = [
  "name-conflict genesyscloud_auth_division.support globex-eu",
  "name-conflict genesyscloud_group.sales_agents globex-eu",
];
const twoStacks = [
  ...oneStack,
  "name-conflict genesyscloud_auth_division.billing_us globex-us",
  "name-conflict genesyscloud_routing_queue.sales_callback globex-us",
];
const login = ["login-failed -"];

/** Every fixture and what resolve must make of it. Failures compare as sets; order follows the log. */
const CASES: Record<string, Outcome> = {
  // cdktf deploy, in each mode the CLI prints in
  "cdktf/deploy-piped.log": { exit: 1, failures: oneStack },
  "cdktf/deploy-ci.log": { exit: 1, failures: oneStack },
  "cdktf/deploy-tty.log": { exit: 1, failures: oneStack },
  "cdktf/deploy-no-color.log": { exit: 1, failures: oneStack },
  "cdktf/deploy-two-stacks-piped.log": { exit: 1, failures: twoStacks },
  "cdktf/deploy-two-stacks-ci.log": { exit: 1, failures: twoStacks },
  "cdktf/deploy-login-refused.log": { exit: 1, failures: ["login-failed - globex-eu"] },
  "cdktf/diff-login-refused-log4js.log": { exit: 1, failures: ["login-failed - globex-eu"] },
  // terraform, human and -json, every address form
  "terraform/keys-human-color.log": { exit: 1, failures: keys },
  "terraform/keys-human-no-color.log": { exit: 1, failures: keys },
  "terraform/keys-json.log": { exit: 1, failures: keys },
  "terraform/delete-refused-human-color.log": {
    exit: 1,
    failures: ["non-empty-division genesyscloud_auth_division.regional <progress line"],
  },
  "terraform/delete-refused-human-no-color.log": {
    exit: 1,
    failures: ["non-empty-division genesyscloud_auth_division.regional <progress line"],
  },
  "terraform/delete-refused-json.log": {
    exit: 1,
    failures: ["non-empty-division genesyscloud_auth_division.regional <apply hook"],
  },
  "terraform/login-refused-human-no-color.log": { exit: 1, failures: login },
  "terraform/login-refused-json.log": { exit: 1, failures: login },
  "terraform/success-human-no-color.log": { exit: 0, failures: [] },
  "terraform/success-json.log": { exit: 0, failures: [] },
  "cdktf/deploy-success-ci.log": { exit: 0, failures: [] },
  "cdktf/diff-success-no-changes-ci.log": { exit: 0, failures: [] },
  // the same, as CI runners log them
  "ci/github-actions-cdktf-deploy.log": { exit: 1, failures: twoStacks },
  "ci/gitlab-terraform-apply.log": { exit: 1, failures: keys },
  "ci/jenkins-terraform-apply.log": {
    exit: 1,
    failures: ["non-empty-division genesyscloud_auth_division.regional <progress line"],
  },
  "ci/azure-pipelines-terraform-apply-json.log": { exit: 1, failures: keys },
  "ci/gh-run-view-login-refused.log": { exit: 1, failures: login },
  // pasted into public issues
  "pasted/genesys-733-division-delete-no-address.txt": {
    exit: 1,
    failures: ["non-empty-division genesyscloud_auth_division.Banking <progress line"],
  },
  "pasted/genesys-1578-queue-400-bold-box.txt": {
    exit: 1,
    failures: ["other genesyscloud_routing_queue.AB_BOS_Billing_Q"],
  },
  "pasted/genesys-1133-resourcename-no-blank-lines.txt": {
    exit: 1,
    failures: ["forbidden genesyscloud_tf_export.export"],
  },
  "pasted/genesys-1461-version-conflict.txt": {
    exit: 1,
    failures: ["version-conflict genesyscloud_telephony_providers_edges_phone.ManjuWebRTC"],
  },
  "pasted/genesys-186-tfc-web-copy.txt": {
    exit: 1,
    failures: ["other data.genesyscloud_telephony_providers_edges_trunkbasesettings.trunkBaseSettingSBC"],
  },
  "pasted/genesys-277-403-no-box.txt": { exit: 1, failures: ["forbidden -"] },
  "pasted/genesys-596-jenkins-clock-stamps.txt": { exit: 1, failures: [], unattributed: 1 },
  "pasted/auth0-273-429-box.txt": {
    exit: 1,
    failures: [],
    notGenesys: [
      "auth0 module.emails.auth0_email_template.enrollment_email",
      "auth0 module.rbac.auth0_role_permissions.idt_ff_offline_reader",
    ],
  },
  "pasted/auth0-404-409-inline.txt": { exit: 1, failures: [], unattributed: 1 },
  "pasted/aws-20032-409-already-exists.txt": { exit: 1, failures: [], notGenesys: ["aws aws_iam_group.tf_dinzpy"] },
  "pasted/aws-24405-terraform-0.12-409.txt": { exit: 1, failures: [], notGenesys: ["aws aws_s3_bucket.test"] },
  "pasted/google-196-409-spinner-corner.txt": {
    exit: 1,
    failures: [],
    notGenesys: [
      'google google_bigquery_dataset.feedback_dataset["prod"]',
      'google google_bigquery_dataset.feedback_dataset["staging"]',
    ],
  },
  // what users hand over that is not a clean log
  "inputs/keys-json-cut-mid-line.log": { exit: 1, failures: ["name-conflict -"], unattributed: 7 },
  "inputs/keys-human-cut-while-creating.log": { exit: 1, failures: [], unattributed: 1 },
  "inputs/login-refused-utf16le.log": { exit: 1, failures: login },
};

/** Inputs that are not apply logs: exit 2 with a message naming what they are. */
const NOT_LOGS: Record<string, RegExp> = {
  "terraform/delete-plan.json": /this is a Terraform JSON plan .*pass it with --plan/,
  "inputs/terraform.tfstate": /this is a Terraform state file/,
  "inputs/plan.out.bin": /this is a zip archive \(a saved Terraform plan/,
  "inputs/empty.log": /the log is empty/,
  "inputs/blank-lines.log": /the log is empty/,
  "inputs/success-human-cut-in-plan.log": /the log ends before Terraform says how the run ended/,
  "inputs/success-json-cut-before-summary.log": /the log ends before Terraform says how the run ended/,
};

describe("resolve on real logs", () => {
  test.each(Object.entries(CASES))("%s", async (rel, expected) => {
    const { code, out, err } = await resolveFile(rel);
    expect(code, err).toBe(expected.exit);
    const got = summary(out);
    expect(sorted(got.failures)).toEqual(sorted(expected.failures));
    expect(sorted(got.notGenesys ?? [])).toEqual(sorted(expected.notGenesys ?? []));
    expect(got.unattributed).toBe(expected.unattributed ?? 0);
  });

  test.each(Object.entries(NOT_LOGS))(
    "fails on %s (not an apply log) with exit 2, naming what it is",
    async (rel, message) => {
      const { code, out, err } = await resolveFile(rel);
      expect(code).toBe(2);
      expect(out).toBe("");
      expect(err).toMatch(message);
      expect(err.split("\n")).toHaveLength(1);
    },
  );

  test("the cdktf construct path comes from the log itself", async () => {
    const { out } = await resolveFile("cdktf/deploy-ci.log");
    const r = JSON.parse(out) as { failures: { address: string; constructPath?: string }[] };
    expect(r.failures.map((f) => [f.address, f.constructPath])).toEqual([
      ["genesyscloud_auth_division.support", "divisions/support/Default"],
      ["genesyscloud_group.sales_agents", "groups/sales_agents/Default"],
    ]);
  });

  test("the plan names a refused delete that the log leaves without address or progress line", async () => {
    // The error block alone (no Destroying line): only --plan can say which resource it was.
    const text = readFileSync(path.join(REAL, "terraform/delete-refused-human-no-color.log"), "utf8");
    const errorOnly = text.slice(text.indexOf("Error:"));
    const { code, out } = await resolveLines(linesOf(errorOnly), "error.log", {
      plan: path.join(REAL, "terraform/delete-plan.json"),
    });
    expect(code).toBe(1);
    const r = JSON.parse(out) as { failures: { kind: string; address?: string; addressSource?: string }[] };
    expect(r.failures).toMatchObject([
      { kind: "non-empty-division", address: "genesyscloud_auth_division.regional", addressSource: "plan" },
    ]);
  });
});

describe("a CI framing gcguard does not know", () => {
  // A runner that gcguard has no reader for puts its own prefix before every line; resolve must not call that log
  // clean or "not Terraform", but say what to strip.
  test.each([
    ["terraform/keys-human-no-color.log", "[12:00:01] "],
    ["terraform/keys-human-no-color.log", "step-3 | "],
    ["terraform/keys-json.log", "2026-12-02 10:00:00,123 INFO "],
  ])("%s behind %j exits 2 naming the prefix", async (rel, prefix) => {
    const text = readFileSync(path.join(REAL, rel), "utf8");
    const { code, out, err } = await resolveLines(linesOf(text, prefix), "job.log");
    expect(code).toBe(2);
    expect(err).toContain("behind a prefix gcguard does not read");
    expect(err).toContain(JSON.stringify(prefix));
    expect(out).toBe("");
  });
});

/** Lines that show an error, whatever framing surrounds them. */
const ERROR_LINE = /(?:^|[\s│"`*])Error: |"@level":"error"|##\[error\]|ERROR: |Finished: FAILURE|│ /;

describe("resolve never exits 0 on a log that shows an error", () => {
  const files = ["cdktf", "terraform", "ci", "pasted", "inputs"].flatMap((dir) =>
    readdirSync(path.join(REAL, dir)).map((f) => `${dir}/${f}`),
  );
  const older = readdirSync(path.join(__dirname, "fixtures"))
    .filter((f) => statSync(path.join(__dirname, "fixtures", f)).isFile())
    .map((f) => `../${f}`);

  test.each([...files, ...older])("%s", async (rel) => {
    const raw = readFileSync(path.join(REAL, rel));
    const text = raw[0] === 0xff && raw[1] === 0xfe ? raw.subarray(2).toString("utf16le") : raw.toString("utf8");
    const { code } = await resolveFile(rel);
    if (ERROR_LINE.test(text)) expect(code, `${rel} shows an error`).not.toBe(0);
    // Exit 0 only for the logs of applies that succeeded.
    if (code === 0) expect(rel).toMatch(/success|no-errors/);
  });

  test("every real fixture has a case (a new capture needs its expectation)", () => {
    const covered = new Set([...Object.keys(CASES), ...Object.keys(NOT_LOGS)]);
    expect(files.filter((f) => !covered.has(f))).toEqual([]);
  });
});
