// Time used on a skill, as the chief judge types it ("minutes:seconds", e.g. 95:30) and as it is
// stored (whole seconds). At most a week: nothing a competition runs longer than.
export const maxTimeUsedSeconds = 7 * 24 * 60 * 60;

/** "95:30" → 5730; null for anything else (no hours field, seconds 00–59). */
export function parseMinutesSeconds(text: string): number | null {
  const m = /^(\d{1,5}):([0-5]\d)$/.exec(text.trim());
  if (!m) return null;
  const seconds = Number(m[1]) * 60 + Number(m[2]);
  return seconds <= maxTimeUsedSeconds ? seconds : null;
}

/** 5730 → "95:30". */
export function formatMinutesSeconds(seconds: number): string {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}
