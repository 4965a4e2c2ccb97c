/**
 * The README's loop, word for word: the shell block under "The loop: from a failed apply to an empty plan", run by
 * bash in a fresh project that has gcguard installed, with a config that is not the example (its own org name,
 * names with `"`, `${` and `%{`, a collision that differs only in case). Only the block's two parameter lines
 * (STACK, PORT) take this test's values. It ends with an empty plan.
 */
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";

import { describe, expect, test } from "vitest";

import { tempDir } from "../helpers";
import { TERRAFORM_VERSION } from "./harness";

const ROOT = path.join(__dirname, "..", "..");

/** The shell block of a README section. */
export function readmeBlock(heading: string): string {
  const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
  const at = readme.indexOf(`\n## ${heading}\n`);
  if (at < 0) throw new Error(`README has no section "${heading}"`);
  const start = readme.indexOf("```sh\n", at);
  const end = readme.indexOf("\n```\n", start);
  return readme.slice(start + "```sh\n".length, end);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

const CONFIG = `version: 1
orgs:
  - name: initech-emea
    divisions:
      - name: Home
        mode: home
      - name: Customer Support # the demo org has "customer support": a collision that differs only in case
        key: support
      - name: 'Ops "\${var.env}" %{if x}'
        key: ops
    scimGroups:
      - name: GC-Sales-Agents # exists in the demo org, filled by SCIM
        key: sales_agents
      - name: 'Tier "2" \${team}'
        key: tier2
    queues:
      - name: Sales Callback # exists in the demo org, with direct members
        groups: [GC-Sales-Agents]
      - name: 'Night "\${shift}"'
        division: 'Ops "\${var.env}" %{if x}'
        groups: ['Tier "2" \${team}']
        settings:
          description: 'Calls for \${region} and %{if} "EU" \\\\ done'
`;

describe.runIf(TERRAFORM_VERSION !== undefined)("the README's loop", () => {
  test("plan, gate, a failed apply, resolve, synth, apply, an empty plan: word for word", async () => {
    const dir = tempDir("gcguard-readme-loop-");
    mkdirSync(path.join(dir, "node_modules", ".bin"), { recursive: true });
    symlinkSync(path.join(ROOT, "scripts", "gcguard.cjs"), path.join(dir, "node_modules", ".bin", "gcguard"));
    writeFileSync(path.join(dir, "gcguard.config.yaml"), CONFIG);
    const port = await freePort();
    const script = readmeBlock("The loop: from a failed apply to an empty plan")
      .replace(/^STACK=.*$/m, "STACK=initech-emea")
      .replace(/^PORT=.*$/m, `PORT=${port}`);
    writeFileSync(path.join(dir, "loop.sh"), script);

    const run = await new Promise<{ code: number; out: string }>((resolve) => {
      const child = spawn("bash", ["-e", "loop.sh"], {
        cwd: dir,
        detached: true,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let out = "";
      child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
      child.stderr.setEncoding("utf8").on("data", (d: string) => (out += d));
      // "exit", not "close": a background emulator left running would hold the pipes open.
      child.on("exit", (code) => {
        // The block ends with `kill %1`; should it stop early, the emulator must not outlive the test.
        try {
          process.kill(-(child.pid ?? 0), "SIGTERM");
        } catch {
          // already gone
        }
        resolve({ code: code ?? 1, out });
      });
    });
    expect(run.code, run.out.slice(-4000)).toBe(0);
    // The gate and the apply met the collisions; resolve adopted them under the config's own stack.
    expect(run.out).toContain("GCG101");
    expect(run.out).toMatch(/Failed to create division Customer Support error: API Error: 409/);
    const manifest = JSON.parse(readFileSync(path.join(dir, "gcguard.imports.json"), "utf8")) as {
      stacks: Record<string, Record<string, unknown>>;
    };
    expect(Object.keys(manifest.stacks)).toEqual(["initech-emea"]);
    expect(Object.keys(manifest.stacks["initech-emea"] ?? {}).sort()).toEqual([
      "genesyscloud_auth_division.support",
      "genesyscloud_group.sales_agents",
      "genesyscloud_routing_queue.sales_callback",
    ]);
    // The last command is the plan: "No changes." and exit 0 (bash -e would have stopped on exit 2).
    expect(run.out.slice(-800)).toContain("No changes.");
  }, 300_000);
});
