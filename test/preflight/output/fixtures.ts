/**
 * A realistic preflight report for the output tests: two stacks (a cdktf stack and a plain Terraform plan whose
 * file name holds `&`, quotes and a space), findings of every level, a rule that does not apply and a rule that
 * threw. Names come from Genesys and Terraform `for_each` keys, so they hold what renderers must escape: `|`, `*`,
 * `<`, `>`, `&`, quotes, backticks, newlines, `${`, `%` and a control character.
 */
import type { CallStats } from "../../../lib/genesys/accounting";
import path from "node:path";

import type { Finding } from "../../../lib/preflight/model";
import type { PreflightReport, RuleReport } from "../../../lib/preflight/report";

/** Where a format's snapshot lives: `__snapshots__/preflight/<name>` at the repository root. */
export function snapshotFile(name: string): string {
  return path.join(__dirname, "..", "..", "..", "__snapshots__", "preflight", name);
}

const PROD = "acme-prod";
const LEGACY = 'eu&apac "legacy"';

const prodCalls: CallStats = {
  requests: {
    "GET /api/v2/authorization/divisions": 2,
    "GET /api/v2/authorization/divisions/home": 1,
    "GET /api/v2/groups": 4,
    "GET /api/v2/groups/:groupId/members": 3,
    "GET /api/v2/routing/queues": 6,
    "POST /api/v2/authorization/permissions/check": 1,
  },
  totalRequests: 17,
  retries: 2,
  rateLimited: 1,
  waitedMs: 1840,
};

const legacyCalls: CallStats = {
  requests: {
    "GET /api/v2/authorization/divisions": 1,
    "GET /api/v2/routing/queues": 3,
    "GET /api/v2/users/search": 2,
  },
  totalRequests: 6,
  retries: 0,
  rateLimited: 0,
  waitedMs: 300,
};

const rule = (
  code: string,
  id: string,
  level: RuleReport["level"],
  title: string,
  description: string,
  results: RuleReport["results"],
): RuleReport => ({ id, code, title, description, level, results });

const rules: RuleReport[] = [
  rule(
    "GCG101",
    "name-collision",
    "error",
    "Name collision",
    "Objects the plan creates have names no other object of their kind uses in the org.",
    [
      { stack: PROD, status: "fail", findings: 2 },
      { stack: LEGACY, status: "fail", findings: 1 },
    ],
  ),
  rule(
    "GCG102",
    "ambiguous-lookup",
    "error",
    "Ambiguous lookup",
    "Every data source lookup by name matches exactly one object.",
    [
      { stack: PROD, status: "pass", findings: 0 },
      { stack: LEGACY, status: "fail", findings: 1 },
    ],
  ),
  rule(
    "GCG103",
    "division-dependents",
    "error",
    "Division still in use",
    "Divisions the plan deletes or replaces hold no users or queues.",
    [
      { stack: PROD, status: "fail", findings: 1 },
      { stack: LEGACY, status: "not-applicable", findings: 0 },
    ],
  ),
  rule(
    "GCG201",
    "membership-overwrite",
    "warning",
    "Group membership overwrite",
    "Groups whose membership the plan sets lose no members Terraform does not know about.",
    [
      { stack: PROD, status: "fail", findings: 2 },
      { stack: LEGACY, status: "not-applicable", findings: 0 },
    ],
  ),
  rule(
    "GCG202",
    "queue-member-limit",
    "warning",
    "Queue member limit",
    "Queues stay under the direct-member limit after the apply.",
    [
      { stack: PROD, status: "pass", findings: 0 },
      { stack: LEGACY, status: "error", findings: 1 },
    ],
  ),
  rule(
    "GCG203",
    "rename-adopted",
    "warning",
    "Rename of an adopted object",
    "Adopted objects keep the name people know them by.",
    [
      { stack: PROD, status: "fail", findings: 1 },
      { stack: LEGACY, status: "fail", findings: 1 },
    ],
  ),
  rule(
    "GCG301",
    "hidden-divisions",
    "unverified",
    "Divisions hidden from the credentials",
    "The credentials can see every division a queue name could collide in.",
    [
      { stack: PROD, status: "fail", findings: 1 },
      { stack: LEGACY, status: "fail", findings: 1 },
    ],
  ),
  rule(
    "GCG302",
    "missing-permissions",
    "unverified",
    "Missing permissions",
    "The credentials hold every permission the apply needs.",
    [
      { stack: PROD, status: "fail", findings: 1 },
      { stack: LEGACY, status: "pass", findings: 0 },
    ],
  ),
];

