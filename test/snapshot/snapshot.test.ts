/**
 * `gcguard snapshot` against the emulator: the round trip (snapshot -> seed -> emulator -> snapshot gives the same
 * bytes), read-only, request counts (no N+1), --redact, and the command as users run it (real processes).
 */
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import path from "node:path";

import { afterEach, describe, expect, test, vi } from "vitest";

import { DEMO_SEED_FILE, startEmulator } from "../../lib/emulator";
import type { Seed } from "../../lib/emulator/seed";
import { loadSeedFile } from "../../lib/emulator/seed";
import type { GenesysClient } from "../../lib/genesys/client";
import { createGenesysClient } from "../../lib/genesys/client";
import { pseudonymHashes } from "../../lib/snapshot/redact";
import { serializeSeed } from "../../lib/snapshot/format";
import { REHEARSAL_CLIENT } from "../../lib/snapshot/rehearsal-client";
import { OBJECT_KINDS } from "../../lib/snapshot/objects";
import { takeSnapshot } from "../../lib/snapshot/snapshot";
import { run } from "../../scripts/cli";
import { DEMO, useEmulator } from "../emulator/helpers";
import { tempDir } from "../helpers";
import { VirtualClock } from "../virtual-clock";

const ROOT = path.join(__dirname, "..", "..");
const BIN = path.join("scripts", "gcguard.cjs");
const CI = { id: "gcguard-ci", secret: "demo-secret-ci" };

const clientFor = (url: string, id = CI.id, secret = CI.secret): GenesysClient =>
  createGenesysClient({ baseUrl: url, clientId: id, clientSecret: secret, env: {} });

const demo = loadSeedFile(DEMO_SEED_FILE);

/**
 * Requests for the demo org (5 divisions, 10 users of which 1 inactive, 4 groups, 3 queues, each with direct
 * members): 1 login + 1 org + 1 division page + 1 user search (10 < 100, no q64 page) + 2 SCIM user pages (active,
 * inactive) + 1 group page + 1 SCIM group page + 1 queue page + 3 member listings (one per queue with direct
 * members) = 12, and one listing per other kind (28: skills, flows, ...; lib/snapshot/objects.ts) = 40. No
 * GET .../divisions/home (the listing flags the home division), no GET .../individuals.
 */
const DEMO_REQUESTS = {
  ...Object.fromEntries(OBJECT_KINDS.map((k) => [`GET ${(k.listAll ?? k.list).path}`, 1])),
  "GET /api/v2/authorization/divisions": 1,
  "GET /api/v2/groups": 1,
  "GET /api/v2/organizations/me": 1,
  "GET /api/v2/routing/queues": 1,
  "GET /api/v2/routing/queues/:queueId/members": 3,
  "GET /api/v2/scim/v2/groups": 1,
  "GET /api/v2/scim/v2/users": 2,
  "POST /api/v2/users/search": 1,
  "POST /oauth/token": 1,
};

