/**
 * A faithful local Genesys Cloud API for the subset gcguard uses (see README.md here), on a real HTTP server.
 *
 *   const emulator = await startEmulator({ seed: loadSeedFile("lib/emulator/seeds/demo.yaml") });
 *   // ... point a client at emulator.url ...
 *   await emulator.close();
 */
import path from "node:path";

import type { Clock } from "../clock";
import { realClock } from "../clock";
import { TokenTable } from "./auth";
import type { FaultRule } from "./faults";
import { FaultController } from "./faults";
import { createIdGenerator } from "./ids";
import { RateLimiter } from "./rate-limit";
import { RequestLog } from "./requests";
import { adminRoutes } from "./routes/admin";
import { authOrgRoutes } from "./routes/auth-org";
import { divisionRoutes } from "./routes/divisions";
import { groupsRoutes } from "./routes/groups";
import { kindsRoutes } from "./routes/kinds";
import { queuesRoutes } from "./routes/queues";
import { scimRoutes } from "./routes/scim";
import { usersRoutes } from "./routes/users";
import { voicemailRoutes } from "./routes/voicemail";
import type { Seed, SeedInput } from "./seed";
import { loadSeedFile, parseSeed } from "./seed";
import type { EmulatorContext, RouteModule } from "./server";
import { buildServer } from "./server";
import type { SettingsOverrides } from "./settings";
import { resolveSettings } from "./settings";
import { OrgStore } from "./store";

export { ADMIN_PREFIX } from "./server";
export type { FaultRule } from "./faults";
export type { Seed, SeedInput } from "./seed";
export type { EmulatorSettings, SettingsOverrides } from "./settings";

/** The shipped demo org (lib/emulator/seeds/demo.yaml). */
export const DEMO_SEED_FILE = path.join(__dirname, "seeds", "demo.yaml");

export interface EmulatorOptions {
  /** The org to serve. @default - the demo org */
  readonly seed?: Seed | SeedInput;
  readonly settings?: SettingsOverrides;
  readonly faults?: readonly FaultRule[];
  /** @default 0 (a free port) */
  readonly port?: number;
  /** @default "127.0.0.1" */
  readonly host?: string;
  /** Seed for generated IDs and fault probabilities. @default "gcguard" */
  readonly randomSeed?: string;
  /**
   * The time of token expiry and the rate-limit window, and the wait of injected latency; tests share a virtual
   * clock with the client so nothing waits out real time. @default realClock
   */
  readonly clock?: Clock;
}

export interface RunningEmulator {
  /** Base URL, e.g. http://127.0.0.1:41234 (API under /api/v2, OAuth at /oauth/token). */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** The live state. */
  readonly state: EmulatorContext["store"];
  readonly context: EmulatorContext;
  close(): Promise<void>;
}

/** Every endpoint group, in registration order. */
const ROUTES: readonly RouteModule[] = [
  authOrgRoutes,
  divisionRoutes,
  usersRoutes,
  groupsRoutes,
  queuesRoutes,
  kindsRoutes,
  voicemailRoutes,
  scimRoutes,
];

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const seed = options.seed ? parseSeed(options.seed, "emulator seed") : loadSeedFile(DEMO_SEED_FILE);
  const randomSeed = options.randomSeed ?? "gcguard";
  const ctx: EmulatorContext = {
    store: new OrgStore(seed),
    settings: resolveSettings(options.settings),
    nextId: createIdGenerator(randomSeed),
    tokens: new TokenTable(),
    limiter: new RateLimiter(),
    faults: new FaultController(options.faults ?? [], hashSeed(randomSeed)),
    requests: new RequestLog(),
    clock: options.clock ?? realClock,
  };
  const reset = (): void => {
    ctx.store = new OrgStore(seed);
    // Settings changed at run time (PATCH /__emulator/settings) are undone too: back to the start-up settings.
    ctx.settings = resolveSettings(options.settings);
    ctx.limiter.reset();
    ctx.requests.reset();
  };
  const app = buildServer(ctx, [...ROUTES, adminRoutes({ reset })]);
  const host = options.host ?? "127.0.0.1";
  await app.listen({ port: options.port ?? 0, host });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : (options.port ?? 0);
  const urlHost = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    host,
    port,
    get state() {
      return ctx.store;
    },
    context: ctx,
    close: () => app.close(),
  };
}

function hashSeed(text: string): number {
  let h = 2166136261;
  for (const ch of text) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return h >>> 0;
}
