import { describe, expect, test } from "vitest";

import { InputError } from "../../lib/errors";
import { KINDS } from "../../lib/org/kinds";
import { preflightCommand } from "../../lib/preflight/command";

async function listKinds(format?: string): Promise<{ code: number; out: string }> {
  let out = "";
  const code = await preflightCommand(
    { listKinds: true, ...(format ? { format } : {}) },
    { stdout: (t) => (out += t), stderr: () => {}, env: {}, version: "test" },
  );
  return { code, out };
}

interface ListedKind {
  readonly type: string;
  readonly kind: string;
  readonly sources: Record<string, string>;
  readonly importId: string;
}

describe("gcguard preflight --list-kinds", () => {
  test("JSON: every checked type with its reading, import id and sources; no plan or credentials needed", async () => {
    const { code, out } = await listKinds("json");
    expect(code).toBe(0);
    const listed = JSON.parse(out) as { kinds: ListedKind[]; noUniqueName: { type: string; reason: string }[] };
    expect(listed.kinds.length).toBeGreaterThanOrEqual(23);
    expect(listed.kinds.map((k) => k.type)).toEqual(KINDS.map((k) => k.type));
    for (const k of listed.kinds) {
      expect(k.importId).toBe("id");
      expect(k.sources.provider, k.type).toMatch(/^provider v1\.84\.1 genesyscloud\//);
      expect(k.sources.list, k.type).toMatch(/\S/);
    }
    expect(listed.noUniqueName.map((t) => t.type)).toContain("genesyscloud_user_roles");
  });

  test("text: one block per type, the import command and its source", async () => {
    const { code, out } = await listKinds();
    expect(code).toBe(0);
    expect(out).toMatch(/^gcguard checks the names of \d+ resource types:/);
    expect(out).toContain("genesyscloud_routing_skill  (skill)");
    expect(out).toContain("  import:   terraform import genesyscloud_routing_skill.<name> <id>");
    expect(out).toContain("  name:     email, unique in the org, trimmed and case-insensitive");
    expect(out).toContain("  name:     name, unique per type, trimmed and case-insensitive");
  });

  test("a format other than text or json is bad usage (exit 2 by InputError), naming the choices", async () => {
    await expect(listKinds("sarif")).rejects.toThrow(InputError);
    await expect(listKinds("sarif")).rejects.toThrow("--list-kinds --format sarif: use one of text or json");
  });
});
