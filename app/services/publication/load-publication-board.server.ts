// The publication page's reads: locks, completeness, re-checks, sign-off, publication and phase.
import type { DB } from "../../../db/connection";
import { DomainError } from "~/domain/errors";
import type { Principal } from "~/domain/access/roles";
import { canReadProvisionalResults } from "~/domain/access/policy";
import { recheckStatus } from "~/domain/publication/recheck";
import { publicationPhase, appealDeadline } from "~/domain/publication/finality";
import type { SkillStandings } from "~/domain/results/skill-results";
import { toFixed } from "~/domain/results/exact";
import { loadSkillStandings } from "../results/load-skill-standings.server";
import { type PublicationScope, moduleLocks, signature, sameSignature, loadSkillRow, loadRechecks, currentPublication } from "./publication-rows.server";

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
