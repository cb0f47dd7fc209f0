// A competition's appeals as the reader may see them.
import type { DB } from "../../../db/connection";
import type { AppealState } from "../../../db/schema";
import { DomainError } from "~/domain/errors";
import type { Principal } from "~/domain/access/roles";
import { canReadAllAppeals, delegationsLedBy, skillsJudgingRunBy } from "~/domain/access/policy";
import { seesDelegation } from "./appeal-rows.server";

export type AppealAudience = "team_leader" | "arbitrator" | "chief_judge" | "organizer";

/** Appeals of a competition as the reader may see them: a team leader only their delegations'. */
export async function listAppeals(db: DB, principal: Principal, competitionId: string) {
  const leaderOf = delegationsLedBy(principal, competitionId);
  const staff = canReadAllAppeals(principal, competitionId);
  const chiefSkills = skillsJudgingRunBy(principal, competitionId);
  if (!staff && leaderOf.length === 0 && chiefSkills.length === 0) throw new DomainError("FORBIDDEN");
  let query = db
    .selectFrom("appeal as a")
    .innerJoin("skill as s", "s.id", "a.skillId")
    .innerJoin("delegation as d", "d.id", "a.delegationId")
    .leftJoin("competitor as c", "c.id", "a.competitorId")
    .select([
      "a.id",
      "a.appealNo",
      "a.skillId",
      "a.delegationId",
      "a.state",
      "a.filedAt",
      "a.ruledAt",
      "a.correctedAt",
      "s.nameZh as skillNameZh",
      "s.nameEn as skillNameEn",
      "d.nameZh as delegationNameZh",
      "d.nameEn as delegationNameEn",
      "c.workstationNo",
      "c.registrationNo",
    ])
    .where("a.competitionId", "=", competitionId)
    .orderBy("a.filedAt", "desc");
  if (!staff) {
    query = query.where((w) =>
      w.or([
        ...(leaderOf.length ? [w("a.delegationId", "in", leaderOf)] : []),
        ...(chiefSkills.includes(null)
          ? [w("a.id", "is not", null)]
          : chiefSkills.length
            ? [
                w(
                  "a.skillId",
                  "in",
                  chiefSkills.filter((s): s is string => s !== null),
                ),
              ]
            : []),
      ]),
    );
  }
  const rows = await query.execute();
  const visible = new Map<string, boolean>();
  for (const r of rows)
    if (!visible.has(r.id)) visible.set(r.id, await seesDelegation(db, principal, { competitionId, skillId: r.skillId, delegationId: r.delegationId }));
  return rows.map((r) => ({
    id: r.id,
    appealNo: String(r.appealNo),
    skillId: r.skillId,
    skillNameZh: r.skillNameZh,
    skillNameEn: r.skillNameEn,
    delegationNameZh: visible.get(r.id) ? r.delegationNameZh : null,
    delegationNameEn: visible.get(r.id) ? r.delegationNameEn : null,
    competitorCode: r.workstationNo ?? r.registrationNo ?? null,
    state: r.state as AppealState,
    corrected: r.correctedAt !== null,
    filedAt: new Date(r.filedAt).toISOString(),
  }));
}
