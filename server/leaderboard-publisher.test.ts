import { describe, expect, it } from "vitest";
import { createCoalescer, type CoalescerClock } from "./leaderboard-publisher";

/** A clock the test moves by hand; timers fire when it passes them. */
function manualClock() {
  let now = 0;
  let timers: Array<{ at: number; run: () => void; id: number }> = [];
  let nextId = 1;
  const clock: CoalescerClock = {
    now: () => now,
    setTimeout: (run, ms) => {
      const id = nextId++;
      timers.push({ at: now + ms, run, id });
      return id;
    },
    clearTimeout: (id) => void (timers = timers.filter((t) => t.id !== id)),
  };
  return {
    clock,
    async advance(ms: number) {
      const until = now + ms;
      for (;;) {
        // Let runs that finished schedule what follows them.
        for (let i = 0; i < 5; i++) await Promise.resolve();
        const due = timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        timers = timers.filter((t) => t !== due);
        now = due.at;
        due.run();
        // Let the run's promise settle.
        for (let i = 0; i < 5; i++) await Promise.resolve();
      }
      now = until;
    },
  };
}

describe("coalescing leaderboard publications", () => {
  it("publishes the first change at once, then at most once per window however many marks arrive", async () => {
    const { clock, advance } = manualClock();
    const runs: Array<[string, number]> = [];
    const c = createCoalescer(async (key) => void runs.push([key, clock.now()]), { windowMs: 300, clock });
    c.trigger("s1");
    await advance(0);
    expect(runs).toEqual([["s1", 0]]);
    // A burst of 50 marks within a second.
    for (let i = 0; i < 50; i++) {
      c.trigger("s1");
      await advance(20);
    }
    // 1000 ms of marks: one run at 0, then one each window.
    expect(runs.map(([, t]) => t)).toEqual([0, 300, 600, 900]);
    await advance(1000);
    expect(runs.map(([, t]) => t)).toEqual([0, 300, 600, 900, 1200]);
    // Quiet after that: no more runs.
    await advance(5000);
    expect(runs).toHaveLength(5);
  });

  it("keeps skills apart: one skill's burst does not delay another's first publication", async () => {
    const { clock, advance } = manualClock();
    const runs: Array<[string, number]> = [];
    const c = createCoalescer(async (key) => void runs.push([key, clock.now()]), { windowMs: 300, clock });
    c.trigger("s1");
    await advance(10);
    c.trigger("s1");
    c.trigger("s2");
    await advance(0);
    expect(runs).toEqual([
      ["s1", 0],
      ["s2", 10],
    ]);
  });

  it("folds changes made during a slow run into one more run, after the window", async () => {
    const { clock, advance } = manualClock();
    const runs: number[] = [];
    let finish: (() => void) | null = null;
    const c = createCoalescer(
      (_key) =>
        new Promise<void>((resolve) => {
          runs.push(clock.now());
          finish = resolve;
        }),
      { windowMs: 300, clock },
    );
    c.trigger("s1");
    await advance(0);
    c.trigger("s1");
    c.trigger("s1");
    await advance(1000); // the run is still going: nothing new starts
    expect(runs).toEqual([0]);
    finish!();
    await advance(0);
    expect(runs).toEqual([0, 1000]);
  });

  it("survives a failing run and reports it", async () => {
    const { clock, advance } = manualClock();
    const errors: string[] = [];
    let calls = 0;
    const c = createCoalescer(
      async () => {
        calls++;
        throw new Error("database away");
      },
      { windowMs: 300, clock, onError: (key) => errors.push(key) },
    );
    c.trigger("s1");
    await advance(0);
    c.trigger("s1");
    await advance(300);
    expect(calls).toBe(2);
    expect(errors).toEqual(["s1", "s1"]);
    c.close();
    c.trigger("s1");
    await advance(1000);
    expect(calls).toBe(2);
  });
});
