import { describe, expect, test } from "vitest";

import { DEMO, useEmulator } from "./helpers";

describe("emulator: group voicemail policy", () => {
  const api = useEmulator();
  const path = `/api/v2/voicemail/groups/${DEMO.salesAgents}/policy`;

  test("a group's policy starts disabled with notifications off", async () => {
    const res = await api().call<Record<string, unknown>>("GET", path);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      name: "GC-Sales-Agents",
      group: { id: DEMO.salesAgents },
      enabled: false,
      sendEmailNotifications: false,
      disableEmailPii: false,
      includeEmailTranscriptions: false,
    });
  });

  test("PATCH changes only the fields sent and returns the whole policy", async () => {
    const res = await api().call<Record<string, unknown>>("PATCH", path, {
      body: { sendEmailNotifications: true, groupAlertType: "ROUND_ROBIN" },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ enabled: false, sendEmailNotifications: true, groupAlertType: "ROUND_ROBIN" });
    const again = await api().call<Record<string, unknown>>("GET", path);
    expect(again.body).toMatchObject({ sendEmailNotifications: true, disableEmailPii: false });
  });

  test("fails on a bad value or an unknown group with the group 404", async () => {
    const bad = await api().call("PATCH", path, { body: { enabled: "yes" } });
    expect(bad.status).toBe(400);
    const missing = await api().call("GET", "/api/v2/voicemail/groups/c0000000-0000-4000-8000-0000000000ff/policy");
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: "general.resource.not.found" });
  });

  test("needs a token", async () => {
    expect((await api().call("GET", path, { token: null })).status).toBe(401);
  });
});
