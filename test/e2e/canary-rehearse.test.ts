/**
 * The canary test for `gcguard rehearse` (issue 20, "secret hygiene by construction"; the other commands:
 * test/secrets/canary.test.ts): canary values in every credential variable of the caller's environment, with
 * GCGUARD_DEBUG=1 and TF_LOG=DEBUG (and a TF_LOG_PATH), rehearse run in-process through its success path, an apply
 * that hits 409s, a plan that fails and a bad workdir, and every stream (the io's and the process's own, where the
 * debug log goes) and every file under the workdir searched for each canary. The rehearsal's own secrets are
 * canaries too: the rehearsal client's secret and every token the emulator issued, caught by wrapping
 * `startEmulator`.
 */
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";

import { afterAll, describe, expect, test, vi } from "vitest";

import type * as Emulator from "../../lib/emulator";
import type { EmulatorOptions, RunningEmulator } from "../../lib/emulator";
import type { Seed } from "../../lib/emulator/seed";
import { tempDir } from "../helpers";
import { captureRun, filesUnder } from "../secrets/capture";
import { cleanSeed, TERRAFORM_VERSION } from "./harness";

/** What the rehearsals' emulators were given and gave out: the rehearsal client's secret, the tokens issued. */
const issued = vi.hoisted(() => ({ secrets: [] as string[], tokens: [] as string[] }));

vi.mock("../../lib/emulator", async (importOriginal) => {
  const actual = await importOriginal<typeof Emulator>();
  const startEmulator = async (options: EmulatorOptions = {}): Promise<RunningEmulator> => {
    const emulator = await actual.startEmulator(options);
    const clients = (options.seed as Seed | undefined)?.clients ?? [];
    for (const client of clients) if (client.id === "gcguard-rehearse") issued.secrets.push(client.secret);
    const tokens = emulator.context.tokens;
    const issue = tokens.issue.bind(tokens);
    tokens.issue = (...args) => {
      const token = issue(...args);
      issued.tokens.push(token);
      return token;
    };
    return emulator;
  };
  return { ...actual, startEmulator };
});

const ROOT = path.join(__dirname, "..", "..");
const CONFIG = path.join(ROOT, "examples", "gcguard.config.yaml");

const CANARY = {
  id: "canary-id-4e8b2d7a-client",
  secret: "canary-secret-Rw5Kp8Zt3Lq6Vn1Xs4",
  token: "canary-token-Jd2Gh7Mc9Pf4Tb6Wy1",
  stackId: "canary-stack-id-Nq3Hx8Lv5",
  stackSecret: "canary-stack-secret-Fz7Cu2Ke9R",
  idpToken: "canary-idp-token-Yb4Wm1Sd6Qa",
} as const;

/** The caller's credentials: the provider's variables, the per-stack overrides of the example's stack, the IdP's. */
const CALLER_ENV: NodeJS.ProcessEnv = {
  GENESYSCLOUD_OAUTHCLIENT_ID: CANARY.id,
  GENESYSCLOUD_OAUTHCLIENT_SECRET: CANARY.secret,
  GENESYSCLOUD_ACCESS_TOKEN: CANARY.token,
  GCGUARD_ACME_PROD_GENESYSCLOUD_OAUTHCLIENT_ID: CANARY.stackId,
  GCGUARD_ACME_PROD_GENESYSCLOUD_OAUTHCLIENT_SECRET: CANARY.stackSecret,
  GCGUARD_IDP_TOKEN: CANARY.idpToken,
  GCGUARD_DEBUG: "1",
  TF_LOG: "DEBUG",
};

const basic = (id: string, secret: string) => Buffer.from(`${id}:${secret}`).toString("base64");

/** Every canary, and the Basic headers the caller's and the rehearsal's credentials would make. */
function canaryForms(): string[] {
  return [
    ...Object.values(CANARY),
    basic(CANARY.id, CANARY.secret),
    basic(CANARY.stackId, CANARY.stackSecret),
    ...issued.secrets,
    ...issued.secrets.map((secret) => basic("gcguard-rehearse", secret)),
    ...issued.tokens,
  ];
}

const gcguard = captureRun;

