/**
 * The org config format (`gcguard.config.yaml`), version 1. The JSON Schema editors use is generated from this
 * file (`npm run schema`); a test keeps the committed copy in step.
 */
import { z } from "zod";

import { REGIONS, normalizeRegion } from "../genesys/regions";
import { blockToZod, resourceBlock } from "./provider-settings";
import { KEY_PATTERN } from "./keys";
import { WaiverEntry } from "../preflight/waiver-entry";

const Name = z
  .string()
  .describe("The object's name as Genesys shows it.")
  .refine((s) => s.trim() !== "", { message: "is empty; give the name as Genesys shows it" })
  .refine((s) => s === s.trim(), { message: "has leading or trailing whitespace, which Genesys trims; remove it" });

const Key = z
  .string()
  .regex(KEY_PATTERN, {
    message: 'is not a Terraform identifier; use letters, digits, "_" and "-", starting with a letter or "_"',
  })
  .describe(
    "Stable identifier for this entry; its Terraform address derives from it. Default: a slug of the name. " +
      "Changing it moves the object to a new address, so set it once and keep it.",
  );

const PreventDestroy = z.boolean().describe("Refuse to destroy this object (Terraform prevent_destroy).");

export const DivisionEntry = z
  .strictObject({
    name: Name,
    key: Key.optional(),
    mode: z
      .enum(["managed", "lookup", "home"])
      .default("managed")
      .describe(
        "managed: this stack owns the division. lookup: it exists already and is read by name. " +
          "home: the org's home division (the name is only how queues refer to it).",
      ),
    description: z.string().optional().describe("Description (managed mode only)."),
    preventDestroy: PreventDestroy.optional(),
  })
  .describe("A Genesys Cloud division.");

export const ScimGroupEntry = z
  .strictObject({
    name: Name.describe("The group's display name, exactly as the identity provider sends it over SCIM."),
    key: Key.optional(),
    mode: z
      .enum(["managed", "lookup"])
      .default("managed")
      .describe(
        "managed: this stack creates the group object and never touches its members. " +
          "lookup: the group exists already and is read by name.",
      ),
    description: z.string().optional().describe("Description (managed mode only)."),
    preventDestroy: PreventDestroy.optional(),
    settings: blockToZod(resourceBlock("genesyscloud_group"), ["name", "description", "member_ids"])
      .optional()
      .describe("Further genesyscloud_group settings, by their cdktf (camelCase) names. Managed mode only."),
  })
  .describe("A group whose membership the identity provider owns through SCIM.");

export const QueueMember = z.strictObject({
  userId: z.string().min(1).describe("The user's Genesys ID."),
  ringNum: z.number().int().min(1).max(6).optional().describe("Bullseye ring, 1 to 6. Default 1."),
});

export const QueueEntry = z
  .strictObject({
    name: Name,
    key: Key.optional(),
    division: z
      .string()
      .optional()
      .describe("Name of a division in this org's `divisions`. Default: the home division."),
    groups: z
      .array(z.string())
      .min(1, { message: "is empty; a queue mapping needs at least one SCIM group" })
      .describe("Names of SCIM groups in this org's `scimGroups` whose members serve the queue."),
    members: z
      .array(QueueMember)
      .optional()
      .describe(
        "Users placed on the queue directly. Given (even empty), Terraform owns direct membership and removes " +
          "everyone else; left out, direct members are left alone (ignore_members = true).",
      ),
    preventDestroy: PreventDestroy.optional(),
    settings: blockToZod(resourceBlock("genesyscloud_routing_queue"), [
      "name",
      "division_id",
      "groups",
      "members",
      "ignore_members",
    ])
      .optional()
      .describe("Further genesyscloud_routing_queue settings, by their cdktf (camelCase) names."),
  })
  .describe("A routing queue fed by SCIM groups.");

export const OrgEntry = z
  .strictObject({
    name: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9_-]*$/, {
        message: 'is not a valid stack name; use letters, digits, "_" and "-", starting with a letter',
      })
      .describe("Stack name for this org: cdktf.out/stacks/<name>, terraform.<name>.tfstate."),
    region: z
      .string()
      .refine((r) => normalizeRegion(r) !== undefined, {
        message: `is not a Genesys Cloud region; use one of ${REGIONS.join(", ")}`,
      })
      .transform((r) => normalizeRegion(r) as string)
      .meta({ enum: REGIONS })
      .optional()
      .describe("Provider aws_region. Default: GENESYSCLOUD_REGION from the environment at plan time."),
    divisions: z.array(DivisionEntry).default([]),
    scimGroups: z.array(ScimGroupEntry).default([]),
    queues: z.array(QueueEntry).default([]),
  })
  .describe("One Genesys Cloud org; becomes one Terraform stack.");

export const OrgConfig = z
  .strictObject({
    $schema: z.string().optional().describe("Path or URL of this file's JSON Schema, for editors."),
    version: z.literal(1).describe("Config format version."),
    orgs: z.array(OrgEntry).min(1, { message: "is empty; list at least one org" }),
    waivers: z.array(WaiverEntry).optional().describe("Preflight findings accepted on purpose (README.md, Waivers)."),
  })
  .describe("gcguard org config: divisions, SCIM groups and the queues they feed, per org.");

export type OrgConfig = z.infer<typeof OrgConfig>;
export type OrgEntry = z.infer<typeof OrgEntry>;
export type DivisionEntry = z.infer<typeof DivisionEntry>;
export type ScimGroupEntry = z.infer<typeof ScimGroupEntry>;
export type QueueEntry = z.infer<typeof QueueEntry>;

/** The JSON Schema of the config, for editors (yaml-language-server, VS Code). */
export function configJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(OrgConfig, { io: "input", target: "draft-2020-12" });
}