describe("takeSnapshot of the demo org", () => {
  const api = useEmulator();

  test("round trip: the snapshot of an emulator seeded with a snapshot is identical, object and bytes", async () => {
    const first = await takeSnapshot(clientFor(api().emulator.url));
    const copy = await startEmulator({ seed: first });
    try {
      // The copy only knows the rehearsal client: logging in with it is part of the round trip.
      const second = await takeSnapshot(clientFor(copy.url, REHEARSAL_CLIENT.id, REHEARSAL_CLIENT.secret));
      expect(second).toEqual(first);
      expect(serializeSeed(second, "json")).toBe(serializeSeed(first, "json"));
      expect(serializeSeed(second, "yaml")).toBe(serializeSeed(first, "yaml"));
    } finally {
      await copy.close();
    }
    // What the demo org holds came across.
    expect(first.org).toMatchObject({ id: demo.org.id, name: demo.org.name, defaultCountryCode: "GB" });
    expect(first.clients).toEqual([REHEARSAL_CLIENT]);
    expect(first.divisions.map((d) => [d.name, d.home === true])).toContainEqual(["Home", true]);
    const byId = <T extends { id: string }>(xs: readonly T[]): T[] => [...xs].sort((a, b) => (a.id < b.id ? -1 : 1));
    // Versions are not copied; the demo's are the seed default 1 anyway.
    expect(first.users).toEqual(byId(demo.users));
    expect(first.groups).toEqual(byId(demo.groups));
    expect(first.queues.find((q) => q.id === DEMO.salesCallback)?.members).toEqual([
      { userId: DEMO.ada, ringNumber: 1, joined: true },
      { userId: DEMO.alan, ringNumber: 2, joined: true },
    ]);
    // Every array sorted by id.
    const lists: (readonly { id: string }[])[] = [first.divisions, first.users, first.groups, first.queues];
    for (const list of lists) expect(list.map((x) => x.id)).toEqual(byId(list).map((x) => x.id));
  });

  test("read-only: the org state is unchanged and only GETs, searches and the login were sent", async () => {
    await api().admin("DELETE", "/requests");
    const before = (await api().admin("GET", "/state")).text;
    const client = clientFor(api().emulator.url);
    await takeSnapshot(client);
    expect((await api().admin("GET", "/state")).text).toBe(before);
    const log = await api().admin<{ byRoute: Record<string, number> }>("GET", "/requests");
    const allowed = new Set(["POST /api/v2/users/search", "POST /api/v2/groups/search", "POST /oauth/token"]);
    for (const route of Object.keys(log.body.byRoute))
      expect(route.startsWith("GET ") || allowed.has(route)).toBe(true);
    // The emulator saw exactly what the client counted.
    expect(log.body.byRoute).toEqual(client.stats().requests);
  });

  test("no N+1: 40 requests for the demo org, as the formula predicts", async () => {
    const client = clientFor(api().emulator.url);
    await takeSnapshot(client);
    expect(client.stats().requests).toEqual(DEMO_REQUESTS);
    expect(client.stats().totalRequests).toBe(40);
  });

  test("no N+1: queues without direct members and groups without members cost nothing more", async () => {
    // 10 more queues with member groups only and 20 more groups: still 3 member listings, no .../individuals.
    const seed: Seed = {
      ...demo,
      groups: [
        ...demo.groups,
        ...Array.from({ length: 20 }, (_, i) => ({
          id: `c1000000-0000-4000-8000-${pad(i)}`,
          name: `Empty ${i}`,
          type: "official" as const,
          visibility: "public" as const,
          rulesVisible: true,
          rolesEnabled: true,
          callsEnabled: true,
          includeOwners: false,
          memberIds: [],
          ownerIds: [],
          version: 1,
        })),
      ],
      queues: [
        ...demo.queues,
        ...Array.from({ length: 10 }, (_, i) => ({
          id: `b1000000-0000-4000-8000-${pad(i)}`,
          name: `Group-only ${i}`,
          divisionId: DEMO.legacySales,
          memberGroups: [{ id: DEMO.legacyTeam, type: "GROUP" as const }],
          members: [],
          settings: {},
        })),
      ],
    };
    const emulator = await startEmulator({ seed });
    try {
      const client = clientFor(emulator.url);
      const snapshot = await takeSnapshot(client);
      expect(snapshot.queues).toHaveLength(13);
      expect(snapshot.groups).toHaveLength(24);
      expect(client.stats().requests).toEqual(DEMO_REQUESTS);
    } finally {
      await emulator.close();
    }
  });

  test("--redact: no name, email, external id or title left; ids, structure and memberships unchanged", async () => {
    const seed: Seed = {
      ...demo,
      users: demo.users.map((u, i) => (i === 0 ? { ...u, title: "Chief Analytical Engine Officer" } : u)),
    };
    const emulator = await startEmulator({ seed });
    try {
      const plain = await takeSnapshot(clientFor(emulator.url));
      const redacted = await takeSnapshot(clientFor(emulator.url), { redact: true });
      const again = await takeSnapshot(clientFor(emulator.url), { redact: true });
      expect(serializeSeed(again, "json")).toBe(serializeSeed(redacted, "json"));

      for (const text of [serializeSeed(redacted, "json"), serializeSeed(redacted, "yaml")]) {
        for (const u of seed.users) {
          expect(text).not.toContain(u.name);
          expect(text).not.toContain(u.email);
          expect(text).not.toContain(u.email.split("@")[0] + "@");
          if (u.externalId) expect(text).not.toContain(u.externalId);
        }
        expect(text).not.toContain("acme.example");
        expect(text).not.toContain("Chief Analytical");
      }
      const hashes = pseudonymHashes(plain.users.map((u) => u.id));
      for (const u of redacted.users) {
        const h = hashes.get(u.id);
        expect(u.name).toBe(`User ${h}`);
        expect(u.email).toBe(`user-${h}@example.invalid`);
      }
      expect(new Set(redacted.users.map((u) => u.email)).size).toBe(redacted.users.length);
      expect(redacted.users.filter((u) => u.externalId).map((u) => u.id)).toEqual(
        plain.users.filter((u) => u.externalId).map((u) => u.id),
      );

      // Everything but the users' personal fields is as in the plain snapshot.
      const { users: ru, ...restRedacted } = redacted;
      const { users: pu, ...restPlain } = plain;
      expect(restRedacted).toEqual(restPlain);
      expect(
        ru.map(({ id, divisionId, state, department, version }) => ({ id, divisionId, state, department, version })),
      ).toEqual(
        pu.map(({ id, divisionId, state, department, version }) => ({ id, divisionId, state, department, version })),
      );
      expect(redacted.groups.map((g) => g.name)).toContain("GC-Support-Tier2");
      expect(redacted.divisions.map((d) => d.name)).toContain("customer support");

      // A redacted snapshot is a valid seed too, and round-trips.
      const copy = await startEmulator({ seed: redacted });
      try {
        const back = await takeSnapshot(clientFor(copy.url, REHEARSAL_CLIENT.id, REHEARSAL_CLIENT.secret));
        expect(back).toEqual(redacted);
      } finally {
        await copy.close();
      }
    } finally {
      await emulator.close();
    }
  });

  test("pseudonyms are unique even when the first digits collide", () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => `u-${i}`);
    const hashes = pseudonymHashes(ids);
    expect(new Set(hashes.values()).size).toBe(ids.length);
    expect(pseudonymHashes(ids)).toEqual(hashes);
  });
});

