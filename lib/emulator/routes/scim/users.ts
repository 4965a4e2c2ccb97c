/** Users (§7.1, §7.4): userName is the Genesys email; the enterprise extension carries the division by NAME. */
import { sameName } from "../../../names";
import { ScimError } from "../../errors";
import type { Query } from "../../paging";
import { single } from "../../paging";
import type { EmulatorContext, RouteModule } from "../../server";
import type { UserRecord } from "../../store";

import type { PatchDocument } from "./patch";
import { applyPatch, readPatch } from "./patch";
import type { Filter } from "./query";
import { listResponse, pageOf, parseFilter, project } from "./query";
import type { Json } from "./shared";
import {
  BASE,
  checkIfMatch,
  ENTERPRISE,
  etagOf,
  GENESYS,
  groupLocation,
  invalidFilter,
  invalidValue,
  jsonObject,
  notModified,
  optionalBoolean,
  optionalObject,
  optionalString,
  originOf,
  perms,
  requiredString,
  resourceNotFound,
  send,
  USER_SCHEMA,
  USER_SCHEMAS,
  userLocation,
} from "./shared";

const USER_ALWAYS = ["id", "userName", "active", "meta"];

const USER_ATTRIBUTES = [
  "userName",
  "displayName",
  "active",
  "title",
  "emails",
  "externalId",
  "password",
  "phoneNumbers",
  "roles",
  "groups",
  ENTERPRISE,
  `${ENTERPRISE}:division`,
  `${ENTERPRISE}:department`,
  `${ENTERPRISE}:manager`,
  `${ENTERPRISE}:employeeNumber`,
  `${ENTERPRISE}:dateHire`,
  GENESYS,
];

/** §7.3's user filters. The emulator stores no manager or employee number, so those match nobody. */
const USER_FILTERS = [
  "id",
  "userName",
  "email",
  "emails.value",
  "externalId",
  "active",
  "division",
  "manager",
  "employeeNumber",
];

function userMatcher(ctx: EmulatorContext, filter: Filter): (u: UserRecord) => boolean {
  const { value } = filter;
  const lower = value.toLowerCase();
  switch (filter.attribute) {
    case "id":
      return (u) => u.id === value;
    // RFC 7643 §4.1.1: userName is not case-exact; neither are email addresses.
    case "userName":
    case "email":
    case "emails.value":
      return (u) => u.email.toLowerCase() === lower;
    // RFC 7643 §3.1: externalId is case-exact.
    case "externalId":
      return (u) => u.externalId === value;
    case "active": {
      if (lower !== "true" && lower !== "false") throw invalidFilter(`Invalid value '${value}' for 'active'.`);
      const active = lower === "true";
      return (u) => (u.state === "active") === active;
    }
    // §7.3: the division filter takes the division's name; names are unique case-insensitively (§3).
    case "division":
      return (u) => sameName(ctx.store.divisions.get(u.divisionId)?.name ?? "", value);
    default:
      return () => false;
  }
}

function userOr404(ctx: EmulatorContext, id: string): UserRecord {
  const user = ctx.store.users.get(id);
  if (!user || user.state === "deleted") throw resourceNotFound(id);
  return user;
}

/** ScimV2User (§7.4). `groups` are the groups the user is a direct member of (read-only). */
function userView(ctx: EmulatorContext, u: UserRecord, origin: string): Json {
  const groups = [...ctx.store.groups.values()].filter((g) => g.memberIds.has(u.id));
  const department = u.department === undefined ? {} : { department: u.department };
  return {
    schemas: [...USER_SCHEMAS],
    id: u.id,
    userName: u.email,
    displayName: u.name,
    active: u.state === "active",
    ...(u.title === undefined ? {} : { title: u.title }),
    emails: [{ value: u.email, type: "work", primary: true }],
    ...(u.externalId === undefined ? {} : { externalId: u.externalId }),
    groups: groups.map((g) => ({ type: "Group", value: g.id, $ref: groupLocation(origin, g.id) })),
    [ENTERPRISE]: { division: ctx.store.divisions.get(u.divisionId)?.name ?? "", ...department },
    // The emulator models no skills or languages. `externalIds` is left out: its authority format is unverified.
    [GENESYS]: { routingSkills: [], routingLanguages: [] },
    meta: {
      resourceType: "User",
      lastModified: u.dateModified,
      location: userLocation(origin, u.id),
      version: etagOf(u.version),
    },
  };
}

interface UserInput {
  readonly userName: string;
  readonly displayName: string;
  readonly active: boolean | undefined;
  readonly title: string | undefined;
  readonly externalId: string | undefined;
  readonly department: string | undefined;
  readonly division: string | undefined;
}

/** The writable user attributes (ScimV2CreateUser requires userName and displayName, §7.4). Others are ignored. */
function readUser(body: unknown): UserInput {
  const obj = jsonObject(body);
  const enterprise = optionalObject(obj, ENTERPRISE);
  const userName = requiredString(obj, "userName");
  // §7.4: userName is the Genesys email, so it must look like one.
  if (!/^[^@\s]+@[^@\s]+$/.test(userName)) throw invalidValue(`userName '${userName}' is not an email address.`);
  return {
    userName,
    displayName: requiredString(obj, "displayName"),
    active: optionalBoolean(obj, "active"),
    title: optionalString(obj, "title"),
    externalId: optionalString(obj, "externalId"),
    department: optionalString(enterprise, "department"),
    division: optionalString(enterprise, "division"),
  };
}

