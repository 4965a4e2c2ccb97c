/**
 * The emulator's HTTP server (fastify): shared behaviour for every route. In order, per request: correlation id,
 * request count, injected latency, "another writer"'s changes, the injected fault, bearer auth, the per-token rate
 * limit, the route's permissions, then the route. Errors become Genesys ErrorBody (or SCIM error) responses;
 * unknown routes a loud 404.
 */
import { randomUUID } from "node:crypto";

import Fastify from "fastify";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

import type { Clock } from "../clock";
import type { TokenTable } from "./auth";
import { authenticate, requireAnyPermission, requirePermissions } from "./auth";
import { ApiError, ScimError } from "./errors";
import type { FaultController, FaultRule, GroupWrite } from "./faults";
import { applyGroupChange, faultRuleProblems, groupChangeProblems } from "./faults";
import type { RateLimiter } from "./rate-limit";
import { tooManyRequests } from "./rate-limit";
import type { RequestLog } from "./requests";
import type { SeedClient } from "./seed";
import type { EmulatorSettings } from "./settings";
import type { OrgStore } from "./store";

declare module "fastify" {
  interface FastifyRequest {
    correlationId: string;
    client: SeedClient | null;
  }
  interface FastifyContextConfig {
    /** Permissions the route needs, all of them (docs/genesys-api.md tables). */
    permissions?: readonly string[];
    /** Permissions of which the route needs one at least (the SDK docs' "Requires ANY permissions"). */
    anyPermissions?: readonly string[];
  }
}

/** What routes read and change. `store` and `settings` are replaced on reset, so read them per request. */
export interface EmulatorContext {
  store: OrgStore;
  settings: EmulatorSettings;
  readonly nextId: () => string;
  readonly tokens: TokenTable;
  readonly limiter: RateLimiter;
  readonly faults: FaultController;
  readonly requests: RequestLog;
  /** Token expiry, the rate-limit window and injected latency run on this clock. */
  readonly clock: Clock;
}

export type RouteModule = (app: FastifyInstance, ctx: EmulatorContext) => void;

export const ADMIN_PREFIX = "/__emulator";
const API_PREFIX = "/api/v2/";

/** The authenticated client of an /api/v2 request. */
export function clientOf(request: FastifyRequest): SeedClient {
  if (!request.client)
    throw new ApiError(
      401,
      "authentication.required",
      "No authentication bearer token specified in authorization header.",
    );
  return request.client;
}

const STATUS_CODES: Readonly<Record<number, [string, string]>> = {
  500: [
    "internal.server.error",
    "The server encountered an unexpected condition which prevented it from fulfilling the request.",
  ],
  502: ["bad.gateway", "The server received an invalid response from an upstream server."],
  503: [
    "service.unavailable",
    "Service Unavailable - The server is currently unavailable (because it is overloaded or down for maintenance).",
  ],
  504: ["request.timeout", "The request timed out."],
};

async function applyFault(fault: FaultRule, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  switch (fault.kind) {
    case "status": {
      const status = fault.status ?? 503;
      const [code, message] = STATUS_CODES[status] ?? ["general.error", "Injected fault {status}."];
      throw new ApiError(status, code, message, { messageParams: { status: String(status) } });
    }
    case "rate-limit": {
      const retryAfter = fault.retryAfterSeconds ?? 1;
      reply.header("Retry-After", String(retryAfter));
      throw tooManyRequests(retryAfter);
    }
    case "reset":
      reply.hijack();
      request.raw.socket.destroy();
      return;
    case "malformed":
      reply.hijack();
      reply.raw.writeHead(200, {
        "content-type": "application/json",
        "ININ-Correlation-Id": request.correlationId,
      });
      reply.raw.end(
        fault.body === "wrong-shape" ? '{"entities":"not-a-list","id":42,"name":false}' : '{"entities":[{"id":"',
      );
      return;
    // Never "the" fault of a request: pick() returns these separately.
    case "latency":
    case "write":
      return;
  }
}

/**
 * A `write` fault: another writer changes a group right before the request is handled. The admin API checks the
 * ids when the rule is set; if the group or a user has gone since (a reset, a delete), the request fails loudly
 * with a 500 naming them, rather than the test silently losing its race.
 */
function applyWrite(ctx: EmulatorContext, write: GroupWrite): void {
  const problems = groupChangeProblems(ctx.store, write.group, write);
  if (problems.length > 0) {
    throw new ApiError(
      500,
      "emulator.fault.invalid",
      "emulator: a write fault rule cannot apply: {problems}; fix it with PUT /__emulator/faults",
      { messageParams: { problems: problems.join("; ") } },
    );
  }
  applyGroupChange(ctx.store, write.group, write);
}

