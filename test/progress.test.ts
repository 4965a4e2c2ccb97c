/** Progress for long operations (lib/progress.ts), on a scripted clock: a terminal's status line, a log's lines. */
import { describe, expect, it } from "vitest";

import { createProgress } from "../lib/progress";

function harness(tty: boolean) {
  let now = Date.UTC(2026, 11, 2, 12, 0, 0);
  let out = "";
  const progress = createProgress({ write: (t) => (out += t), tty, label: "gcguard snapshot", now: () => now });
  return { progress, advance: (ms: number) => (now += ms), out: () => out };
}

describe("progress on a terminal", () => {
  it("redraws one status line with count, rate and ETA, and says what it waits on", () => {
    const { progress, advance, out } = harness(true);
    advance(10_000);
    progress.count("users", 5_000, 50_000);
    expect(out()).toBe("\r\u001b[2Kgcguard snapshot: users 5,000/50,000, 500/s, ETA 1 min 30 s");
    progress.wait(38_000, "rate-window");
    expect(out().split("\r\u001b[2K").at(-1)).toBe(
      "gcguard snapshot: users 5,000/50,000, 500/s, ETA 1 min 30 s; waiting 38 s for the org's rate limit window to reset",
    );
    progress.line("groups 3,000");
    expect(
      out().endsWith(
        "\r\u001b[2Kgcguard snapshot: groups 3,000\n\r\u001b[2Kgcguard snapshot: users 5,000/50,000, 500/s, ETA 1 min 30 s; waiting 38 s for the org's rate limit window to reset",
      ),
    ).toBe(true);
    progress.end();
    expect(out().endsWith("\r\u001b[2K")).toBe(true);
  });
});

describe("progress in a log", () => {
  it("writes timestamped lines, a count at most every 10 s, the last one always, and every wait", () => {
    const { progress, advance, out } = harness(false);
    progress.line("reading the org");
    advance(2_000);
    progress.count("users", 1_000, 3_000);
    advance(5_000);
    progress.count("users", 2_000, 3_000); // 5 s after the last count line: not printed
    progress.wait(30_000, "retry-after");
    advance(40_000);
    progress.count("users", 3_000, 3_000);
    expect(out()).toBe(
      [
        "[12:00:00] gcguard snapshot: reading the org",
        "[12:00:02] gcguard snapshot: users 1,000/3,000, 500/s, ETA 4 s",
        "[12:00:07] gcguard snapshot: waiting 30 s for a 429's Retry-After to pass",
        "[12:00:47] gcguard snapshot: users 3,000/3,000, 64/s",
        "",
      ].join("\n"),
    );
    expect(out()).not.toContain("\u001b");
  });

  it("gives each phase its own rate, and says a finished count once even when it runs past its total", () => {
    const { progress, advance, out } = harness(false);
    advance(600_000); // ten minutes of an earlier phase
    progress.line("queues 1,000");
    advance(10_000);
    progress.count("queue members", 100, 1_000);
    advance(20_000);
    progress.count("queue members", 1_000, 1_000);
    progress.count("queue members", 1_001, 1_000);
    expect(out().split("\n").slice(1, -1)).toEqual([
      "[12:10:10] gcguard snapshot: queue members 100/1,000, 10/s, ETA 1 min 30 s",
      "[12:10:30] gcguard snapshot: queue members 1,000/1,000, 33/s",
    ]);
  });
});

describe("progress cleanup", () => {
  it("draws nothing before there is something to show, and end() clears what was drawn", () => {
    const { progress, out } = harness(true);
    progress.line("x");
    expect(out()).toBe("\r\u001b[2Kgcguard snapshot: x\n");
    progress.end();
    expect(out()).toBe("\r\u001b[2Kgcguard snapshot: x\n");
    progress.wait(5_000, "rate-window");
    progress.end();
    expect(out().endsWith("waiting 5 s for the org's rate limit window to reset\r\u001b[2K")).toBe(true);
  });
});
