// Publication 成绩公示 (RULES.md "Locks and sign-off", "Publication and appeals"; decision 018):
// the chief judge re-checks results (复核) and signs them off once every module is locked, every
// aspect is marked and nothing is flagged; the organizer publishes the signed results, which
// starts the notice period 公示 and issues certificates and advancement. A publication is stored
// whole and never changed; an upheld appeal's correction writes the next version
// (writePublication, shared with the appeals service).
import type { DB } from "../../../db/connection";
import type { Database } from "../../../db/schema";
import type { Kysely } from "kysely";
import { DomainError } from "~/domain/errors";
import { type Principal } from "~/domain/access/roles";
import { canManageCompetition, canReadProvisionalResults, canRunJudging } from "~/domain/access/policy";
import { readRuleSettings, type RuleSettings } from "~/domain/competition/rule-settings";
import { workingDaysAfter, addDays } from "~/domain/publication/calendar";
import { recheckStatus } from "~/domain/publication/recheck";
import { decideHonours, type Honour } from "~/domain/publication/honours";
import { publicationPhase, appealDeadline } from "~/domain/publication/finality";
import type { SkillStandings, Standing } from "~/domain/results/skill-results";
import { toFixed } from "~/domain/results/exact";
import { shanghaiDateOf, shanghaiLocalToInstant } from "~/domain/time";
import type { EntrantGroup, SkillLevel } from "~/domain/competition/ladder";
import type { ServiceDeps } from "../deps.server";
import { inWriteTransaction, type WriteContext } from "../transaction.server";
import { loadSkillStandings } from "../results/scores.server";
import { syncCertificates } from "../certificates/sync-certificates.server";
import { applyAdvancement } from "../advancement/apply-advancement.server";

export interface PublicationScope {
  competitionId: string;
  skillId: string;
}

