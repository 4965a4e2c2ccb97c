/**
 * The admin API, under /__emulator (no auth, never counted or rate-limited): state dumps, request counts, faults,
 * "another writer"'s group changes, settings, token revocation and reset. Tests and `gcguard` commands use it; a
 * real org has nothing like it.
 */
import type { FastifyInstance, FastifyReply, RouteHandlerMethod } from "fastify";
import { z } from "zod";

import { applyGroupChange, FaultRule, faultRuleProblems, GroupChange, groupChangeProblems } from "../faults";
import type { EmulatorContext, RouteModule } from "../server";
import { ADMIN_PREFIX } from "../server";
import type { EmulatorSettings } from "../settings";
import { mergeSettings, parseSettingsPatch } from "../settings";

export interface AdminHooks {
  /** Restores the seed and the settings the emulator started with. */
  readonly reset: () => void;
}

/** One admin route as `GET /__emulator/` lists it. */
export interface AdminRoute {
  readonly method: "GET" | "PUT" | "PATCH" | "POST" | "DELETE";
  readonly path: string;
  readonly does: string;
}

type AddRoute = (route: AdminRoute, handler: RouteHandlerMethod) => void;

/** Merges a valid settings change over the current settings; a 400 naming every mistake applies nothing. */
function patchSettings(ctx: EmulatorContext, body: unknown, reply: FastifyReply): EmulatorSettings | FastifyReply {
  const parsed = parseSettingsPatch(body);
  if (!parsed.ok) {
    return reply
      .status(400)
      .send({ error: `invalid settings: ${parsed.problems.join("; ")}`, problems: parsed.problems });
  }
  ctx.settings = mergeSettings(ctx.settings, parsed.patch);
  ctx.limiter.reset();
  return ctx.settings;
}

/** Registers admin routes and keeps the list `GET /__emulator/` answers, so the index cannot drift from them. */
function adminRegistrar(app: FastifyInstance): { add: AddRoute; index: readonly AdminRoute[] } {
  const index: AdminRoute[] = [];
  return {
    index,
    add: (route, handler) => {
      const url = `${ADMIN_PREFIX}${route.path}`;
      index.push({ ...route, path: url });
      app.route({ method: route.method, url, handler });
    },
  };
}

export function adminRoutes(hooks: AdminHooks): RouteModule {
  return (app, ctx) => {
    const { add, index } = adminRegistrar(app);
    add({ method: "GET", path: "/", does: "this index of the admin routes" }, async () => ({
      admin: "gcguard emulator admin API: no auth, not counted, not rate-limited (lib/emulator/README.md)",
      routes: index,
    }));
    add({ method: "GET", path: "/state", does: "the whole org as a seed (re-seedable)" }, async () => ctx.store.dump());

    add({ method: "GET", path: "/requests", does: "request counts per route and per status" }, async () =>
      ctx.requests.counts(),
    );
    add({ method: "DELETE", path: "/requests", does: "reset the request counts" }, async (_request, reply) => {
      ctx.requests.reset();
      return reply.status(204).send();
    });

    addFaultRoutes(add, ctx);

    add({ method: "GET", path: "/settings", does: "the current settings" }, async () => ctx.settings);
    add(
      { method: "PATCH", path: "/settings", does: "change settings (checked whole; 400 applies nothing)" },
      async (request, reply) => patchSettings(ctx, request.body, reply),
    );

    add(
      { method: "POST", path: "/tokens/revoke", does: 'revoke all tokens, or one client\'s ({"clientId": "..."})' },
      async (request) => {
        const clientId = (request.body as { clientId?: string } | undefined)?.clientId;
        return { revoked: ctx.tokens.revoke(clientId) };
      },
    );

    add(
      { method: "POST", path: "/reset", does: "back to the seed and the settings the emulator started with" },
      async (_request, reply) => {
        hooks.reset();
        return reply.status(204).send();
      },
    );
  };
}

/** Fault rules, and "another writer"'s group changes applied at once. */
function addFaultRoutes(add: AddRoute, ctx: EmulatorContext): void {
  add({ method: "GET", path: "/faults", does: "the fault rules" }, async () => ctx.faults.list());
  add({ method: "PUT", path: "/faults", does: "replace the fault rules (faults.ts)" }, async (request, reply) => {
    const rules = z.array(FaultRule).safeParse(request.body);
    if (!rules.success) return reply.status(400).send({ error: "invalid fault rules", issues: rules.error.issues });
    // Write rules name a group and users: check them now, against the live store, not when they fire.
    const problems = faultRuleProblems(ctx.store, rules.data);
    if (problems.length > 0) {
      return reply.status(400).send({ error: `invalid fault rules: ${problems.join("; ")}`, problems });
    }
    ctx.faults.set(rules.data);
    return ctx.faults.list();
  });
  add({ method: "DELETE", path: "/faults", does: "remove every fault rule" }, async (_request, reply) => {
    ctx.faults.set([]);
    return reply.status(204).send();
  });

  // A write fault's change, applied now as another writer (for demos): 204, 404 unknown group, 400 unknown user.
  add(
    { method: "POST", path: "/groups/:groupId/write", does: "change a group now, as another writer" },
    async (request, reply) => {
      const { groupId } = request.params as { groupId: string };
      const change = GroupChange.safeParse(request.body ?? {});
      if (!change.success)
        return reply.status(400).send({ error: "invalid group change", issues: change.error.issues });
      if (!ctx.store.groups.has(groupId)) return reply.status(404).send({ error: `unknown group ${groupId}` });
      const problems = groupChangeProblems(ctx.store, groupId, change.data);
      if (problems.length > 0) return reply.status(400).send({ error: problems.join("; "), problems });
      applyGroupChange(ctx.store, groupId, change.data);
      return reply.status(204).send();
    },
  );
}
