// What a competitor sees of themself: their registrations (status, the reason one was returned)
// and their competitor entries (skill, days, registration, check-in and workstation numbers, the
// check-in state), across every competition, newest first. Only the signed-in person's own rows.
import { sql } from "kysely";
import type { DB } from "../../../db/connection";
import { readRuleSettings } from "~/domain/competition/rule-settings";
import { DomainError } from "~/domain/errors";
import { loadLeaderboardSnapshot } from "../leaderboards/leaderboard-state.server";

export async function loadMyEntries(db: DB, userId: string, now: Date) {
  const user = await db.selectFrom("appUser").select(["personId"]).where("id", "=", userId).executeTakeFirst();
  if (!user?.personId) return null;
  const personId = user.personId;
  const person = await db.selectFrom("person").select(["id", "name", "idNumberMasked"]).where("id", "=", personId).executeTakeFirstOrThrow();
  const registrations = await db
    .selectFrom("registrationMember as m")
    .innerJoin("registration as r", "r.id", "m.registrationId")
    .innerJoin("skill as s", "s.id", "r.skillId")
    .innerJoin("competition as c", "c.id", "r.competitionId")
    .innerJoin("delegation as d", "d.id", "r.delegationId")
    .select([
      "r.id",
      "r.status",
      "r.rejectionReason",
      "r.competitorId",
      "c.nameZh as competitionNameZh",
      "c.nameEn as competitionNameEn",
      "s.nameZh as skillNameZh",
      "s.nameEn as skillNameEn",
      "s.startsAt",
      "s.endsAt",
      "s.venueArea",
      "d.nameZh as delegationNameZh",
      "d.nameEn as delegationNameEn",
    ])
    .where("m.personId", "=", personId)
    .where("r.status", "<>", "approved")
    .orderBy("s.startsAt", "desc")
    .execute();
  const entries = await db
    .selectFrom("competitorMember as m")
    .innerJoin("competitor as e", "e.id", "m.competitorId")
    .innerJoin("skill as s", "s.id", "e.skillId")
    .innerJoin("competition as c", "c.id", "e.competitionId")
    .innerJoin("competition as k", "k.id", "e.competitionId")
    .innerJoin("delegation as d", "d.id", "e.delegationId")
    .select([
      "e.id",
      "e.competitionId",
      "e.skillId",
      sql<string>`k.rule_settings::text`.as("ruleSettings"),
      "e.registrationNo",
      "e.checkInNo",
      "e.workstationNo",
      sql<string>`e.state`.as("state"),
      "c.nameZh as competitionNameZh",
      "c.nameEn as competitionNameEn",
      "s.nameZh as skillNameZh",
      "s.nameEn as skillNameEn",
      "s.startsAt",
      "s.endsAt",
      "s.venueArea",
      "d.nameZh as delegationNameZh",
      "d.nameEn as delegationNameEn",
    ])
    .where("m.personId", "=", personId)
    .orderBy("s.startsAt", "desc")
    .execute();
  const iso = <T extends { startsAt: Date; endsAt: Date }>(r: T) => ({ ...r, startsAt: r.startsAt.toISOString(), endsAt: r.endsAt.toISOString() });
  // Their own rank and total, where the competition shows provisional results: the row the
  // public board shows for their code — the freeze's while frozen 封榜, none while hidden — never
  // the live standings behind a frozen board.
  const withResults = await Promise.all(
    entries.map(async ({ ruleSettings, competitionId, skillId, ...e }) => {
      let result: { rank: number; total: string } | null = null;
      if (readRuleSettings(JSON.parse(ruleSettings)).showProvisionalLeaderboard) {
        try {
          const { leaderboard } = await loadLeaderboardSnapshot(db, { competitionId, skillId }, "public", now, "standings");
          const mine = leaderboard.rows.find((row) => row.code === (e.workstationNo ?? e.registrationNo));
          if (mine) result = { rank: mine.rank, total: mine.total };
        } catch (error) {
          // No public board (a draft competition's).
          if (!(error instanceof DomainError)) throw error;
        }
      }
      return { ...iso(e), result };
    }),
  );
  return { person, registrations: registrations.map(iso), entries: withResults };
}