/** The division named (case-insensitively: names are unique that way, §3), or 400 invalidValue. */
function divisionIdByName(ctx: EmulatorContext, name: string): string {
  for (const d of ctx.store.divisions.values()) if (sameName(d.name, name)) return d.id;
  throw invalidValue(`Division '${name}' does not exist.`);
}

/** §7.1 / §7.5: userName must be unique among non-deleted users. */
function assertUserNameFree(ctx: EmulatorContext, userName: string, exceptId?: string): void {
  const owner = ctx.store.userIdByEmail(userName);
  if (owner !== undefined && owner !== exceptId) {
    throw new ScimError(409, "uniqueness", "User name already in use by non-deleted user.");
  }
}

type UserChanges = Partial<Omit<UserRecord, "id" | "version">>;

/**
 * What a full replace changes (RFC 7644 §3.5.1: omitted attributes are cleared). A user always has a division and a
 * state, so omitting `division` or `active` keeps the current one (an assumption; the reference is silent).
 */
function userChanges(ctx: EmulatorContext, user: UserRecord, input: UserInput): UserChanges {
  const next: UserChanges = {
    email: input.userName,
    name: input.displayName,
    state: input.active === undefined ? user.state : input.active ? "active" : "inactive",
    title: input.title,
    externalId: input.externalId,
    department: input.department,
    divisionId: input.division === undefined ? user.divisionId : divisionIdByName(ctx, input.division),
  };
  const changed = Object.entries(next).filter(([key, value]) => user[key as keyof UserRecord] !== value);
  return Object.fromEntries(changed);
}

/** Writes a replace; only a real change bumps the version (store.updateUser). */
function replaceUser(ctx: EmulatorContext, user: UserRecord, input: UserInput): void {
  const changes = userChanges(ctx, user, input);
  if (changes.email !== undefined) assertUserNameFree(ctx, changes.email, user.id);
  if (Object.keys(changes).length > 0) ctx.store.updateUser(user, changes);
}

export const userRoutes: RouteModule = (app, ctx) => {
  // §7.1: without a filter only active users; a filter sees inactive users too; deleted users never.
  app.get(`${BASE}/users`, perms("directory:user:view"), async (request, reply) => {
    const query = request.query as Query;
    const page = pageOf(query, ctx.settings.maxPageSize.scim);
    const filter = parseFilter(single(query.filter), USER_FILTERS);
    const matches = filter ? userMatcher(ctx, filter) : (u: UserRecord) => u.state === "active";
    const users = [...ctx.store.users.values()].filter((u) => u.state !== "deleted" && matches(u));
    const origin = originOf(request);
    return send(
      request,
      reply,
      listResponse(users, page, (u) => project(userView(ctx, u, origin), query, USER_ALWAYS)),
    );
  });

  app.get(`${BASE}/users/:userId`, perms("directory:user:view"), async (request, reply) => {
    const { userId } = request.params as { userId: string };
    const user = userOr404(ctx, userId);
    const query = request.query as Query;
    return (
      notModified(request, reply, user.version) ??
      send(request, reply, project(userView(ctx, user, originOf(request)), query, USER_ALWAYS), user.version)
    );
  });

  // §7.1: 201; the division comes from the enterprise extension by name, else the home division.
  app.post(`${BASE}/users`, perms("directory:user:add"), async (request, reply) => {
    const input = readUser(request.body);
    assertUserNameFree(ctx, input.userName);
    const divisionId =
      input.division === undefined ? ctx.store.homeDivision().id : divisionIdByName(ctx, input.division);
    const user = ctx.store.addUser({
      id: ctx.nextId(),
      name: input.displayName,
      email: input.userName,
      divisionId,
      state: input.active === false ? "inactive" : "active",
      department: input.department,
      title: input.title,
      externalId: input.externalId,
    });
    const origin = originOf(request);
    void reply.status(201).header("Location", userLocation(origin, user.id));
    return send(request, reply, userView(ctx, user, origin), user.version);
  });

  app.put(`${BASE}/users/:userId`, perms("directory:user:edit"), async (request, reply) => {
    const { userId } = request.params as { userId: string };
    const user = userOr404(ctx, userId);
    checkIfMatch(ctx, request, user.version);
    replaceUser(ctx, user, readUser(request.body));
    return send(request, reply, userView(ctx, user, originOf(request)), user.version);
  });

  app.patch(`${BASE}/users/:userId`, perms("directory:user:edit"), async (request, reply) => {
    const { userId } = request.params as { userId: string };
    const user = userOr404(ctx, userId);
    checkIfMatch(ctx, request, user.version);
    const ops = readPatch(request.body, USER_ATTRIBUTES, USER_SCHEMA);
    const origin = originOf(request);
    const stamp = new Date(user.dateModified);
    const doc: PatchDocument = {
      ...userView(ctx, user, origin),
      schemas: [...USER_SCHEMAS],
      meta: { created: stamp, lastModified: stamp },
    };
    replaceUser(ctx, user, readUser(applyPatch(doc, ops)));
    return send(request, reply, userView(ctx, user, origin), user.version);
  });

  // §7.1: a soft delete (state deleted, out of every group and queue); 204.
  app.delete(`${BASE}/users/:userId`, perms("directory:user:delete"), async (request, reply) => {
    const { userId } = request.params as { userId: string };
    const user = userOr404(ctx, userId);
    checkIfMatch(ctx, request, user.version);
    ctx.store.deleteUser(user);
    return reply.status(204).send();
  });
};