const findings: Finding[] = [
  // acme-prod: errors
  {
    rule: "name-collision",
    code: "GCG101",
    level: "error",
    stack: PROD,
    address: 'genesyscloud_group.teams["Sales | EU *VIP*"]',
    location: { file: "infra/groups, teams.tf", line: 12 },
    message: 'A group named "Sales | EU *VIP*" already exists (id 3f1c…), so the create would fail with 409.',
    detail:
      "Genesys group names are unique per org.\n" +
      "Existing: Sales | EU *VIP* (3f1c2a6e-8a9d-4c1b-9e57-2b7f0d9e4a11), created outside Terraform.",
    remediation: "Adopt it: run gcguard preflight --write-imports, or rename the group in the config.",
    objects: [{ id: "3f1c2a6e-8a9d-4c1b-9e57-2b7f0d9e4a11", name: "Sales | EU *VIP*", kind: "group" }],
    adoption: {
      address: 'genesyscloud_group.teams["Sales | EU *VIP*"]',
      id: "3f1c2a6e-8a9d-4c1b-9e57-2b7f0d9e4a11",
      name: "Sales | EU *VIP*",
    },
  },
  {
    rule: "name-collision",
    code: "GCG101",
    level: "error",
    stack: PROD,
    address: "genesyscloud_routing_queue.support_tier1",
    location: { file: "gcguard.config.yaml", line: 42 },
    message: 'A queue named "Support <Tier 1> & Billing" already exists in division "Home".',
    remediation: 'Import it:\nimport {\n  to = genesyscloud_routing_queue.support_tier1\n  id = "9b0e…"\n}',
    objects: [
      {
        id: "9b0e4f3d-1c2a-4b5e-8f7d-6a5b4c3d2e1f",
        name: "Support <Tier 1> & Billing",
        kind: "queue",
        divisionName: "Home",
      },
    ],
  },
  {
    rule: "division-dependents",
    code: "GCG103",
    level: "error",
    stack: PROD,
    address: "genesyscloud_auth_division.emea",
    message: 'Deleting division "EMEA `ops`" would orphan 42 users and 3 queues.',
    detail:
      "Genesys refuses to delete a division that holds objects; the apply fails half-way.\n" +
      '  users (42): Ana O\'Neil, Bo "Bobby" Li, Chris <chris@acme.example>, …\n' +
      "  queues (3): EMEA | Sales, EMEA * Support, Billing ${var.region}",
    remediation: "Move the users and queues to another division first, or keep the division.",
  },
  // acme-prod: warnings
  {
    rule: "membership-overwrite",
    code: "GCG201",
    level: "warning",
    stack: PROD,
    address: 'genesyscloud_group.teams["Sales | EU *VIP*"]',
    message: "Setting members would remove 5 members added in Genesys by hand.",
    detail: "Removed: a.lee, b.ortiz, c.nguyen, d.smith, e.kowalski.",
    remediation: "Add them to the config, or manage membership through SCIM only (mode: lookup).",
  },
  {
    rule: "membership-overwrite",
    code: "GCG201",
    level: "warning",
    stack: PROD,
    address: "genesyscloud_group.tier2",
    message: "Setting members would remove 1 member: \u001b[31mroot\u001b[0m.",
    remediation: "Add the member to the config.",
  },
  {
    rule: "rename-adopted",
    code: "GCG203",
    level: "warning",
    stack: PROD,
    address: "genesyscloud_routing_queue.support_tier1",
    message: 'Renames queue "Support (old)\nline two" to "Support <Tier 1> & Billing".',
    remediation: "Check with the contact-centre team that the new name is expected; 100% of reports use it.",
  },
  // acme-prod: unverified
  {
    rule: "hidden-divisions",
    code: "GCG301",
    level: "unverified",
    stack: PROD,
    message: "2 divisions are hidden from the credentials; a queue name collision could hide there.",
    detail: "Hidden: Finance, HR ${secret}",
    remediation: "Grant the OAuth client's role access to all divisions, or pass --allow-unverified.",
  },
  {
    rule: "missing-permissions",
    code: "GCG302",
    level: "unverified",
    stack: PROD,
    message: "The credentials lack routing:queue:edit, so the queue updates could fail with 403.",
    remediation: "Add routing:queue:edit to the OAuth client's role.",
  },
  // eu&apac "legacy": errors
  {
    rule: "name-collision",
    code: "GCG101",
    level: "error",
    stack: LEGACY,
    address: 'genesyscloud_auth_division.this["APAC <new>"]',
    message: 'A division named "APAC <new>" already exists.',
    remediation: "Adopt it with an import block.",
    adoption: {
      address: 'genesyscloud_auth_division.this["APAC <new>"]',
      id: "c0ffee00-0000-4000-8000-000000000001",
      name: "APAC <new>",
    },
  },
  {
    rule: "ambiguous-lookup",
    code: "GCG102",
    level: "error",
    stack: LEGACY,
    address: "data.genesyscloud_group.tier1",
    message: "Two groups are named \"Tier 1 | 'quoted'\"; the lookup would pick either.",
    detail: "Matches:\n- Tier 1 | 'quoted' (aa11…) in Home\n- tier 1 | 'quoted' (bb22…) in EMEA",
    remediation: "Rename one of them in Genesys, or look the group up by id.",
  },
  {
    rule: "queue-member-limit",
    code: "GCG202",
    level: "error",
    stack: LEGACY,
    message: "Rule queue-member-limit failed: TypeError: Cannot read properties of undefined (reading 'total').",
    remediation: "Report this as a gcguard bug, with the plan if you can share it.",
  },
  // eu&apac "legacy": warnings
  {
    rule: "rename-adopted",
    code: "GCG203",
    level: "warning",
    stack: LEGACY,
    address: "genesyscloud_routing_queue.legacy",
    message: 'Renames queue "Legacy, 50% off: *deprecated* C:\\ops\\|" to "Legacy".',
    remediation: "Confirm the rename.",
  },
  // eu&apac "legacy": unverified
  {
    rule: "hidden-divisions",
    code: "GCG301",
    level: "unverified",
    stack: LEGACY,
    message: "1 division is hidden from the credentials.",
    remediation: "Grant access to all divisions, or pass --allow-unverified.",
  },
];

