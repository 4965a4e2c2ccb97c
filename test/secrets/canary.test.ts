/**
 * The canary test (issue 20, "secret hygiene by construction"): canary values in the credential variables (client
 * id, secret, token, per-stack overrides; also the id and secret swapped or equal), every command run in-process
 * through `run(argv, io)` on its success and failure paths with GCGUARD_DEBUG=1, and every stream (the io's stdout
 * and stderr, and the process's own, where the debug log goes) and every file written searched for each canary.
 * `emulator` is run here with --write-seed; a serving emulator has its own canary (test/secrets/emulator-canary.test.ts)
 * and `rehearse`, which needs terraform, is in the e2e suite (test/e2e/canary-rehearse.test.ts).
 */
import { writeFileSync } from "node:fs";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { DEMO_SEED_FILE } from "../../lib/emulator";
import { loadSeedFile } from "../../lib/emulator/seed";
import { useEmulator } from "../emulator/helpers";
import { tempDir } from "../helpers";
import { captureRun, filesUnder } from "./capture";

const ROOT = path.join(__dirname, "..", "..");
const CONFIG = path.join(ROOT, "examples", "gcguard.config.yaml");

const CANARY = {
  id: "canary-id-7f3a9c1e-client",
  secret: "canary-secret-Qm3Zr8Wk2Xv7Np4Lt9",
  wrongSecret: "canary-wrong-secret-Hy1Dj5Fs0Gu",
  token: "canary-token-Bc6Hy1Dj5Fs0GuQm3Zr8",
  stackSecret: "canary-stack-secret-Lw9XzR4pN8",
  idpToken: "canary-idp-token-Xv7Np4Lt9Bc6",
  /** Only in the apply log, never in a variable: the patterns alone must catch it. */
  logToken: "eyJhbGciOiJSUzI1NiJ9.Y2FuYXJ5LWxvZy10b2tlbg.c2lnbmF0dXJlLWNhbmFyeQ",
  logSecret: "canary-log-secret-Tk2Xv7Np4L",
} as const;

const basic = (id: string, secret: string) => Buffer.from(`${id}:${secret}`).toString("base64");

const seed = loadSeedFile(DEMO_SEED_FILE);
const seedWithCanary = {
  ...seed,
  clients: [
    ...seed.clients,
    { id: CANARY.id, secret: CANARY.secret, permissions: "*" as const, divisions: "*" as const },
  ],
};

const ID = "GENESYSCLOUD_OAUTHCLIENT_ID";
const SECRET = "GENESYSCLOUD_OAUTHCLIENT_SECRET";
const TOKEN = "GENESYSCLOUD_ACCESS_TOKEN";

/** The credential cases every command that reaches Genesys runs under; `issued` is a token the emulator gave out. */
function credentialCases(issued: string): Record<string, NodeJS.ProcessEnv> {
  return {
    "good client": { [ID]: CANARY.id, [SECRET]: CANARY.secret },
    "wrong secret": { [ID]: CANARY.id, [SECRET]: CANARY.wrongSecret },
    "id and secret swapped": { [ID]: CANARY.secret, [SECRET]: CANARY.id },
    "id equal to the secret": { [ID]: CANARY.secret, [SECRET]: CANARY.secret },
    "good token": { [TOKEN]: issued, [ID]: CANARY.id, [SECRET]: CANARY.secret },
    "refused token": { [TOKEN]: CANARY.token },
    "per-stack override": {
      [ID]: CANARY.id,
      [SECRET]: CANARY.secret,
      [`GCGUARD_ACME_${ID}`]: CANARY.id,
      [`GCGUARD_ACME_${SECRET}`]: CANARY.stackSecret,
    },
  };
}

/** Every canary in each encoding it could leak in: as is, and as the Basic header of either order. */
function canaryForms(issued: string): string[] {
  const values = [...Object.values(CANARY), issued];
  return [
    ...values,
    basic(CANARY.id, CANARY.secret),
    basic(CANARY.secret, CANARY.id),
    basic(CANARY.id, CANARY.wrongSecret),
    basic(CANARY.secret, CANARY.secret),
  ];
}

