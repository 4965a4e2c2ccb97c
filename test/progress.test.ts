/** Progress for long operations (lib/progress.ts), on a scripted clock: a terminal's status line, a log's lines. */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { createProgress } from "../lib/progress";
import { play } from "./terminal-screen";

function harness(tty: boolean, columns = 200) {
  let now = Date.UTC(2026, 11, 2, 12, 0, 0);
  let out = "";
  const progress = createProgress({
    write: (t) => (out += t),
    tty,
    columns: () => columns,
    label: "gcguard snapshot",
    now: () => now,
  });
  return { progress, advance: (ms: number) => (now += ms), out: () => out, screen: () => play(out, columns) };
}

describe("progress on a terminal (cli-progress)", () => {
  // cli-progress redraws on a timer: fake timers, so nothing waits on real time and a leftover timer shows.
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("redraws one status line with count, rate and ETA, and says what it waits on", () => {
    const { progress, advance, screen } = harness(true);
    advance(10_000);
    progress.count("users", 5_000, 50_000);
    expect(screen()).toMatchObject({
      rows: ["gcguard snapshot: users 5,000/50,000, 500/s, ETA 1 min 30 s"],
      cursorVisible: false,
      wrapping: false,
    });
    progress.wait(38_000, "rate-window");
    expect(screen().rows).toEqual([
      "gcguard snapshot: users 5,000/50,000, 500/s, ETA 1 min 30 s; waiting 38 s for the org's rate limit window to reset",
    ]);
    progress.count("users", 6_000, 50_000);
    expect(screen().rows).toEqual([
      "gcguard snapshot: users 6,000/50,000, 600/s, ETA 1 min 13 s; waiting 38 s for the org's rate limit window to reset",
    ]);
    progress.end();
  });

  it("counts a wait down on cli-progress's redraw timer, reading the injected clock", () => {
    const { progress, advance, screen } = harness(true);
    progress.wait(38_000, "retry-after");
    expect(screen().rows).toEqual(["gcguard snapshot: working; waiting 38 s for a 429's Retry-After to pass"]);
    advance(5_000);
    vi.advanceTimersByTime(1_000);
    expect(screen().rows).toEqual(["gcguard snapshot: working; waiting 33 s for a 429's Retry-After to pass"]);
    advance(40_000);
    vi.advanceTimersByTime(1_000);
    expect(screen().rows).toEqual(["gcguard snapshot: working"]);
    progress.end();
  });

  it("cuts a status line longer than the terminal instead of wrapping it, keeping the wait in view", () => {
    const { progress, advance, out, screen } = harness(true, 40);
    advance(10_000);
    progress.count("users", 5_000, 50_000);
    expect(screen().rows).toEqual(["gcguard snapshot: users 5,000/50,000, …"]);
    progress.wait(38_000, "rate-window");
    expect(screen().rows).toEqual(["gcguard sna…; waiting 38 s (rate limit)"]);
    // Nothing drawn while wrapping was off reached the last column, and no newline came from the status line.
    expect(screen().widestUnwrapped).toBeLessThanOrEqual(39);
    expect(out()).not.toContain("\n");
    progress.end();
  });

  it("prints a line() whole on its own row, with wrapping back on, and draws the status again under it", () => {
    const { progress, advance, out, screen } = harness(true, 40);
    advance(10_000);
    progress.count("users", 5_000, 50_000);
    const long = "groups 3,000 (the line is longer than the forty columns of this terminal)";
    progress.line(long);
    expect(screen()).toMatchObject({
      rows: [`gcguard snapshot: ${long}`, "gcguard snapshot: users 5,000/50,000, …"],
      cursorVisible: false,
      wrapping: false,
    });
    expect(out()).toContain(`\u001b[?7h\u001b8\u001b[1G\u001b[2Kgcguard snapshot: ${long}\n`);
    progress.line("queues 40");
    expect(screen().rows).toEqual([
      `gcguard snapshot: ${long}`,
      "gcguard snapshot: queues 40",
      "gcguard snapshot: users 5,000/50,000, …",
    ]);
    progress.end();
  });

  it("end() clears the status line, shows the cursor, turns wrapping back on and leaves no timer or handler", () => {
    const handlers = () => ["SIGINT", "SIGTERM", "exit"].map((event) => process.listenerCount(event));
    const before = handlers();
    const { progress, advance, screen } = harness(true);
    progress.line("reading the org");
    advance(1_000);
    progress.count("users", 100);
    expect(vi.getTimerCount()).toBe(1); // the redraw timer, while the status line is up
    expect(handlers()).toEqual(before.map((n) => n + 1)); // to put the terminal back if the process dies
    progress.end();
    expect(screen()).toEqual({
      rows: ["gcguard snapshot: reading the org", ""],
      cursorVisible: true,
      wrapping: true,
      widestUnwrapped: "gcguard snapshot: users 100, 100/s".length,
    });
    expect(vi.getTimerCount()).toBe(0);
    expect(handlers()).toEqual(before);
  });

  it("puts the cursor and wrapping back when the process is interrupted with the status line up", () => {
    const others = () => {}; // someone else handles SIGINT here, so the handler does not raise it again
    process.on("SIGINT", others);
    try {
      const { progress, screen } = harness(true);
      progress.wait(10_000, "pacing");
      expect(screen().cursorVisible).toBe(false);
      process.emit("SIGINT", "SIGINT");
      expect(screen()).toMatchObject({ rows: [""], cursorVisible: true, wrapping: true });
      expect(vi.getTimerCount()).toBe(0);
      expect(process.listeners("SIGINT")).toEqual([others]);
    } finally {
      process.off("SIGINT", others);
    }
  });

  it("draws nothing before there is something to show, and draws again after end() when there is", () => {
    const { progress, out, screen } = harness(true);
    progress.line("x");
    expect(out()).toBe("gcguard snapshot: x\n");
    progress.end();
    expect(out()).toBe("gcguard snapshot: x\n");
    progress.wait(5_000, "rate-window");
    expect(screen().rows).toEqual([
      "gcguard snapshot: x",
      "gcguard snapshot: working; waiting 5 s for the org's rate limit window to reset",
    ]);
    progress.end();
    expect(screen().rows).toEqual(["gcguard snapshot: x", ""]);
    expect(vi.getTimerCount()).toBe(0);
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

  it("says a slow rate per second with a decimal, or per minute", () => {
    const { progress, advance, out } = harness(false);
    advance(10_000);
    progress.count("resources", 25, 100);
    advance(990_000);
    progress.count("resources", 30, 100);
    expect(out().split("\n").slice(0, -1)).toEqual([
      "[12:00:10] gcguard snapshot: resources 25/100, 2.5/s, ETA 30 s",
      "[12:16:40] gcguard snapshot: resources 30/100, 2/min, ETA 38 min 53 s",
    ]);
  });
});