export const sampleReport: PreflightReport = {
  schemaVersion: 1,
  tool: { name: "gcguard", version: "0.1.0" },
  stacks: [
    {
      name: PROD,
      source: "cdktf.out/stacks/acme-prod/cdk.tf.json",
      org: "acme-prod (client gcguard-ci, region mypurecloud.ie)",
      changes: { create: 4, update: 2, delete: 1, "no-op": 12 },
      terraform: { import: 0, add: 4, change: 2, destroy: 1 },
      coverage: {
        checked: [
          { type: "genesyscloud_auth_division", kind: "division", changes: 3 },
          { type: "genesyscloud_group", kind: "group", changes: 2 },
          { type: "genesyscloud_routing_queue", kind: "queue", changes: 1 },
        ],
        notChecked: [],
      },
      apiCalls: prodCalls,
    },
    {
      name: LEGACY,
      source: 'plans/eu&apac "legacy".json',
      org: "acme-apac (client <ci|bot>, region mypurecloud.com.au)",
      changes: { create: 1, update: 1, import: 1 },
      terraform: { import: 1, add: 1, change: 1, destroy: 0 },
      coverage: {
        checked: [{ type: "genesyscloud_routing_queue", kind: "queue", changes: 2 }],
        notChecked: [
          { type: "genesyscloud_journey_segment", changes: 2, reason: "unknown-type" },
          { type: "genesyscloud_user_roles", changes: 1, reason: "no-unique-name" },
        ],
      },
      apiCalls: legacyCalls,
    },
  ],
  rules,
  findings,
  summary: { errors: 6, warnings: 4, unverified: 3, exitCode: 2, failOn: "error", allowUnverified: false },
  apiCalls: {
    requests: {
      "GET /api/v2/authorization/divisions": 3,
      "GET /api/v2/authorization/divisions/home": 1,
      "GET /api/v2/groups": 4,
      "GET /api/v2/groups/:groupId/members": 3,
      "GET /api/v2/routing/queues": 9,
      "GET /api/v2/users/search": 2,
      "POST /api/v2/authorization/permissions/check": 1,
    },
    totalRequests: 23,
    retries: 2,
    rateLimited: 1,
    waitedMs: 2140,
  },
};

/** A report with no findings, for the "all clear" output. */
export const cleanReport: PreflightReport = {
  ...sampleReport,
  stacks: [sampleReport.stacks[0]!],
  rules: rules.map((r) => ({ ...r, results: [{ stack: PROD, status: "pass", findings: 0 }] })),
  findings: [],
  summary: { ...sampleReport.summary, errors: 0, warnings: 0, unverified: 0, exitCode: 0 },
  apiCalls: prodCalls,
};
