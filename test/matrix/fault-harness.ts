/**
 * What the fault matrix (test/matrix/faults.test.ts) needs beside the emulator's own fault rules
 * (lib/emulator/faults.ts): a proxy in front of the emulator that answers HTML as a corporate proxy or captive
 * portal would, or loses the answer to a write that landed; a token revoked or expired in the middle of a run; and
 * the emulator's state reduced to what a write path must neither lose nor duplicate.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";

import { vi } from "vitest";

import type { RunningEmulator } from "../../lib/emulator";
import type { VirtualClock } from "../virtual-clock";

/**
 * What the proxy does instead of relaying API requests that match `match` (`METHOD /path-prefix`, or every API
 * request when absent): `times` of them (all when absent) after the first `after`. `html` answers an HTML page
 * with `status` and never forwards; `lost` forwards the request (so a write lands) and then drops the connection
 * instead of relaying the answer, as a gateway that timed out or a reset on the way back would.
 */
export interface ProxyFault {
  readonly does: "html" | "lost";
  readonly status?: number;
  readonly match?: string;
  readonly after?: number;
  readonly times?: number;
}

const HTML = "<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>\n";

export interface FaultProxy {
  readonly url: string;
  /** The fault from now on, or relay everything (undefined). */
  set(fault: ProxyFault | undefined): void;
  /** How many requests the fault took since it was set. */
  fired(): number;
  close(): Promise<void>;
}

/** Relays `req` to `target`; the answer goes to `res`, or, when `lose`, the connection is dropped once it came. */
function relay(target: string, req: IncomingMessage, res: ServerResponse, lose: boolean): void {
  const upstream = httpRequest(`${target}${req.url ?? "/"}`, { method: req.method, headers: req.headers }, (up) => {
    if (lose) {
      up.resume();
      up.on("end", () => res.destroy());
      return;
    }
    res.writeHead(up.statusCode ?? 502, up.headers);
    up.pipe(res);
  });
  upstream.on("error", () => res.destroy());
  req.pipe(upstream);
}

function matches(fault: ProxyFault, req: IncomingMessage): boolean {
  const url = req.url ?? "";
  if (!url.startsWith("/api/v2/")) return false;
  if (!fault.match) return true;
  const [method = "", prefix = ""] = fault.match.split(" ");
  return req.method === method && url.startsWith(prefix);
}

/** A relaying proxy to `target` that can answer HTML instead, or lose the answer of a request it relayed. */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  let fault: ProxyFault | undefined;
  let seen = 0;
  let fired = 0;
  const server = createServer((req, res) => {
    const take =
      fault !== undefined &&
      matches(fault, req) &&
      ++seen > (fault.after ?? 0) &&
      (fault.times === undefined || fired < fault.times);
    if (take) fired++;
    if (take && fault?.does === "html") {
      req.resume();
      res.writeHead(fault.status ?? 502, { "content-type": "text/html; charset=utf-8" }).end(HTML);
    } else relay(target, req, res, take);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    set(next) {
      fault = next;
      seen = 0;
      fired = 0;
    },
    fired: () => fired,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Watches the emulator's fault rules fire (injected latency included) and, given `tokens`, revokes every token or
 * moves the clock past their lifetime right before the `nth` API request. `fired` counts both; `restore` stops
 * watching.
 */
export function watchFaults(
  emulator: RunningEmulator,
  clock: VirtualClock,
  tokens?: { nth: number; how: "revoke" | "expire" },
): { fired: () => number; restore: () => void } {
  const { faults, tokens: issued, settings } = emulator.context;
  const pick = faults.pick.bind(faults);
  let seen = 0;
  let fired = 0;
  const spy = vi.spyOn(faults, "pick").mockImplementation((method, path) => {
    if (tokens && path.startsWith("/api/v2/") && ++seen === tokens.nth) {
      fired++;
      if (tokens.how === "revoke") issued.revoke();
      else clock.advance(settings.tokenLifetimeSeconds * 1000 + 1000);
    }
    const picked = pick(method, path);
    if (picked.fault || picked.latencyMs > 0) fired++;
    return picked;
  });
  return { fired: () => fired, restore: () => spy.mockRestore() };
}

interface StateUser {
  id: string;
  userName?: string;
  email?: string;
  divisionId: string;
  state?: string;
  title?: string;
}
interface StateDump {
  users: StateUser[];
  groups: { id: string; name: string; memberIds: string[] }[];
  queues: { id: string; name: string; divisionId: string; memberIds?: string[] }[];
}

/**
 * The emulator's state as a write path must keep it: users by name with their division and title, group and queue
 * members, queue divisions. Users are keyed by name, not id, so `duplicates` lists a user name held twice (a
 * retried create that landed twice); the write paths create no groups or queues, so those keep their ids.
 */
export function project(dump: unknown): { state: Record<string, unknown>; duplicates: string[] } {
  const { users, groups, queues } = dump as StateDump;
  const nameOf = new Map(users.map((u) => [u.id, u.userName ?? u.email ?? u.id]));
  const names = (ids: readonly string[] = []) => ids.map((id) => nameOf.get(id) ?? id).sort();
  const live = users.filter((u) => u.state !== "deleted").map((u) => nameOf.get(u.id));
  const duplicates = live.filter((name, i) => live.indexOf(name) !== i).map((name) => `user ${name}`);
  const state: Record<string, unknown> = {};
  for (const u of users) state[`user ${nameOf.get(u.id)}`] = { division: u.divisionId, title: u.title, state: u.state };
  for (const g of groups) state[`group ${g.id} ${g.name}`] = names(g.memberIds);
  for (const q of queues) state[`queue ${q.id} ${q.name}`] = { division: q.divisionId, members: names(q.memberIds) };
  return { state, duplicates };
}
