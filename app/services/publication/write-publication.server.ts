// Publication 成绩公示 (RULES.md "Locks and sign-off", "Publication and appeals"; decision 018):
// the chief judge re-checks results (复核) and signs them off once every module is locked, every
// aspect is marked and nothing is flagged; the organizer publishes the signed results, which
// starts the notice period 公示 and issues certificates and advancement. A publication is stored
// whole and never changed; an upheld appeal's correction writes the next version
// (writePublication, here, shared by publishResults and applyCorrection).
import type { RuleSettings } from "~/domain/competition/rule-settings";
import { workingDaysAfter, addDays } from "~/domain/publication/calendar";
import { decideHonours, type Honour } from "~/domain/publication/honours";
import type { SkillStandings, Standing } from "~/domain/results/skill-results";
import { toFixed } from "~/domain/results/exact";
import { shanghaiDateOf, shanghaiLocalToInstant } from "~/domain/time";
import type { EntrantGroup, SkillLevel } from "~/domain/competition/ladder";
import type { WriteContext } from "../transaction.server";
import { syncCertificates } from "../certificates/sync-certificates.server";
import { applyAdvancement } from "../advancement/apply-advancement.server";
import { type PublicationScope, type Reader, loadSkillRow, currentPublication } from "./publication-rows.server";

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
