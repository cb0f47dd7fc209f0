// Coalescing: a burst of marks on one skill becomes at most one leaderboard publication per
// window (default 300 ms). The first change after a quiet spell publishes at once (a single mark
// reaches the screens without waiting); changes while a run is pending or running are folded
// into the next run, which starts no sooner than one window after the previous one. Runs never
// block the marking request (they start after it answered), and one skill's run never waits
// for another's. This state is only timing: every run reads the standings from the database,
// so an instance that restarts or a second instance loses nothing.
export interface Coalescer {
  /** Something changed this key's data: publish soon. */
  trigger(key: string): void;
  /** Stops the timers (shutdown); runs in flight finish on their own. */
  close(): void;
}

export interface CoalescerClock {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: CoalescerClock = {
  now: () => Date.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

interface KeyState {
  timer: unknown;
  running: boolean;
  dirty: boolean;
  lastStart: number;
}

export function createCoalescer(
  run: (key: string) => Promise<void>,
  options: { windowMs: number; clock?: CoalescerClock; onError?: (key: string, error: unknown) => void },
): Coalescer {
  const clock = options.clock ?? realClock;
  const states = new Map<string, KeyState>();
  let closed = false;

  const start = (key: string, state: KeyState) => {
    state.timer = null;
    state.running = true;
    state.dirty = false;
    state.lastStart = clock.now();
    run(key)
      .catch((error: unknown) => options.onError?.(key, error))
      .finally(() => {
        state.running = false;
        // Kept while idle (one small entry per skill): the next run must still wait out the window.
        if (state.dirty) trigger(key);
      });
  };

  const trigger = (key: string) => {
    if (closed) return;
    let state = states.get(key);
    if (!state) {
      state = { timer: null, running: false, dirty: false, lastStart: -Infinity };
      states.set(key, state);
    }
    if (state.running) {
      state.dirty = true;
      return;
    }
    if (state.timer !== null) return; // the pending run will read this change too
    const s = state;
    const wait = Math.max(0, s.lastStart + options.windowMs - clock.now());
    s.timer = clock.setTimeout(() => start(key, s), wait);
  };

  return {
    trigger,
    close() {
      closed = true;
      for (const state of states.values()) if (state.timer !== null) clock.clearTimeout(state.timer);
      states.clear();
    },
  };
}
