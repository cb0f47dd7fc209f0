// Running the marking floor: judge teams, declared relations (recusal), flags raised from the
// tablet, the live leaderboard and rehearsals.

import type { Generated } from "kysely";
import type { CreatedAt, Timestamp, Json } from "./columns";

export interface JudgeAssignmentTable {
  id: Generated<string>;
  competitionId: string;
  skillId: string;
  version: number;
  teams: Json<unknown[]>;
  source: "manual" | "proposal";
  reason: string | null;
  createdBy: string;
  createdAt: CreatedAt;
}

/** A judge's declared tie to a person (recusal); withdrawn, never deleted. */
export interface DeclaredRelationTable {
  id: Generated<string>;
  competitionId: string;
  judgeUserId: string;
  personId: string;
  kind: "relative" | "student" | "teacher" | "other";
  note: string | null;
  declaredBy: string;
  declaredAt: Timestamp;
  withdrawnBy: string | null;
  withdrawnAt: Timestamp | null;
  withdrawnReason: string | null;
}

/** A problem a judge flagged to the chief judge from the tablet; append-only. */
export interface JudgeFlagTable {
  id: Generated<string>;
  submissionId: string;
  competitionId: string;
  skillId: string;
  competitorId: string;
  aspectId: string | null;
  judgeUserId: string;
  text: string;
  raisedAt: Timestamp;
}

/** The chief judge's answer to a flag (one per flag): the flag is closed. */
export interface JudgeFlagResolutionTable {
  flagId: string;
  resolvedBy: string;
  note: string;
  resolvedAt: Timestamp;
}

/** A skill's live leaderboard state (no row: live). */
export interface LeaderboardTable {
  skillId: string;
  competitionId: string;
  status: Generated<"live" | "frozen" | "hidden">;
  /** The public projection stored at the freeze (PublicLeaderboard JSON); null unless frozen. */
  frozenSnapshot: Json<unknown> | null;
  /** The projections the public and the staff streams last carried (decision 020); null before the first publication. */
  publicProjection: Json<unknown> | null;
  staffProjection: Json<unknown> | null;
  /** Raised by every write of the projections (decision 021): one version, one committed pair. */
  projectionVersion: Generated<number>;
  changedBy: string | null;
  changedAt: Timestamp | null;
}

export interface RehearsalTable {
  skillId: string;
  competitionId: string;
  sourceSkillId: string;
  pacePerMinute: Generated<number>;
  state: Generated<"running" | "stopped" | "finished">;
  recorded: Generated<number>;
  total: number;
  judgeUserIds: Json<string[]>;
  startedAt: Timestamp | null;
  recordedAtStart: Generated<number>;
  lastTickAt: Timestamp | null;
  createdBy: string;
  createdAt: CreatedAt;
}
