/** scim's text report in the shared palette (lib/color.ts), coloured only when stdout is a terminal. */
import { writeFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, test } from "vitest";

import { painter } from "../../lib/color";
import { scimDiffCommand } from "../../lib/scim/command";
import { useEmulator } from "../emulator/helpers";
import { tempDir } from "../helpers";

const ENV = { GENESYSCLOUD_OAUTHCLIENT_ID: "gcguard-ci", GENESYSCLOUD_OAUTHCLIENT_SECRET: "demo-secret-ci" };
const CSV = "group,userName\nGC-Sales-Agents,ada@acme.example\nGC-Sales-Agents,alan@acme.example\n";

describe("scim diff's colour", () => {
  const api = useEmulator();

  async function diff(stdoutIsTty: boolean): Promise<string> {
    const file = path.join(tempDir(), "idp.csv");
    writeFileSync(file, CSV);
    let out = "";
    const code = await scimDiffCommand(
      { export: file, baseUrl: api().emulator.url, progress: false },
      { stdout: (t) => (out += t), stderr: () => {}, env: { ...ENV }, stdoutIsTty },
    );
    expect(code).toBe(1);
    return out;
  }

  test("on a terminal: orphans and names in the palette every gcguard report uses", async () => {
    const paint = painter(true);
    const out = await diff(true);
    expect(out).toContain(`${paint("warning", "! orphan")}   grace@acme.example`);
    expect(out).toContain(paint("bold", "GC-Sales-Agents"));
  });

  test("redirected: no escape codes", async () => {
    const out = await diff(false);
    expect(out).toContain("! orphan   grace@acme.example");
    expect(out).not.toContain("\u001b");
  });
});
