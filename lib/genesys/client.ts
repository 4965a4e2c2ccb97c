/**
 * The Genesys Cloud client every gcguard command shares: connection from options or the provider's environment
 * variables, one request pipeline (pacing, auth, retries, validation, accounting), typed operations.
 *
 *   const genesys = createGenesysClient();              // GENESYSCLOUD_* from the environment
 *   const divisions = await genesys.divisions.list({ objectCount: true });
 *   genesys.stats();                                    // requests per endpoint, retries, 429s, time waited
 */

import { redactorFor } from "../redact";
import type { CallStats } from "./accounting";
import type { Connection, ConnectionOptions } from "./config";
import { resolveConnection } from "./config";
import type { HttpOptions } from "./http";
import { GenesysHttp } from "./http";
import type { ClientLimits } from "./limits";
import { defaultLimits } from "./limits";
import { DivisionOperations } from "./operations/divisions";
import { GroupOperations } from "./operations/groups";
import { NamedOperations } from "./operations/named";
import { QueueOperations } from "./operations/queues";
import { ScimOperations } from "./operations/scim";
import { UserOperations } from "./operations/users";
import { Organization } from "./schemas";

export interface ClientOptions extends ConnectionOptions {
  /** An already resolved connection; otherwise resolved from the other options and `env`. */
  readonly connection?: Connection;
  readonly env?: NodeJS.ProcessEnv;
  readonly retry?: HttpOptions["retry"];
  readonly pacing?: HttpOptions["pacing"];
  readonly limits?: Partial<ClientLimits>;
  readonly timeoutMs?: number;
  /**
   * Debug lines on this function (opt-in; `GCGUARD_DEBUG=1` sends them to stderr through the redaction pass,
   * lib/redact.ts). Never headers or bodies.
   */
  readonly log?: (line: string) => void;
  /** Told when requests start a wait of a second or more, and why (a progress display says so). */
  readonly onWait?: HttpOptions["onWait"];
  /** What pacing and retries read and wait on (lib/clock.ts); tests pass a virtual one. @default realClock */
  readonly clock?: HttpOptions["clock"];
}

export class GenesysClient {
  readonly divisions: DivisionOperations;
  readonly users: UserOperations;
  readonly queues: QueueOperations;
  readonly groups: GroupOperations;
  readonly scim: ScimOperations;
  /** Any kind by name, read as lib/org/kind-table/ describes it. */
  readonly named: NamedOperations;

  constructor(
    readonly connection: Connection,
    readonly http: GenesysHttp,
    limits: ClientLimits,
  ) {
    this.divisions = new DivisionOperations(http, limits);
    this.users = new UserOperations(http, limits);
    this.queues = new QueueOperations(http, limits);
    this.groups = new GroupOperations(http, limits);
    this.scim = new ScimOperations(http, limits);
    this.named = new NamedOperations(http);
  }

  async organization(): Promise<Organization> {
    return (await this.http.request({ method: "GET", path: "/api/v2/organizations/me", schema: Organization })).data;
  }

  /** Requests per endpoint, retries, 429s and time waited, so far. */
  stats(): CallStats {
    return this.http.stats();
  }
}

/** The debug log on stderr: a request line can carry a URL, and so a query the redaction pass knows. */
function debugToStderr(env: NodeJS.ProcessEnv): (line: string) => void {
  const redact = redactorFor(env);
  return (line) => process.stderr.write(`${redact(line)}\n`);
}

export function createGenesysClient(options: ClientOptions = {}): GenesysClient {
  const env = options.env ?? process.env;
  const connection = options.connection ?? resolveConnection(options, env);
  const log = options.log ?? (env.GCGUARD_DEBUG === "1" ? debugToStderr(env) : undefined);
  const http = new GenesysHttp({
    apiBaseUrl: connection.apiBaseUrl,
    loginBaseUrl: connection.loginBaseUrl,
    auth: connection.auth,
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.pacing ? { pacing: options.pacing } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    ...(log ? { log } : {}),
    ...(options.onWait ? { onWait: options.onWait } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  return new GenesysClient(connection, http, { ...defaultLimits, ...options.limits });
}
