// Competitions in this system run on China Standard Time (Asia/Shanghai, UTC+8, no daylight
// saving). Forms take local wall-clock times; the database stores instants.
const offsetMs = 8 * 3600 * 1000;

/** "2026-05-12T08:30" (wall clock in Shanghai) → the instant. Null when not a real time. */
export function shanghaiLocalToInstant(local: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!m) return null;
  const [, y, mo, d, h, mi] = m.map(Number) as [number, number, number, number, number, number];
  const utc = Date.UTC(y, mo - 1, d, h, mi);
  const check = new Date(utc);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59) return null;
  return new Date(utc - offsetMs);
}

/** The instant as "YYYY-MM-DDTHH:mm" on a Shanghai wall clock (for form inputs). */
export function instantToShanghaiLocal(instant: Date): string {
  return new Date(instant.getTime() + offsetMs).toISOString().slice(0, 16);
}

/** The Shanghai calendar date of an instant, "YYYY-MM-DD". */
export function shanghaiDateOf(instant: Date): string {
  return instantToShanghaiLocal(instant).slice(0, 10);
}

export function isIsoDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/**
 * An ISO 8601 instant with an explicit offset ("2026-11-21T00:30:00Z", "…T08:30+08:00") as a
 * Shanghai wall-clock "YYYY-MM-DDTHH:mm"; null when it is not one, or falls between minutes.
 */
export function isoInstantToShanghaiLocal(value: string): string | null {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})$/.exec(value);
  if (!m || !isIsoDate(m[1]!) || Number(m[2]) > 23 || Number(m[3]) > 59 || Number(m[4] ?? 0) > 59) return null;
  if (Number(m[4] ?? 0) !== 0 || Number(m[5] ?? 0) !== 0) return null;
  const instant = new Date(value);
  return Number.isNaN(instant.getTime()) ? null : instantToShanghaiLocal(instant);
}
