// What a team leader may appeal: the skills with their deadlines and the delegation's competitors by code.
import type { DB } from "../../../db/connection";
import type { Principal } from "~/domain/access/roles";
import { delegationsLedBy } from "~/domain/access/policy";
import { readRuleSettings } from "~/domain/competition/rule-settings";
import { appealDeadline, appealTiming } from "~/domain/publication/finality";

/** Skills a team leader may appeal in (with their own delegation's competitors by code). */
export async function loadAppealOptions(db: DB, principal: Principal, competitionId: string, now: Date) {
  const delegationIds = delegationsLedBy(principal, competitionId);
  if (delegationIds.length === 0) return { delegations: [], skills: [] };
  const [delegations, skills, competitors, publications] = await Promise.all([
    db.selectFrom("delegation").select(["id", "nameZh", "nameEn"]).where("id", "in", delegationIds).execute(),
    db
      .selectFrom("skill")
      .innerJoin("competition", "competition.id", "skill.competitionId")
      .select(["skill.id", "skill.nameZh", "skill.nameEn", "skill.startsAt", "skill.endsAt", "competition.ruleSettings"])
      .where("skill.competitionId", "=", competitionId)
      .where("skill.rehearsalOf", "is", null)
      .orderBy("skill.startsAt")
      .execute(),
    db
      .selectFrom("competitor")
      .select(["id", "skillId", "delegationId", "workstationNo", "registrationNo"])
      .where("competitionId", "=", competitionId)
      .where("delegationId", "in", delegationIds)
      .execute(),
    db.selectFrom("publication").select(["skillId", "noticeEndsAt"]).where("competitionId", "=", competitionId).where("isCurrent", "=", true).execute(),
  ]);
  const noticeOf = new Map(publications.map((p) => [p.skillId, new Date(p.noticeEndsAt)]));
  return {
    delegations: delegations.map((d) => ({ id: d.id, nameZh: d.nameZh, nameEn: d.nameEn })),
    skills: skills.map((s) => {
      const rules = readRuleSettings(s.ruleSettings);
      const notice = noticeOf.get(s.id) ?? null;
      return {
        id: s.id,
        nameZh: s.nameZh,
        nameEn: s.nameEn,
        deadline: appealDeadline(s.endsAt, rules.appealWindowMinutes, notice).toISOString(),
        timing: appealTiming(now, { startsAt: s.startsAt, endsAt: s.endsAt }, rules.appealWindowMinutes, notice),
        competitors: competitors
          .filter((c) => c.skillId === s.id)
          .map((c) => ({ id: c.id, delegationId: c.delegationId, code: c.workstationNo ?? c.registrationNo })),
      };
    }),
  };
}