const pad = (i: number): string => String(i).padStart(12, "0");

// ---------------------------------------------------------------------------------------------------------------
// The command, as users run it: node scripts/gcguard.cjs snapshot ... against an emulator started here.
// ---------------------------------------------------------------------------------------------------------------

interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function gcguard(args: readonly string[], env: Record<string, string>): Promise<Finished> {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { PATH: path.dirname(process.execPath), HOME: process.env.HOME ?? "", ...env },
  });
  const out = { stdout: "", stderr: "" };
  child.stdout.setEncoding("utf8").on("data", (d: string) => (out.stdout += d));
  child.stderr.setEncoding("utf8").on("data", (d: string) => (out.stderr += d));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, ...out })));
}

/**
 * The same command in this process (scripts/cli.ts's run), with exactly `env`'s GENESYSCLOUD_* variables: what the
 * command does with its flags and the API needs no new process, and takes no second to start.
 */
async function here(args: readonly string[], env: Record<string, string>): Promise<Finished> {
  for (const key of Object.keys(process.env)) if (/^(GENESYSCLOUD_|PURECLOUD_)/.test(key)) vi.stubEnv(key, undefined);
  for (const [key, value] of Object.entries(env)) vi.stubEnv(key, value);
  const out = { stdout: "", stderr: "" };
  try {
    const io = { stdout: (t: string) => (out.stdout += t), stderr: (t: string) => (out.stderr += t) };
    // Its pacing and any retry wait on a virtual clock.
    const code = await run(args, { ...io, clock: new VirtualClock() });
    return { code, ...out };
  } finally {
    vi.unstubAllEnvs();
  }
}