describe.skipIf(!TERRAFORM_VERSION)("no canary reaches any stream or file of gcguard rehearse", () => {
  const checked: { path: string; code: number; files: number }[] = [];
  const leaks: string[] = [];

  afterAll(() => {
    const files = checked.reduce((n, c) => n + c.files, 0);
    process.stderr.write(
      `[canary] rehearse: ${checked.length} runs over 1 command (${checked.map((c) => c.path).join("; ")}), ` +
        `${canaryForms().length} canary forms (${issued.tokens.length} tokens the emulators issued) searched in ` +
        `every stream and ${files} files, ${leaks.length} found\n${leaks.map((l) => `  ${l}\n`).join("")}`,
    );
  });

  /** Runs one case in a fresh directory (its workdir and TF_LOG_PATH inside) and records any canary found. */
  async function check(pathName: string, argv: (dir: string) => string[]) {
    const dir = tempDir("gcguard-canary-rh-");
    const env = { ...process.env, ...CALLER_ENV, TF_LOG_PATH: path.join(dir, "terraform-debug.log") };
    const result = await gcguard(argv(dir), env);
    const files = filesUnder(dir);
    checked.push({ path: pathName, code: result.code, files: files.length });
    for (const { file, text } of [{ file: "(streams)", text: result.text }, ...files]) {
      for (const canary of canaryForms()) if (text.includes(canary)) leaks.push(`${pathName}: ${canary} in ${file}`);
    }
    // terraform's debug log dumps the provider's requests and could not be redacted: rehearse keeps it off.
    if (existsSync(path.join(dir, "terraform-debug.log"))) leaks.push(`${pathName}: terraform-debug.log written`);
    return { ...result, files };
  }

  /** A seed file: the test's input, outside the folder searched (a seed holds its clients' secrets by design). */
  const seedFile = (seed: Seed): string => {
    const file = path.join(tempDir("gcguard-canary-rh-input-"), "seed.json");
    writeFileSync(file, JSON.stringify(seed));
    return file;
  };

  test("success, an apply that hits 409s, a plan that fails, a bad workdir: nothing found", async () => {
    const rehearse = (dir: string, ...extra: string[]) => [
      "rehearse",
      "--config",
      CONFIG,
      "--workdir",
      path.join(dir, "work"),
      ...extra,
    ];
    const clean = await check("success: a clean org", (dir) => rehearse(dir, "--seed", seedFile(cleanSeed())));
    expect(clean.code).toBe(0);
    expect(clean.text).toContain("Apply: succeeded against the emulator");
    expect(clean.text).toContain("[genesys] 200 GET"); // the debug log was on

    const conflicts = await check("failure: the apply hits 409s", (dir) => rehearse(dir));
    expect(conflicts.code).toBe(1);
    expect(conflicts.text).toContain("Apply: FAILED");
    expect(conflicts.files.map((f) => path.basename(f.file))).toEqual(
      expect.arrayContaining(["plan.json", "apply.json.log", "terraform.acme-prod.tfstate", "imports.tf"]),
    );

    // The manifest adopts Billing by id; an org without it fails at plan, and terraform's output is in the error.
    const withoutBilling = cleanSeed();
    const billing = withoutBilling.divisions.find((d) => d.name === "Billing")?.id;
    withoutBilling.divisions = withoutBilling.divisions.filter((d) => d.id !== billing);
    withoutBilling.users = withoutBilling.users.filter((u) => u.divisionId !== billing);
    withoutBilling.objects = Object.fromEntries(
      Object.entries(withoutBilling.objects).map(([kind, objects]) => [
        kind,
        (objects ?? []).filter((o) => o.divisionId !== billing),
      ]),
    );
    const planFails = await check("failure: terraform plan fails", (dir) =>
      rehearse(dir, "--seed", seedFile(withoutBilling)),
    );
    expect(planFails.code).not.toBe(0);
    expect(planFails.text).toContain("terraform plan failed");

    const badWorkdir = await check("failure: --workdir is a file", (dir) => {
      writeFileSync(path.join(dir, "work"), "");
      return rehearse(dir);
    });
    expect(badWorkdir.code).toBe(2);

    expect(issued.tokens.length).toBeGreaterThan(0);
    expect(leaks).toEqual([]);
  }, 180_000);
});
