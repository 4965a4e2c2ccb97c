/**
 * What the fault matrix (test/matrix/faults.test.ts) needs beside the emulator's own fault rules
 * (lib/emulator/faults.ts): a proxy in front of the emulator that answers HTML as a corporate proxy or captive
 * portal would, a token revoked or expired in the middle of a run, and the emulator's state reduced to what a
 * write path must neither lose nor duplicate.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";

import { vi } from "vitest";

import type { RunningEmulator } from "../../lib/emulator";
import type { VirtualClock } from "../virtual-clock";

/** How the proxy answers API requests instead of forwarding them: `times` of them (all when absent) after `after`. */
export interface HtmlAnswer {
  readonly status: number;
  readonly after?: number;
  readonly times?: number;
}

const HTML = "<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>\n";

export interface HtmlProxy {
  readonly url: string;
  /** Answer HTML from now on as described, or forward everything (undefined). */
  set(answer: HtmlAnswer | undefined): void;
  close(): Promise<void>;
}

/** A forwarding proxy to `target` that can answer API requests with an HTML page instead. */
export async function startHtmlProxy(target: string): Promise<HtmlProxy> {
  let answer: HtmlAnswer | undefined;
  let seen = 0;
  let fired = 0;
  const forward = (req: IncomingMessage, res: ServerResponse): void => {
    const upstream = httpRequest(`${target}${req.url ?? "/"}`, { method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  };
  const server = createServer((req, res) => {
    const api = (req.url ?? "").startsWith("/api/v2/");
    if (api && answer && ++seen > (answer.after ?? 0) && (answer.times === undefined || fired < answer.times)) {
      fired++;
      req.resume();
      res.writeHead(answer.status, { "content-type": "text/html; charset=utf-8" }).end(HTML);
      return;
    }
    forward(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    set(next) {
      answer = next;
      seen = 0;
      fired = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Makes the emulator revoke every token (`expire: false`) or jump its clock past their lifetime (`expire: true`)
 * right before its `nth` API request. Returns the undo.
 */
export function breakTokensAt(
  emulator: RunningEmulator,
  clock: VirtualClock,
  nth: number,
  how: "revoke" | "expire",
): () => void {
  const { faults, tokens, settings } = emulator.context;
  const pick = faults.pick.bind(faults);
  let seen = 0;
  const spy = vi.spyOn(faults, "pick").mockImplementation((method, path) => {
    if (path.startsWith("/api/v2/") && ++seen === nth) {
      if (how === "revoke") tokens.revoke();
      else clock.advance(settings.tokenLifetimeSeconds * 1000 + 1000);
    }
    return pick(method, path);
  });
  return () => spy.mockRestore();
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
