/**
 * The shapes gcguard reads from Genesys responses (docs/genesys-api.md §3.1, §4.3, §5.2, §6.2, §7.4, §8). Only the
 * fields we use: zod drops the rest, so new Genesys fields never break us. A schema and its type share a name.
 */
import { z } from "zod";

const Ref = z.object({ id: z.string(), name: z.string().optional() });

export const Division = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().optional(),
  homeDivision: z.boolean().optional(),
  objectCounts: z.record(z.string(), z.number()).optional(),
});
export type Division = z.infer<typeof Division>;

export const User = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string().optional(),
  state: z.enum(["active", "inactive", "deleted"]).optional(),
  division: Ref.optional(),
  department: z.string().optional(),
  title: z.string().optional(),
  version: z.number().optional(),
});
export type User = z.infer<typeof User>;

export const MemberGroup = z.object({ id: z.string(), name: z.string().optional(), type: z.string() });

export const Queue = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().optional(),
  division: Ref.optional(),
  memberGroups: z.array(MemberGroup).optional(),
  memberCount: z.number().optional(),
  userMemberCount: z.number().optional(),
});
export type Queue = z.infer<typeof Queue>;

export const QueueMember = z.object({
  id: z.string(),
  name: z.string().optional(),
  ringNumber: z.number().optional(),
  joined: z.boolean().optional(),
  memberBy: z.enum(["user", "group"]).optional(),
});
export type QueueMember = z.infer<typeof QueueMember>;

export const Group = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().optional(),
  type: z.string().optional(),
  visibility: z.string().optional(),
  rulesVisible: z.boolean().optional(),
  rolesEnabled: z.boolean().optional(),
  callsEnabled: z.boolean().optional(),
  includeOwners: z.boolean().optional(),
  memberCount: z.number().optional(),
  version: z.number().optional(),
  owners: z.array(Ref).optional(),
});
export type Group = z.infer<typeof Group>;

export const Organization = z.object({
  id: z.string(),
  name: z.string(),
  defaultCountryCode: z.string().optional(),
  domain: z.string().optional(),
});
export type Organization = z.infer<typeof Organization>;

/** Page-number listing (§8.1); member listings have no total or pageCount. */
export const listing = <T extends z.ZodType>(item: T) =>
  z.object({
    entities: z.array(item),
    pageNumber: z.number().optional(),
    pageSize: z.number().optional(),
    pageCount: z.number().optional(),
    total: z.number().optional(),
    nextUri: z.string().optional(),
  });

/** Search response with q64 page links (§8.3); `results` is absent when nothing matched. */
export const searchResponse = <T extends z.ZodType>(item: T) =>
  z.object({
    total: z.number(),
    pageCount: z.number().optional(),
    pageNumber: z.number().optional(),
    nextPage: z.string().optional(),
    results: z.array(item).default([]),
  });

/** SCIM `meta`: its version is the ETag when the answer has no ETag header (docs/genesys-api.md §7.2). */
const ScimMeta = z.object({ version: z.string().optional() }).optional();

export const ScimMember = z.object({ value: z.string(), type: z.string().optional() });

export const ScimGroup = z.object({
  id: z.string(),
  displayName: z.string(),
  externalId: z.string().optional(),
  members: z.array(ScimMember).default([]),
  meta: ScimMeta,
});
export type ScimGroup = z.infer<typeof ScimGroup>;

export const ScimUser = z.object({
  id: z.string(),
  userName: z.string(),
  displayName: z.string().optional(),
  active: z.boolean().optional(),
  externalId: z.string().optional(),
  meta: ScimMeta,
});
export type ScimUser = z.infer<typeof ScimUser>;

/**
 * A user's whole SCIM representation (ScimV2User, §7.4): `id` and `userName` checked, every other attribute kept as
 * sent. Unlike the trimmed schemas here, nothing is dropped, because a PUT is a full replace (RFC 7644 §3.5.1): a
 * merge must send back the attributes gcguard does not manage.
 */
export const ScimUserResource = z.looseObject({
  id: z.string(),
  userName: z.string(),
  meta: z.looseObject({ version: z.string().optional() }).optional(),
});
export type ScimUserResource = z.infer<typeof ScimUserResource>;

/** SCIM ListResponse (§7.4): note the capital `Resources`. */
export const scimList = <T extends z.ZodType>(item: T) =>
  z.object({
    totalResults: z.number(),
    startIndex: z.number().optional(),
    itemsPerPage: z.number().optional(),
    Resources: z.array(item).default([]),
  });