/** A `TF_LOG=DEBUG` apply log: the OAuth exchange and requests dumped, a 409 on Billing, an unattributed error. */
function debugLog(): string {
  const at = "2026-11-20T10:00:01.000Z [DEBUG] provider.terraform-provider-genesyscloud_v1.84.1:";
  return [
    `${at} POST /oauth/token HTTP/1.1`,
    `${at} Authorization: Basic ${basic(CANARY.id, CANARY.secret)}`,
    `${at} grant_type=client_credentials&client_id=${CANARY.id}&client_secret=${CANARY.secret}`,
    `${at} {"access_token":"${CANARY.logToken}","token_type":"bearer","expires_in":86399}`,
    `${at} GET /api/v2/users?access_token=${CANARY.logToken}&pageSize=100 HTTP/1.1`,
    `${at} GET /api/v2/groups?pageSize=100&token=${CANARY.token} HTTP/1.1`,
    `${at} Authorization: Bearer ${CANARY.logToken}`,
    `${at} GENESYSCLOUD_OAUTHCLIENT_SECRET=${CANARY.logSecret}`,
    `${at} GENESYSCLOUD_ACCESS_TOKEN=${CANARY.token}`,
    "╷",
    `│ Error: Failed to create division Billing error: API Error: 409 - A division with that name already exists. (GET https://api.mypurecloud.com/api/v2/authorization/divisions?access_token=${CANARY.logToken})`,
    "│",
    "│   with genesyscloud_auth_division.billing,",
    "│   on cdk.tf.json line 42, in resource.genesyscloud_auth_division.billing:",
    "│   42:       },",
    "│",
    `│ {"resourceType":"genesyscloud_auth_division","errorMessage":"client ${CANARY.id} with secret ${CANARY.secret} and token ${CANARY.token}","access_token":"${CANARY.logToken}"}`,
    "╵",
    "╷",
    `│ Error: error configuring provider: POST https://login.mypurecloud.com/oauth/token?client_secret=${CANARY.logSecret}: {\\"access_token\\":\\"${CANARY.logToken}\\"}`,
    "╵",
  ].join("\n");
}

/** A plan creating the demo org's "Billing" division: a collision, so findings, reports and adoption files. */
function collidingPlan(): Record<string, unknown> {
  return {
    format_version: "1.2",
    resource_changes: [
      {
        address: "genesyscloud_auth_division.billing",
        mode: "managed",
        type: "genesyscloud_auth_division",
        name: "billing",
        change: { actions: ["create"], before: null, after: { name: "Billing" }, after_unknown: { id: true } },
      },
    ],
  };
}

const gcguard = (argv: readonly string[], env: NodeJS.ProcessEnv) => captureRun(argv, { ...env, GCGUARD_DEBUG: "1" });

