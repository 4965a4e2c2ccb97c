/**
 * Inputs of every kind gcguard reads, generated at a given number of items, for the parse bench (lib/bench/parse.ts):
 * each is valid for its reader, and its size grows in proportion to the item count, so reading time can be compared
 * across sizes. Each generator returns the file's text.
 */
import { generateSeed } from "../emulator/generate";
import { synthConfig } from "./scenarios";

const PROVIDER = "registry.terraform.io/mypurecloud/genesyscloud";
const CONFIGURATION = { provider_config: { genesyscloud: { name: "genesyscloud", full_name: PROVIDER } } };
/** One apply item in this many fails with a 409 (the other items are created). */
const FAIL_EVERY = 10;

/** A GUID made from a counter, so inputs are deterministic. */
export function guid(i: number): string {
  return `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;
}

/** A 409 error block as a human `terraform apply` prints it (test/resolve/fixtures/human-plain.log). */
function humanError(i: number): string[] {
  const message = `API Error: 409 - A division with that name already exists. (${guid(i)})`;
  const detail = JSON.stringify({
    resourceType: "genesyscloud_auth_division",
    method: "POST",
    path: "/api/v2/authorization/divisions",
    statusCode: 409,
    errorMessage: message,
    correlationId: guid(i),
  });
  return [
    "",
    `Error: Failed to create division Division ${i} error: ${message}`,
    "",
    `  with genesyscloud_auth_division.d${i},`,
    `  on cdk.tf.json line ${i + 1}, in resource.genesyscloud_auth_division.d${i}:`,
    `  ${i + 1}:       },`,
    "",
    detail,
    "",
  ];
}

/** A human apply log of `items` division creates, every FAIL_EVERY-th refused with a 409. */
export function humanApplyLog(items: number): string {
  const lines: string[] = ["Terraform v1.11.4"];
  for (let i = 0; i < items; i++) lines.push(`genesyscloud_auth_division.d${i}: Creating...`);
  for (let i = 0; i < items; i++) {
    if (i % FAIL_EVERY === 0) lines.push(...humanError(i));
    else lines.push(`genesyscloud_auth_division.d${i}: Creation complete after 1s [id=${guid(i)}]`);
  }
  return `${lines.join("\n")}\n`;
}

const jsonLine = (level: string, message: string, extra: Record<string, unknown>) =>
  JSON.stringify({ "@level": level, "@message": message, "@module": "terraform.ui", ...extra });

/** The `terraform apply -json` form of humanApplyLog (test/resolve/fixtures/json-apply.log). */
export function jsonApplyLog(items: number): string {
  const lines = [jsonLine("info", "Terraform 1.11.4", { type: "version", terraform: "1.11.4", ui: "1.2" })];
  for (let i = 0; i < items; i++) {
    const addr = `genesyscloud_auth_division.d${i}`;
    const hook = { resource: { addr, resource_type: "genesyscloud_auth_division" }, action: "create" };
    lines.push(jsonLine("info", `${addr}: Creating...`, { type: "apply_start", hook }));
    if (i % FAIL_EVERY !== 0) {
      const done = { ...hook, id_key: "id", id_value: guid(i), elapsed_seconds: 1 };
      lines.push(jsonLine("info", `${addr}: Creation complete`, { type: "apply_complete", hook: done }));
      continue;
    }
    const message = `API Error: 409 - A division with that name already exists. (${guid(i)})`;
    const summary = `Failed to create division Division ${i} error: ${message}`;
    const detail = JSON.stringify({
      resourceType: "genesyscloud_auth_division",
      statusCode: 409,
      errorMessage: message,
    });
    const diagnostic = { severity: "error", summary, detail, address: addr };
    lines.push(jsonLine("error", `Error: ${summary}`, { type: "diagnostic", diagnostic }));
  }
  return `${lines.join("\n")}\n`;
}

/** `terraform show -json` of a plan creating `items` divisions. */
export function planJson(items: number): string {
  const resource_changes = Array.from({ length: items }, (_, i) => ({
    address: `genesyscloud_auth_division.d${i}`,
    mode: "managed",
    type: "genesyscloud_auth_division",
    name: `d${i}`,
    provider_name: PROVIDER,
    change: { actions: ["create"], before: null, after: { name: `Division ${i}` } },
  }));
  return JSON.stringify({ format_version: "1.2", resource_changes, configuration: CONFIGURATION });
}

/** A `terraform.tfstate` (version 4) holding `items` divisions. */
export function stateJson(items: number): string {
  const resources = Array.from({ length: items }, (_, i) => ({
    mode: "managed",
    type: "genesyscloud_auth_division",
    name: `d${i}`,
    provider: `provider["${PROVIDER}"]`,
    instances: [{ schema_version: 0, attributes: { id: guid(i), name: `Division ${i}`, description: "" } }],
  }));
  return JSON.stringify({ version: 4, terraform_version: "1.11.4", serial: 1, lineage: guid(0), resources });
}

/** An org config of `items` entries (a third each divisions, SCIM groups, queues), as YAML-compatible JSON. */
export function configText(items: number): string {
  return JSON.stringify(synthConfig(items), null, 1);
}

/** An org config of the home division and `items` divisions more: synth of an org with only divisions. */
export function divisionsConfigText(items: number): string {
  const divisions = [
    { name: "Home", mode: "home" },
    ...Array.from({ length: items }, (_, i) => ({ name: `Division ${i}` })),
  ];
  return JSON.stringify({ version: 1, orgs: [{ name: "bench", region: "eu-west-1", divisions }] }, null, 1);
}

/** A membership CSV of `items` rows: 100 members a group. */
export function idpCsv(items: number): string {
  const rows = ["group,email"];
  for (let i = 0; i < items; i++) rows.push(`GC-Group-${Math.floor(i / 100)},user${i}@example.com`);
  return `${rows.join("\n")}\n`;
}

/** The JSON form of idpCsv. */
export function idpJson(items: number): string {
  const groups = Array.from({ length: Math.ceil(items / 100) }, (_, g) => ({
    displayName: `GC-Group-${g}`,
    members: Array.from({ length: Math.min(100, items - g * 100) }, (_, j) => `user${g * 100 + j}@example.com`),
  }));
  return JSON.stringify({ groups });
}

/** An emulator seed of the generated org with `items` users (divisions, queues and groups in proportion). */
export function seedJson(items: number): string {
  const f = items / 50_000;
  const n = (full: number) => Math.max(1, Math.round(full * f));
  return JSON.stringify(generateSeed({ users: items, divisions: n(1_000), queues: n(5_000), groups: n(3_000) }));
}

/** An adoption manifest of `items` entries in one stack. */
export function manifestJson(items: number): string {
  const entries = Object.fromEntries(
    Array.from({ length: items }, (_, i) => [
      `genesyscloud_auth_division.d${i}`,
      { id: guid(i), name: `Division ${i}`, source: "bench" },
    ]),
  );
  return JSON.stringify({ version: 1, stacks: { bench: entries } });
}
