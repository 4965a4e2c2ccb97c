/** Secrets and tokens never reach an error's message, toString, JSON, inspection, or the debug log. */
import { inspect } from "node:util";

import { describe, expect, test } from "vitest";
import { z } from "zod";

import { loadSeedFile } from "../../lib/emulator/seed";
import { DEMO_SEED_FILE } from "../../lib/emulator";
import { createGenesysClient } from "../../lib/genesys/client";
import { resolveConnection } from "../../lib/genesys/config";
import { useEmulator } from "../emulator/helpers";

const SECRET = "SECRET-s3cr3t-XYZZY-4242";
const TOKEN = "TOKEN-t0k3n-PLUGH-9999";

const seed = loadSeedFile(DEMO_SEED_FILE);
const seedWithSecret = {
  ...seed,
  clients: [
    ...seed.clients,
    { id: "recognisable", secret: SECRET, permissions: "*" as const, divisions: "*" as const },
  ],
};

function expectNoSecrets(value: unknown, where: string): void {
  const renderings = [
    value instanceof Error ? value.message : "",
    String(value),
    JSON.stringify(value) ?? "",
    inspect(value, { showHidden: true, depth: 20 }),
  ];
  for (const text of renderings) {
    expect(text, where).not.toContain(SECRET);
    expect(text, where).not.toContain(TOKEN);
    expect(text, where).not.toContain(Buffer.from(`recognisable:${SECRET}`).toString("base64"));
  }
}

describe("the client never leaks a secret or token", () => {
  const api = useEmulator({ seed: seedWithSecret });

  test("through every error path and the debug log", async () => {
    const log: string[] = [];
    const make = (
      auth: { clientId?: string; clientSecret?: string; accessToken?: string },
      baseUrl = api().emulator.url,
    ) =>
      createGenesysClient({
        baseUrl,
        ...auth,
        env: {},
        retry: { baseDelayMs: 1, retries: 1 },
        log: (l) => log.push(l),
      });
    const good = make({ clientId: "recognisable", clientSecret: SECRET });
    const errors: [string, unknown][] = [];
    const capture = async (name: string, run: () => Promise<unknown>) => {
      const err = await run().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err, name).toBeDefined();
      errors.push([name, err]);
    };

    await capture("login rejected", () => make({ clientId: "gcguard-ci", clientSecret: SECRET }).divisions.home());
    // The id and secret variables swapped: the "client id" is the secret, so the refusal must not print the id.
    await capture("swapped", () => make({ clientId: SECRET, clientSecret: "recognisable" }).divisions.home());
    await capture("bad token", () => make({ accessToken: TOKEN }).divisions.home());
    await capture("409", () => good.divisions.create({ name: "Billing" }));
    await api().admin("PUT", "/faults", [
      { kind: "status", status: 503, match: "POST /api/v2/authorization/divisions" },
    ]);
    await capture("503 on POST", () => good.divisions.create({ name: "Anything" }));
    await api().admin("PUT", "/faults", [{ kind: "rate-limit", retryAfterSeconds: 999 }]);
    await capture("429 past the cap", () => good.divisions.home());
    await api().admin("PUT", "/faults", [{ kind: "malformed", body: "wrong-shape" }]);
    await capture("shape", () => good.divisions.list());
    await api().admin("DELETE", "/faults");
    await capture("404", () =>
      good.http.request({
        method: "GET",
        path: "/api/v2/users/:userId",
        params: { userId: "nope" },
        schema: z.unknown(),
      }),
    );
    await capture("unreachable", () =>
      make({ clientId: "recognisable", clientSecret: SECRET }, "http://127.0.0.1:9").divisions.home(),
    );
    await capture("config", async () => resolveConnection({ clientSecret: SECRET, region: "eu-west-1" }, {}));
    await capture("config token", async () => resolveConnection({ accessToken: TOKEN, region: "mars" }, {}));

    expect(errors.map(([name]) => name)).toHaveLength(11);
    for (const [name, err] of errors) expectNoSecrets(err, name);
    expect(log.length).toBeGreaterThan(5);
    expectNoSecrets(log.join("\n"), "log");
    expectNoSecrets(resolveConnection({ clientId: "x", clientSecret: SECRET, region: "eu-west-1" }, {}), "connection");
  });
});
