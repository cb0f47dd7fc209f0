// Advances running rehearsals (演练) once a second: synthetic judges mark at each rehearsal's pace
// through the real marking path. Every instance runs one; the rehearsal row decides which
// instance records a given second's marks (app/services/leaderboards/rehearsal.server.ts).
import type { ServiceDeps } from "../app/services/deps.server";
import { tickRehearsals } from "../app/services/leaderboards/rehearsal.server";

export function startRehearsalRunner(deps: () => ServiceDeps, intervalMs = 1000): { stop: () => Promise<void> } {
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    running = tickRehearsals(deps())
      .catch((error: unknown) => console.error("rehearsal tick failed:", error))
      .finally(() => (running = null));
  }, intervalMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