const credentials = (secret = CI.secret): Record<string, string> => ({
  GENESYSCLOUD_OAUTHCLIENT_ID: CI.id,
  GENESYSCLOUD_OAUTHCLIENT_SECRET: secret,
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("gcguard snapshot (a real process for the first, then in-process)", () => {
  const api = useEmulator();

  test("writes a valid seed, the same bytes as the library; summary on stdout; the secret nowhere", async () => {
    const file = path.join(tempDir(), "org.json");
    const run = await gcguard(["snapshot", "--base-url", api().emulator.url, "--out", file], credentials());
    expect(run.stderr).not.toMatch(/^gcguard: /m);
    expect(run.code).toBe(0);
    const text = readFileSync(file, "utf8");
    const seed = loadSeedFile(file);
    expect(seed.users).toHaveLength(10);
    expect(text).toBe(serializeSeed(await takeSnapshot(clientFor(api().emulator.url)), "json"));
    const lines = run.stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`Wrote ${file}: 5 divisions, 10 users, 4 groups, 3 queues`);
    expect(lines[0]).toContain("in 40 API requests");
    expect(lines[0]).toContain(`OAuth client ${REHEARSAL_CLIENT.id}, secret ${REHEARSAL_CLIENT.secret}`);
    expect(run.stderr).toContain("gcguard snapshot: divisions 5\n");
    expect(run.stderr).toContain("gcguard snapshot: users 10 / 10\n");
    for (const where of [run.stdout, run.stderr, text]) expect(where).not.toContain(CI.secret);
  });

  test("YAML by extension, --format wins over it, --redact", async () => {
    const dir = tempDir();
    const yml = await here(
      ["snapshot", "--base-url", api().emulator.url, "--out", path.join(dir, "org.yml"), "--redact"],
      credentials(),
    );
    expect(yml.code).toBe(0);
    expect(yml.stdout).toContain("(redacted)");
    const yamlText = readFileSync(path.join(dir, "org.yml"), "utf8");
    expect(yamlText.startsWith("version: 1\n")).toBe(true);
    expect(yamlText).not.toContain("Ada Lovelace");
    expect(loadSeedFile(path.join(dir, "org.yml")).users).toHaveLength(10);

    const forced = await here(
      ["snapshot", "--base-url", api().emulator.url, "--out", path.join(dir, "org.seed"), "--format", "json"],
      credentials(),
    );
    expect(forced.code).toBe(0);
    expect(readFileSync(path.join(dir, "org.seed"), "utf8").startsWith("{\n")).toBe(true);
  });

  test("refuses to overwrite without --force (exit 2, file untouched); --force overwrites", async () => {
    const file = path.join(tempDir(), "org.json");
    writeFileSync(file, "keep me\n");
    const refused = await here(["snapshot", "--base-url", api().emulator.url, "--out", file], credentials());
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("already exists; pass --force");
    expect(readFileSync(file, "utf8")).toBe("keep me\n");
    const forced = await here(["snapshot", "--base-url", api().emulator.url, "--out", file, "--force"], credentials());
    expect(forced.code).toBe(0);
    expect(loadSeedFile(file).divisions).toHaveLength(5);
  });

  test("bad usage exits 2: no --out, an extension that names no format, an unknown --format", async () => {
    const dir = tempDir();
    const url = api().emulator.url;
    expect((await here(["snapshot", "--base-url", url], credentials())).code).toBe(2);
    const ext = await here(["snapshot", "--base-url", url, "--out", path.join(dir, "org.txt")], credentials());
    expect(ext.code).toBe(2);
    expect(ext.stderr).toContain("cannot tell the format");
    const fmt = await here(
      ["snapshot", "--base-url", url, "--out", path.join(dir, "o.json"), "--format", "xml"],
      credentials(),
    );
    expect(fmt.code).toBe(2);
    const unset = await here(["snapshot", "--base-url", url, "--out", path.join(dir, "o.json")], {});
    expect(unset.code).toBe(2);
    expect(unset.stderr).toContain("GENESYSCLOUD_OAUTHCLIENT_ID");
  });

  test("a wrong secret exits 3 (could not verify) with one line naming the variables, and never shows the secret", async () => {
    const secret = "wrong-secret-7c1d9e";
    const file = path.join(tempDir(), "org.json");
    const run = await here(["snapshot", "--base-url", api().emulator.url, "--out", file], credentials(secret));
    expect(run.code).toBe(3);
    const errors = run.stderr.split("\n").filter((l) => l.startsWith("gcguard: "));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain("GENESYSCLOUD_OAUTHCLIENT_ID");
    expect(errors[0]).toContain("GENESYSCLOUD_OAUTHCLIENT_SECRET");
    expect(run.stdout + run.stderr).not.toContain(secret);
    expect(() => readFileSync(file)).toThrow();
  });
});

describe("gcguard snapshot (in-process, on a virtual clock)", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  test("an unreachable API exits 3 after the retries, writing nothing", async () => {
    vi.stubEnv("GENESYSCLOUD_OAUTHCLIENT_ID", CI.id);
    vi.stubEnv("GENESYSCLOUD_OAUTHCLIENT_SECRET", CI.secret);
    const file = path.join(tempDir(), "org.json");
    const clock = new VirtualClock();
    const out = { stdout: "", stderr: "" };
    const code = await run(["snapshot", "--base-url", `http://127.0.0.1:${await closedPort()}`, "--out", file], {
      stdout: (t) => (out.stdout += t),
      stderr: (t) => (out.stderr += t),
      clock,
    });
    expect(code).toBe(3);
    // The login is retried 5 times, each after a backoff on the virtual clock (beside the pacer's spacing of the
    // requests waiting for it), then the run stops.
    expect(out.stderr).toContain("no answer from Genesys (ECONNREFUSED) after 6 attempts");
    expect(clock.sleeps.length).toBeGreaterThanOrEqual(5);
    expect(out.stdout + out.stderr).not.toContain(CI.secret);
    expect(() => readFileSync(file)).toThrow();
  });
});