describe("no canary reaches any stream or file, across every command", () => {
  const api = useEmulator({ seed: seedWithCanary });
  let issued = "";
  const checked: { command: string; path: string; code: number }[] = [];
  const leaks: string[] = [];

  beforeAll(async () => {
    issued = await api().token("gcguard-ci");
  });
  afterAll(() => {
    const commands = new Set(checked.map((c) => c.command)).size;
    const paths = new Set(checked.map((c) => c.path)).size;
    process.stderr.write(
      `[canary] ${checked.length} runs (${commands} commands x their paths, ${paths} distinct paths), ` +
        `${canaryForms(issued).length} canary forms searched in every stream and file, ${leaks.length} found\n`,
    );
  });

  /** Runs one case in a fresh directory and records any canary found in its output or files. */
  async function check(command: string, pathName: string, argv: (dir: string) => string[], env: NodeJS.ProcessEnv) {
    const dir = tempDir("gcguard-canary-");
    const result = await gcguard(argv(dir), env);
    checked.push({ command, path: pathName, code: result.code });
    const places = [{ file: "(streams)", text: result.text }, ...filesUnder(dir)];
    for (const { file, text } of places) {
      for (const canary of canaryForms(issued)) {
        if (text.includes(canary)) leaks.push(`${command} / ${pathName}: ${canary} in ${file}`);
      }
    }
    return result;
  }

  test("commands that reach Genesys, under every credential case", async () => {
    const logDir = tempDir("gcguard-canary-input-");
    const log = path.join(logDir, "apply-debug.log");
    writeFileSync(log, debugLog());
    const plan = path.join(logDir, "plan.json");
    writeFileSync(plan, JSON.stringify(collidingPlan()));
    const csv = path.join(logDir, "idp.csv");
    writeFileSync(csv, "group,userName\nGC-Sales-Agents,ada@acme.example\n");
    const url = api().emulator.url;
    const commands: Record<string, (dir: string) => string[]> = {
      preflight: (dir) => [
        "preflight",
        "--plan",
        `acme=${plan}`,
        "--base-url",
        url,
        "--format",
        `json=${path.join(dir, "report.json")}`,
        "--format",
        `sarif=${path.join(dir, "report.sarif")}`,
        "--format",
        "text",
        "--write-imports",
        dir,
        "--imports",
        path.join(dir, "gcguard.imports.json"),
      ],
      resolve: (dir) => ["resolve", log, "--base-url", url, "--out", dir, "--imports", path.join(dir, "m.json")],
      "resolve --format json": (dir) => ["resolve", log, "--base-url", url, "--format", "json", "--out", dir],
      "scim diff": (dir) => ["scim", "diff", "--export", csv, "--base-url", url, "-o", path.join(dir, "scim.txt")],
      snapshot: (dir) => ["snapshot", "--base-url", url, "--out", path.join(dir, "org.json")],
    };
    const codes: Record<string, number[]> = {};
    const printed: Record<string, string> = {};
    for (const [pathName, env] of Object.entries(credentialCases(issued))) {
      for (const [command, argv] of Object.entries(commands)) {
        const { code, text } = await check(command, pathName, argv, env);
        (codes[command] ??= []).push(code);
        printed[`${command} / ${pathName}`] = text;
      }
    }
    expect(leaks).toEqual([]);
    // resolve echoed the log's error lines, masked rather than dropped.
    expect(printed["resolve / good client"]).toContain("divisions?access_token=[redacted]");
    // Both outcomes were exercised: the good credentials got through, the bad ones were refused (exit 3).
    expect(codes.snapshot).toContain(0);
    expect(codes.snapshot).toContain(3);
    expect(codes.preflight).toContain(1);
    expect(codes.preflight).toContain(3);
  }, 120_000);

  test("commands that never reach Genesys, and usage errors, with every canary set", async () => {
    const env: NodeJS.ProcessEnv = {
      [ID]: CANARY.id,
      [SECRET]: CANARY.secret,
      [TOKEN]: CANARY.token,
      [`GCGUARD_ACME_${SECRET}`]: CANARY.stackSecret,
      GCGUARD_IDP_TOKEN: CANARY.idpToken,
    };
    const input = tempDir("gcguard-canary-input-");
    const log = path.join(input, "apply-debug.log");
    writeFileSync(log, debugLog());
    const empty = path.join(input, "empty.log");
    writeFileSync(empty, "");
    const cases: [string, string, (dir: string) => string[]][] = [
      ["resolve --offline", "success", (dir) => ["resolve", log, "--offline", "--out", dir]],
      ["resolve --offline", "failure: empty input", (dir) => ["resolve", empty, "--offline", "--out", dir]],
      ["resolve --offline", "failure: missing log", (dir) => ["resolve", path.join(dir, "nope.log"), "--offline"]],
      ["synth", "success", (dir) => ["synth", "--config", CONFIG, "--out", path.join(dir, "out")]],
      ["synth", "failure: missing config", (dir) => ["synth", "--config", path.join(dir, "nope.yaml")]],
      ["provider install", "success", (dir) => ["provider", "install", path.join(dir, ".gcguard")]],
      ["emulator --write-seed", "success", (dir) => ["emulator", "--write-seed", path.join(dir, "seed.json")]],
      ["emulator --write-seed", "failure: missing seed", (dir) => ["emulator", "--seed", path.join(dir, "x.yaml")]],
      ["scim diff", "failure: no credentials reach", (dir) => ["scim", "diff", "--export", log, "-o", dir]],
      ["version", "success", () => ["version"]],
      ["--help", "success", () => ["--help"]],
      ["completion", "success", () => ["completion", "bash"]],
      ["usage", "failure: unknown command", () => ["frobnicate", CANARY.secret]],
      ["usage", "failure: unknown option", () => ["preflight", `--client-secret=${CANARY.secret}`]],
    ];
    for (const [command, pathName, argv] of cases) await check(command, pathName, argv, env);
    expect(leaks).toEqual([]);
    expect(checked.filter((c) => c.path.startsWith("failure")).every((c) => c.code !== 0)).toBe(true);
  }, 120_000);
});