export function buildServer(ctx: EmulatorContext, routes: readonly RouteModule[]): FastifyInstance {
  const problems = faultRuleProblems(ctx.store, ctx.faults.list());
  if (problems.length > 0) throw new Error(`emulator: invalid fault rules: ${problems.join("; ")}`);
  const app = Fastify({
    logger: false,
    // SCIM clients send /Users and /Groups; Genesys documents lowercase paths (docs/genesys-api.md §7.1).
    routerOptions: { caseSensitive: false, ignoreTrailingSlash: true },
    forceCloseConnections: true,
    bodyLimit: 16 * 1024 * 1024,
  });
  app.decorateRequest("correlationId", "");
  app.decorateRequest("client", null);
  addBodyParsers(app);
  app.addHook("onRequest", async (request, reply) => beforeRoute(ctx, request, reply));
  app.addHook("preHandler", async (request) => {
    const { permissions, anyPermissions } = request.routeOptions.config;
    if (permissions && request.client) requirePermissions(request.client, permissions);
    if (anyPermissions && request.client) requireAnyPermission(request.client, anyPermissions);
  });
  app.addHook("onResponse", async (request, reply) => {
    if (!request.url.startsWith(ADMIN_PREFIX)) ctx.requests.recordStatus(reply.statusCode);
  });
  app.setErrorHandler(async (error, request, reply) => {
    if (error instanceof ScimError) {
      return reply.status(error.status).type(scimType(request)).send(error.body());
    }
    const apiError = asApiError(error);
    return reply.status(apiError.status).type("application/json").send(apiError.body(request.correlationId));
  });
  app.setNotFoundHandler(async (request, reply) => {
    const route = `${request.method} ${request.url.split("?")[0]}`;
    return reply
      .status(404)
      .type("application/json")
      .send(
        new ApiError(
          404,
          "not.found",
          "emulator: no route for {route}; the emulator serves the subset listed in lib/emulator/README.md",
          { messageParams: { route } },
        ).body(request.correlationId),
      );
  });
  for (const register of routes) register(app, ctx);
  return app;
}

/** JSON and SCIM JSON; an empty body is no body (SDKs send a content type on bodiless DELETEs). */
function addBodyParsers(app: FastifyInstance): void {
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser(["application/json", "application/scim+json"], { parseAs: "string" }, (_req, body, done) => {
    const text = String(body);
    if (text.trim() === "") return done(null, undefined);
    try {
      done(null, JSON.parse(text) as unknown);
    } catch {
      done(
        new ApiError(400, "bad.request", "The request could not be understood by the server due to malformed syntax."),
        undefined,
      );
    }
  });
  app.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string" }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });
}

/**
 * Before any route: the correlation id, the request log, latency and faults, then (API paths only) the client
 * behind the bearer token and the per-token rate limit. Admin paths get none of it.
 */
async function beforeRoute(ctx: EmulatorContext, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  request.correlationId = randomUUID();
  void reply.header("ININ-Correlation-Id", request.correlationId);
  const path = request.url.split("?")[0] ?? "";
  if (path.startsWith(ADMIN_PREFIX)) return;
  ctx.requests.record(`${request.method} ${request.routeOptions.url ?? "(no route)"}`);

  const { latencyMs, writes, fault } = ctx.faults.pick(request.method, path);
  const delay = ctx.settings.latencyMs + latencyMs;
  if (delay > 0) await ctx.clock.sleep(delay);
  for (const write of writes) applyWrite(ctx, write);
  if (fault) {
    await applyFault(fault, request, reply);
    if (reply.sent) return;
  }

  if (path.toLowerCase().startsWith(API_PREFIX)) {
    const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? "")?.[1] ?? "";
    const now = ctx.clock.now();
    request.client = authenticate(request.headers.authorization, ctx.tokens, ctx.store.clients, now);
    const { requestsPerWindow, windowMs } = ctx.settings.rateLimit;
    const decision = ctx.limiter.check(token, requestsPerWindow, windowMs, now);
    void reply.headers(decision.headers);
    if (decision.error) {
      void reply.header("Retry-After", String(decision.retryAfterSeconds));
      throw decision.error;
    }
  }
}

/** Anything a route or Fastify threw, as the platform error Genesys would send. */
function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const status = (error as { statusCode?: number }).statusCode ?? 500;
  if (status === 415)
    return new ApiError(
      415,
      "unsupported.media.type",
      "Unsupported Media Type - Unsupported or incorrect media type, such as an incorrect Content-Type value in the header.",
    );
  if (status >= 400 && status < 500)
    return new ApiError(
      status,
      "bad.request",
      "The request could not be understood by the server due to malformed syntax.",
    );
  return new ApiError(500, "internal.server.error", "The emulator failed: {reason}", {
    messageParams: { reason: (error as Error).message },
  });
}

/** SCIM answers in application/scim+json when the client asks for it, else application/json (§7.1). */
export function scimType(request: FastifyRequest): string {
  return (request.headers.accept ?? "").includes("application/scim+json")
    ? "application/scim+json"
    : "application/json";
}
