/**
 * `npm start`: the demo, with no Genesys credentials and no terraform. It synthesizes the example org, starts the
 * emulator with the demo org (which holds the traps gcguard exists for), and runs the preflight against it as a
 * pipeline would, with the example state in which "Legacy Sales" was managed by the stack and is now removed.
 * The preflight finds the traps (exit 1). Then the SCIM part: an IdP export's drift against the demo org's groups,
 * a sync, and the diff again. The demo itself exits 0 when all of that worked.
 */
import { renderImportsTf } from "../lib/adoption/render";
import { startEmulator } from "../lib/emulator";
import { describeFailure } from "../lib/errors";
import { preflightCommand } from "../lib/preflight/command";
import type { PreflightFlags } from "../lib/preflight/command";
import { scimDiffCommand, scimSyncCommand } from "../lib/scim/command";
import { renderSynthSummary } from "../lib/stack/summary";
import { synthesize } from "../lib/stack/synth";
import type { VersionedIo } from "../lib/command-io";
import { processIo } from "./command-io";

const CONFIG = "examples/gcguard.config.yaml";
const STATE = "examples/demo.tfstate";
const SCIM_EXPORT = "examples/idp/groups.csv";

const heading = (text: string): void => {
  process.stdout.write(`\n== ${text}\n\n`);
};

/** The demo's io: the process's streams, as a pipeline's client `clientId`; `capture` takes stdout, silencing stderr. */
function demoIo(clientId: string, secret: string, capture?: (text: string) => void): VersionedIo {
  return processIo({
    ...(capture
      ? // Reruns print only what the demo picks from their JSON; the first run shows the gate as a pipeline sees it.
        { stdout: capture, stderr: () => {} }
      : {}),
    env: { ...process.env, GENESYSCLOUD_OAUTHCLIENT_ID: clientId, GENESYSCLOUD_OAUTHCLIENT_SECRET: secret },
    isTty: false,
    stdoutIsTty: false,
  });
}

async function main(): Promise<number> {
  heading("1. Synthesize the example org (examples/gcguard.config.yaml)");
  const synth = synthesize({ config: CONFIG, outdir: "cdktf.out" });
  process.stdout.write(renderSynthSummary(synth).text);

  const emulator = await startEmulator();
  try {
    await preflightSteps(emulator.url);
    await scimSteps(emulator.url);
  } finally {
    await emulator.close();
  }

  heading("Against a real org");
  process.stdout.write(
    [
      "  export GENESYSCLOUD_OAUTHCLIENT_ID=... GENESYSCLOUD_OAUTHCLIENT_SECRET=... GENESYSCLOUD_REGION=eu-west-1",
      "  npx gcguard preflight --config gcguard.config.yaml                  # or --plan <stack>=plan.json (terraform show -json)",
      "  npx gcguard preflight --plan acme-prod=plan.json --format sarif -o preflight.sarif   # in CI; see the README",
      "",
    ].join("\n"),
  );
  return 0;
}

/** Steps 2-4: the gate as a pipeline runs it, the adoptions it would write, and a client that cannot see it all. */
async function preflightSteps(url: string): Promise<void> {
  const flags: PreflightFlags = { config: CONFIG, state: [STATE], baseUrl: url, progress: false };
  heading(`2. Preflight against the demo org on the local emulator (${url})`);
  const code = await preflightCommand(flags, demoIo("gcguard-ci", "demo-secret-ci"));
  process.stdout.write(`\nThe gate's exit code: ${code} (1 = findings: this apply would fail halfway).\n`);

  heading("3. The import blocks --write-imports would write (imports.tf), and the manifest the constructs read");
  let json = "";
  await preflightCommand(
    { ...flags, format: "json" },
    demoIo("gcguard-ci", "demo-secret-ci", (t) => (json += t)),
  );
  const findings = (JSON.parse(json) as { findings: { adoption?: { address: string; id: string; name: string } }[] })
    .findings;
  const blocks = findings.flatMap((f) =>
    f.adoption ? [{ to: f.adoption.address, id: f.adoption.id, comment: f.adoption.name }] : [],
  );
  process.stdout.write(renderImportsTf(blocks, "Adoptions for stack acme-prod"));
  process.stdout.write("(run: npx gcguard preflight --config examples/gcguard.config.yaml --write-imports)\n");

  heading("4. The same check with a BPO client that cannot see one division");
  let bpoJson = "";
  const bpo = await preflightCommand(
    { ...flags, format: "json" },
    demoIo("gcguard-bpo", "demo-secret-bpo", (t) => (bpoJson += t)),
  );
  const unverified = (
    JSON.parse(bpoJson) as { findings: { level: string; code: string; message: string; detail?: string }[] }
  ).findings.filter((f) => f.level === "unverified");
  for (const f of unverified)
    process.stdout.write(`  ${f.code} ${f.message}\n${f.detail ? `    ${f.detail.replace(/\n/g, "\n    ")}\n` : ""}`);
  process.stdout.write(
    `\nWith a client that cannot see every division the gate exits ${bpo} (3 = could not verify), unless --allow-unverified.\n`,
  );
}

/** Steps 5-6: the IdP export's drift, a sync that fixes it, and the diff again. */
async function scimSteps(url: string): Promise<void> {
  heading("5. SCIM drift: the IdP export (examples/idp/groups.csv) against the demo org's groups");
  const scim = { export: SCIM_EXPORT, baseUrl: url, progress: false };
  const scimIo = { ...demoIo("gcguard-ci", "demo-secret-ci"), stderr: () => {} };
  const drift = await scimDiffCommand(scim, scimIo);
  process.stdout.write(`\nThe diff's exit code: ${drift} (1 = drift).\n`);
  heading("6. gcguard scim sync --apply: If-Match PATCHes, then the same diff again");
  let synced = "";
  const sync = await scimSyncCommand(
    { ...scim, apply: true, format: "json" },
    { ...scimIo, stdout: (t) => (synced += t) },
  );
  const sent = (JSON.parse(synced) as { sync: { sentPatches: number } }).sync.sentPatches;
  const again = await scimDiffCommand({ ...scim, format: "json" }, { ...scimIo, stdout: () => {} });
  process.stdout.write(
    `The sync sent ${sent} PATCH request(s) and exited ${sync}; the diff now exits ${again} (0 = no drift).\n`,
  );
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const failure = describeFailure(err);
    process.stderr.write(`demo: ${failure.text}\n`);
    process.exitCode = failure.exitCode;
  },
);