type Reader = Kysely<Database>;

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
function signature(
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

function sameSignature(a: unknown, b: unknown): boolean {
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

async function loadSkillRow(db: Reader, scope: PublicationScope) {
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

async function loadRechecks(db: Reader, skillId: string) {
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

async function requireCompleteStandings(db: Reader, scope: PublicationScope): Promise<SkillStandings> {
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

/** The chief judge (or deputy) records a re-check 复核 of one competitor's result. */
export async function recordRecheck(
  deps: ServiceDeps,
  principal: Principal,
  scope: PublicationScope,
  input: { competitorId: string; foundError: boolean; note: string | null },
): Promise<void> {
  if (!canRunJudging(principal, scope)) throw new DomainError("FORBIDDEN");
  const note = input.note?.trim() || null;
  if (input.foundError && !note) throw new DomainError("REASON_REQUIRED", {}, "note");
  await inWriteTransaction(deps, async (tx) => {
    const locks = await moduleLocks(tx.trx, scope.skillId);
    const unlocked = locks.filter((m) => !m.locked).map((m) => m.code);
    if (locks.length === 0 || unlocked.length > 0) throw new DomainError("RESULTS_MODULES_UNLOCKED", { modules: unlocked.join(" ") });
    const competitor = await tx.trx
      .selectFrom("competitor")
      .select("id")
      .where("id", "=", input.competitorId)
      .where("skillId", "=", scope.skillId)
      .executeTakeFirst();
    if (!competitor) throw new DomainError("NOT_FOUND", {}, "competitorId");
    await tx.trx
      .insertInto("resultRecheck")
      .values({
        competitionId: scope.competitionId,
        skillId: scope.skillId,
        competitorId: input.competitorId,
        checkedBy: principal.userId,
        foundError: input.foundError,
        note,
        checkedAt: tx.now,
      })
      .execute();
    tx.audit({
      actorUserId: principal.userId,
      action: "results.rechecked",
      entityType: "competitor",
      entityId: input.competitorId,
      competitionId: scope.competitionId,
      after: { skillId: scope.skillId, foundError: input.foundError },
      reason: note,
    });
  });
}

/** The chief judge signs the skill's results off: every module locked, complete, nothing flagged, the re-check rule met. */
export async function signOffResults(deps: ServiceDeps, principal: Principal, scope: PublicationScope): Promise<{ signOffId: string }> {
  if (!canRunJudging(principal, scope)) throw new DomainError("FORBIDDEN");
  return inWriteTransaction(deps, async (tx) => {
    await tx.trx
      .selectFrom("skill")
      .select("id")
      .where("id", "=", scope.skillId)
      .where("competitionId", "=", scope.competitionId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const skill = await loadSkillRow(tx.trx, scope);
    if (await currentPublication(tx.trx, scope.skillId)) throw new DomainError("RESULTS_ALREADY_PUBLISHED");
    const standings = await requireCompleteStandings(tx.trx, scope);
    const status = recheckStatus(standings.competitors, await loadRechecks(tx.trx, scope.skillId), skill.rules);
    if (!status.satisfied) {
      const codeOf = new Map(standings.competitors.map((c) => [c.competitorId, c.code]));
      throw new DomainError(status.fullRequired ? "RECHECK_FULL_REQUIRED" : "RECHECK_INCOMPLETE", {
        codes: status.missing
          .map((id) => codeOf.get(id) ?? "?")
          .slice(0, 12)
          .join(" "),
        restDone: status.restDone,
        restRequired: status.restRequired,
        errorRate: status.errorRatePercent,
      });
    }
    const row = await tx.trx
      .insertInto("skillSignOff")
      .values({
        competitionId: scope.competitionId,
        skillId: scope.skillId,
        signedBy: principal.userId,
        signedAt: tx.now,
        standings: JSON.stringify(signature(standings)),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    tx.audit({
      actorUserId: principal.userId,
      action: "results.signed_off",
      entityType: "skill",
      entityId: scope.skillId,
      competitionId: scope.competitionId,
      after: { signOffId: row.id, competitors: standings.competitors.length, recheck: status },
    });
    return { signOffId: row.id };
  });
}

/** The end of a notice period of `days` working days published at `at`: midnight after the last day, Beijing time. */
export function noticePeriodEnd(at: Date, days: number): { endsOn: string; endsAt: Date } {
  const endsOn = workingDaysAfter(shanghaiDateOf(at), days);
  const endsAt = shanghaiLocalToInstant(`${addDays(endsOn, 1)}T00:00`);
  if (!endsAt) throw new Error(`No instant for ${endsOn}`);
  return { endsOn, endsAt };
}

/** The members of a skill's competitors with the level they held on entry (for titles and promotions). */
async function membersOf(db: Reader, skillId: string): Promise<Map<string, Array<{ personId: string; skillLevel: SkillLevel | null }>>> {
  const rows = await db
    .selectFrom("competitorMember as m")
    .innerJoin("competitor as c", "c.id", "m.competitorId")
    .select(["m.competitorId", "m.personId", "m.skillLevel"])
    .where("c.skillId", "=", skillId)
    .execute();
  const members = new Map<string, Array<{ personId: string; skillLevel: SkillLevel | null }>>();
  for (const r of rows) members.set(r.competitorId, [...(members.get(r.competitorId) ?? []), { personId: r.personId, skillLevel: r.skillLevel ?? null }]);
  return members;
}

/** The honours a skill's standings give under the competition's rules. */
export function honoursOf(
  standings: SkillStandings,
  rules: RuleSettings,
  group: EntrantGroup,
  members: ReadonlyMap<string, ReadonlyArray<{ personId: string; skillLevel: SkillLevel | null }>>,
): Honour[] {
  return decideHonours(
    standings.competitors.map((c) => ({ competitorId: c.competitorId, rank: c.rank, award: c.award, group, members: members.get(c.competitorId) ?? [] })),
    rules.honourRules,
    standings.selectionOnly,
  );
}

/**
 * Writes the next version of a skill's publication from the given standings: the rows, the
 * honours, the notice period; the previous version stops being current. Shared by the first
 * publication and an appeal's correction.
 */
export async function writePublication(
  tx: WriteContext,
  scope: PublicationScope,
  input: { actorUserId: string; standings: SkillStandings; signOffId: string | null; appealId: string | null; reason: string | null },
): Promise<{ publicationId: string; version: number; noticeEndsOn: string }> {
  const skill = await loadSkillRow(tx.trx, scope);
  const previous = await currentPublication(tx.trx, scope.skillId);
  if (previous) await tx.trx.updateTable("publication").set({ isCurrent: false }).where("id", "=", previous.id).execute();
  // A republication keeps the notice period already announced (an appeal does not restart it).
  const notice = previous
    ? { endsOn: previous.noticeEndsOn, endsAt: new Date(previous.noticeEndsAt) }
    : noticePeriodEnd(tx.now, skill.rules.noticePeriodWorkingDays);
  const version = (previous?.version ?? 0) + 1;
  const publication = await tx.trx
    .insertInto("publication")
    .values({
      competitionId: scope.competitionId,
      skillId: scope.skillId,
      version,
      signOffId: input.signOffId,
      publishedBy: input.actorUserId,
      publishedAt: tx.now,
      noticeEndsOn: notice.endsOn,
      noticeEndsAt: notice.endsAt,
      selectionOnly: input.standings.selectionOnly,
      reason: input.reason,
      appealId: input.appealId,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const rows = input.standings.competitors.map((s: Standing) => ({
    publicationId: publication.id,
    competitorId: s.competitorId,
    competitionId: scope.competitionId,
    skillId: scope.skillId,
    delegationId: s.delegationId,
    code: s.code,
    rank: s.rank,
    total: toFixed(s.total, 4),
    moduleMarks: JSON.stringify(Object.fromEntries(s.modules.map((m) => [m.code, toFixed(m.mark, 4)]))),
    points: s.points,
    award: s.award,
    bestOfNation: s.bestOfNation,
  }));
  for (let i = 0; i < rows.length; i += 300)
    await tx.trx
      .insertInto("publishedResult")
      .values(rows.slice(i, i + 300))
      .execute();
  const honours = honoursOf(input.standings, skill.rules, skill.entrantGroup, await membersOf(tx.trx, scope.skillId));
  if (honours.length > 0) {
    await tx.trx
      .insertInto("honour")
      .values(
        honours.map((h) => ({
          publicationId: publication.id,
          competitorId: h.competitorId,
          personId: h.personId,
          competitionId: scope.competitionId,
          skillId: scope.skillId,
          kind: h.kind,
          code: h.code,
          labelZh: h.labelZh,
          labelEn: h.labelEn,
        })),
      )
      .execute();
  }
  // What follows from the new version in the same transaction: certificates for its awards,
  // titles and promotions (changed ones revoked and replaced), and the advancement it gives.
  const followUp = { publicationId: publication.id, actorUserId: input.actorUserId, reason: input.reason };
  const certificates = await syncCertificates(tx, followUp);
  const advancement = await applyAdvancement(tx, followUp);
  tx.audit({
    actorUserId: input.actorUserId,
    action: previous ? "results.republished" : "results.published",
    entityType: "skill",
    entityId: scope.skillId,
    competitionId: scope.competitionId,
    before: previous ? { publicationId: previous.id, version: previous.version } : null,
    after: {
      publicationId: publication.id,
      version,
      noticeEndsOn: notice.endsOn,
      competitors: rows.length,
      awards: rows.filter((r) => r.award).length,
      honours: honours.length,
      certificates,
      advancement,
      appealId: input.appealId,
    },
    reason: input.reason,
  });
  tx.emit({ type: "results.published", competitionId: scope.competitionId, skillId: scope.skillId, version });
  return { publicationId: publication.id, version, noticeEndsOn: notice.endsOn };
}

/** The organizer publishes the signed-off results: the first version, which starts the notice period. */
export async function publishResults(
  deps: ServiceDeps,
  principal: Principal,
  scope: PublicationScope,
): Promise<{ publicationId: string; version: number; noticeEndsOn: string }> {
  if (!canManageCompetition(principal, scope.competitionId)) throw new DomainError("FORBIDDEN");
  return inWriteTransaction(deps, async (tx) => {
    await tx.trx
      .selectFrom("skill")
      .select("id")
      .where("id", "=", scope.skillId)
      .where("competitionId", "=", scope.competitionId)
      .forUpdate()
      .executeTakeFirst();
    if (await currentPublication(tx.trx, scope.skillId)) throw new DomainError("RESULTS_ALREADY_PUBLISHED");
    const signOff = await tx.trx
      .selectFrom("skillSignOff")
      .select(["id", "signedAt", "standings"])
      .where("skillId", "=", scope.skillId)
      .orderBy("signedAt", "desc")
      .limit(1)
      .executeTakeFirst();
    if (!signOff) throw new DomainError("SIGN_OFF_REQUIRED");
    const standings = await requireCompleteStandings(tx.trx, scope);
    const lastLockChange = (await moduleLocks(tx.trx, scope.skillId)).reduce<number>((at, m) => Math.max(at, m.changedAt?.getTime() ?? 0), 0);
    if (lastLockChange > new Date(signOff.signedAt).getTime() || !sameSignature(signOff.standings, signature(standings)))
      throw new DomainError("SIGN_OFF_STALE");
    // Published results name the competitors: where codes were drawn, only once the chief judge
    // has opened both layers (解密), witnessed.
    const [draws, layers] = await Promise.all([
      tx.trx.selectFrom("draw").select("id").where("skillId", "=", scope.skillId).limit(1).execute(),
      tx.trx.selectFrom("decryption").select("layer").where("skillId", "=", scope.skillId).execute(),
    ]);
    if (draws.length > 0 && layers.length < 2) throw new DomainError("DECRYPTION_REQUIRED");
    return writePublication(tx, scope, { actorUserId: principal.userId, standings, signOffId: signOff.id, appealId: null, reason: null });
  });
}

/** The publication page: locks, completeness, re-checks, sign-off, the current publication and its phase. */
export async function loadPublicationBoard(db: DB, principal: Principal, scope: PublicationScope, now: Date) {
  if (!canReadProvisionalResults(principal, scope)) throw new DomainError("FORBIDDEN");
  const skill = await loadSkillRow(db, scope);
  const [locks, rechecks, signOff, publication, appeals] = await Promise.all([
    moduleLocks(db, scope.skillId),
    loadRechecks(db, scope.skillId),
    db
      .selectFrom("skillSignOff as s")
      .innerJoin("appUser as u", "u.id", "s.signedBy")
      .select(["s.id", "s.signedAt", "s.standings", "u.displayName as signedByName"])
      .where("s.skillId", "=", scope.skillId)
      .orderBy("s.signedAt", "desc")
      .limit(1)
      .executeTakeFirst(),
    currentPublication(db, scope.skillId),
    db.selectFrom("appeal").select(["state", "correctedAt"]).where("skillId", "=", scope.skillId).execute(),
  ]);
  const [drawn, layers] = await Promise.all([
    db.selectFrom("draw").select("id").where("skillId", "=", scope.skillId).limit(1).executeTakeFirst(),
    db.selectFrom("decryption").select("layer").where("skillId", "=", scope.skillId).execute(),
  ]);
  let standings: SkillStandings | null = null;
  try {
    standings = await loadSkillStandings(db, scope);
  } catch (error) {
    if (!(error instanceof DomainError) || error.code !== "NO_SCHEME") throw error;
  }
  const competitors = standings?.competitors ?? [];
  const status = recheckStatus(competitors, rechecks, skill.rules);
  const checkedIds = new Set(rechecks.map((r) => r.competitorId));
  const lastLockChange = locks.reduce<number>((at, m) => Math.max(at, m.changedAt?.getTime() ?? 0), 0);
  const signOffCurrent =
    signOff !== undefined &&
    standings !== null &&
    lastLockChange <= new Date(signOff.signedAt).getTime() &&
    sameSignature(signOff.standings, signature(standings));
  const deadline = appealDeadline(skill.endsAt, skill.rules.appealWindowMinutes, publication ? new Date(publication.noticeEndsAt) : null);
  return {
    skill: { nameZh: skill.nameZh, nameEn: skill.nameEn, track: skill.track, endsAt: skill.endsAt.toISOString() },
    settings: {
      recheckTopN: skill.rules.recheckTopN,
      recheckRestPercent: skill.rules.recheckRestPercent,
      recheckFullErrorPercent: skill.rules.recheckFullErrorPercent,
      noticePeriodWorkingDays: skill.rules.noticePeriodWorkingDays,
    },
    modules: locks.map((m) => ({ code: m.code, locked: m.locked })),
    complete: standings?.complete ?? false,
    flagged: competitors.filter((c) => c.flaggedCount > 0).length,
    selectionOnly: standings?.selectionOnly ?? false,
    recheck: status,
    standings: competitors.map((c) => ({
      competitorId: c.competitorId,
      code: c.code,
      rank: c.rank,
      total: toFixed(c.total),
      points: c.points,
      award: c.award,
      missing: c.missingCount,
      flagged: c.flaggedCount,
      rechecked: checkedIds.has(c.competitorId),
      mustRecheck: status.missing.includes(c.competitorId),
    })),
    rechecks: rechecks.map((r) => ({
      id: r.id,
      code: competitors.find((c) => c.competitorId === r.competitorId)?.code ?? "?",
      foundError: r.foundError,
      note: r.note,
      checkedAt: new Date(r.checkedAt).toISOString(),
      checkedByName: r.checkedByName,
    })),
    signOff: signOff ? { signedAt: new Date(signOff.signedAt).toISOString(), signedByName: signOff.signedByName, current: signOffCurrent } : null,
    publication: publication
      ? {
          id: publication.id,
          version: publication.version,
          publishedAt: new Date(publication.publishedAt).toISOString(),
          noticeEndsOn: publication.noticeEndsOn,
          phase: publicationPhase(
            new Date(publication.noticeEndsAt),
            appeals.map((a) => ({ state: a.state, correctedAt: a.correctedAt ? new Date(a.correctedAt) : null })),
            now,
          ),
        }
      : null,
    /** Where codes were drawn, names are published only after both layers are opened. */
    decryption: { required: drawn !== undefined, layersOpened: layers.length },
    appealDeadline: deadline.toISOString(),
    openAppeals: appeals.filter((a) => a.state === "received" || a.state === "under_review" || (a.state === "upheld" && !a.correctedAt)).length,
  };
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
