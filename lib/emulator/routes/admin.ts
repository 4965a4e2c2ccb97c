/**
 * The admin API, under /__emulator (no auth, never counted or rate-limited): state dumps, request counts, faults,
 * "another writer"'s group changes, settings, token revocation and reset. Tests and `gcguard` commands use it; a
 * real org has nothing like it.
 */
import type { FastifyReply } from "fastify";
import { z } from "zod";

import { applyGroupChange, FaultRule, faultRuleProblems, GroupChange, groupChangeProblems } from "../faults";
import type { EmulatorContext, RouteModule } from "../server";
import { ADMIN_PREFIX } from "../server";
import type { EmulatorSettings, SettingsOverrides } from "../settings";
import { resolveSettings, settingsProblems } from "../settings";

export interface AdminHooks {
  /** Restores the seed the emulator started with. */
  readonly reset: () => void;
}

/** Merges a settings change over the current settings; 400 naming the mistakes of an invalid one. */
function patchSettings(ctx: EmulatorContext, body: unknown, reply: FastifyReply): EmulatorSettings | FastifyReply {
  const problems = settingsProblems(body ?? {});
  if (problems.length > 0)
    return reply.status(400).send({ error: `invalid settings: ${problems.join("; ")}`, problems });
  ctx.settings = resolveSettings({ ...(ctx.settings as SettingsOverrides), ...(body as SettingsOverrides) });
  ctx.limiter.reset();
  return ctx.settings;
}

export function adminRoutes(hooks: AdminHooks): RouteModule {
  return (app, ctx) => {
    app.get(`${ADMIN_PREFIX}/state`, async () => ctx.store.dump());

    app.get(`${ADMIN_PREFIX}/requests`, async () => ctx.requests.counts());
    app.delete(`${ADMIN_PREFIX}/requests`, async (_request, reply) => {
      ctx.requests.reset();
      return reply.status(204).send();
    });

    app.get(`${ADMIN_PREFIX}/faults`, async () => ctx.faults.list());
    app.put(`${ADMIN_PREFIX}/faults`, async (request, reply) => {
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
    app.delete(`${ADMIN_PREFIX}/faults`, async (_request, reply) => {
      ctx.faults.set([]);
      return reply.status(204).send();
    });

    // A write fault's change, applied now as another writer (for demos): 204, 404 unknown group, 400 unknown user.
    app.post(`${ADMIN_PREFIX}/groups/:groupId/write`, async (request, reply) => {
      const { groupId } = request.params as { groupId: string };
      const change = GroupChange.safeParse(request.body ?? {});
      if (!change.success)
        return reply.status(400).send({ error: "invalid group change", issues: change.error.issues });
      if (!ctx.store.groups.has(groupId)) return reply.status(404).send({ error: `unknown group ${groupId}` });
      const problems = groupChangeProblems(ctx.store, groupId, change.data);
      if (problems.length > 0) return reply.status(400).send({ error: problems.join("; "), problems });
      applyGroupChange(ctx.store, groupId, change.data);
      return reply.status(204).send();
    });

    app.get(`${ADMIN_PREFIX}/settings`, async () => ctx.settings);
    app.patch(`${ADMIN_PREFIX}/settings`, async (request, reply) => patchSettings(ctx, request.body, reply));

    app.post(`${ADMIN_PREFIX}/tokens/revoke`, async (request) => {
      const clientId = (request.body as { clientId?: string } | undefined)?.clientId;
      return { revoked: ctx.tokens.revoke(clientId) };
    });

    app.post(`${ADMIN_PREFIX}/reset`, async (_request, reply) => {
      hooks.reset();
      return reply.status(204).send();
    });
  };
}
