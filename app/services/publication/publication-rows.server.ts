// What the publication use cases share: the skill's row and rules, its module locks and re-checks,
// the current publication, and the complete standings a sign-off records and a publication matches.
import type { Database } from "../../../db/schema";
import type { Kysely } from "kysely";
import { DomainError } from "~/domain/errors";
import { readRuleSettings } from "~/domain/competition/rule-settings";
import type { SkillStandings } from "~/domain/results/skill-results";
import { toFixed } from "~/domain/results/exact";
import { loadSkillStandings } from "../results/load-skill-standings.server";

export interface PublicationScope {
  competitionId: string;
  skillId: string;
}

export type Reader = Kysely<Database>;

/** Each module's lock state and when it last changed. */
export async function moduleLocks(db: Reader, skillId: string): Promise<Array<{ code: string; locked: boolean; changedAt: Date | null }>> {
  const rows = await db
    .selectFrom("schemeModule as m")
    .innerJoin("markingScheme as s", "s.id", "m.schemeId")
    .select((eb) => [
      "m.code",
      eb.selectFrom("moduleLockEvent as e").select("e.locked").whereRef("e.moduleId", "=", "m.id").orderBy("e.id", "desc").limit(1).as("locked"),
      eb.selectFrom("moduleLockEvent as e").select("e.occurredAt").whereRef("e.moduleId", "=", "m.id").orderBy("e.id", "desc").limit(1).as("changedAt"),
    ])
    .where("s.skillId", "=", skillId)
    .orderBy("m.position")
    .execute();
  return rows.map((r) => ({ code: r.code, locked: r.locked === true, changedAt: r.changedAt ? new Date(r.changedAt) : null }));
}

/** What a sign-off records and a publication must still match: each competitor's rank, total and award. */
export function signature(
  standings: SkillStandings,
): Array<{ competitorId: string; code: string; rank: number; total: string; points: number | null; award: string | null }> {
  return standings.competitors.map((s) => ({
    competitorId: s.competitorId,
    code: s.code,
    rank: s.rank,
    total: toFixed(s.total, 4),
    points: s.points,
    award: s.award,
  }));
}

export function sameSignature(a: unknown, b: unknown): boolean {
  // Field by field: jsonb does not keep the order of an object's keys.
  type Signed = ReturnType<typeof signature>[number];
  const key = (rows: unknown) =>
    JSON.stringify(
      [...(rows as Signed[])]
        .sort((x, y) => (x.competitorId < y.competitorId ? -1 : 1))
        .map((r) => [r.competitorId, r.code, r.rank, r.total, r.points, r.award]),
    );
  return key(a) === key(b);
}

export async function loadSkillRow(db: Reader, scope: PublicationScope) {
  const skill = await db
    .selectFrom("skill")
    .innerJoin("competition", "competition.id", "skill.competitionId")
    .select([
      "skill.id",
      "skill.nameZh",
      "skill.nameEn",
      "skill.track",
      "skill.entrantGroup",
      "skill.startsAt",
      "skill.endsAt",
      "competition.ruleSettings",
      "competition.nameZh as competitionNameZh",
      "competition.nameEn as competitionNameEn",
    ])
    .where("skill.id", "=", scope.skillId)
    .where("skill.competitionId", "=", scope.competitionId)
    .executeTakeFirst();
  if (!skill) throw new DomainError("NOT_FOUND");
  return { ...skill, rules: readRuleSettings(skill.ruleSettings) };
}

export async function loadRechecks(db: Reader, skillId: string) {
  return db
    .selectFrom("resultRecheck as r")
    .innerJoin("appUser as u", "u.id", "r.checkedBy")
    .select(["r.id", "r.competitorId", "r.foundError", "r.note", "r.checkedAt", "u.displayName as checkedByName"])
    .where("r.skillId", "=", skillId)
    .orderBy("r.checkedAt")
    .execute();
}

/** The skill's current publication, if any. */
export async function currentPublication(db: Reader, skillId: string) {
  return db
    .selectFrom("publication")
    .select(["id", "version", "publishedAt", "noticeEndsOn", "noticeEndsAt", "selectionOnly", "reason", "appealId", "publishedBy"])
    .where("skillId", "=", skillId)
    .where("isCurrent", "=", true)
    .executeTakeFirst();
}

export async function requireCompleteStandings(db: Reader, scope: PublicationScope): Promise<SkillStandings> {
  const locks = await moduleLocks(db, scope.skillId);
  const unlocked = locks.filter((m) => !m.locked).map((m) => m.code);
  if (locks.length === 0 || unlocked.length > 0) throw new DomainError("RESULTS_MODULES_UNLOCKED", { modules: unlocked.join(" ") });
  const standings = await loadSkillStandings(db, scope);
  const missing = standings.competitors.filter((c) => c.missingCount > 0);
  if (missing.length > 0)
    throw new DomainError("RESULTS_INCOMPLETE", {
      codes: missing
        .map((c) => c.code)
        .slice(0, 10)
        .join(" "),
      count: missing.length,
    });
  const flagged = standings.competitors.filter((c) => c.flaggedCount > 0);
  if (flagged.length > 0)
    throw new DomainError("RESULTS_FLAGGED", {
      codes: flagged
        .map((c) => c.code)
        .slice(0, 10)
        .join(" "),
      count: flagged.length,
    });
  return standings;
}

/** Skills whose results are published, per competition (for lists): skill id → version. */
export async function publishedSkills(db: Reader, competitionId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom("publication")
    .select(["skillId", "version"])
    .where("competitionId", "=", competitionId)
    .where("isCurrent", "=", true)
    .execute();
  return new Map(rows.map((r) => [r.skillId, r.version]));
}
