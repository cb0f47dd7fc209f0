// Every skill's public leaderboard in a competition, for the overview and the venue's big
// screen: what a spectator may see, in schedule order. A draft competition has none.
import type { DB } from "../../../db/connection";
import { DomainError } from "~/domain/errors";
import { listLeaderboardStates, loadLeaderboardSnapshot } from "./leaderboard-state.server";

export async function loadCompetitionBoards(db: DB, competitionId: string, now: Date) {
  const competition = await db.selectFrom("competition").select(["id", "nameZh", "nameEn", "status"]).where("id", "=", competitionId).executeTakeFirst();
  if (!competition || competition.status === "draft") throw new DomainError("NOT_FOUND");
  const skills = await listLeaderboardStates(db, competitionId);
  const boards = await Promise.all(skills.map((s) => loadLeaderboardSnapshot(db, { competitionId, skillId: s.id }, "public", now)));
  return {
    competition: { id: competition.id, nameZh: competition.nameZh, nameEn: competition.nameEn },
    skills: skills.map((s, i) => ({ id: s.id, nameZh: s.nameZh, nameEn: s.nameEn, snapshot: boards[i]! })),
  };
}
