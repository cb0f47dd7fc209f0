// Reading a skill's leaderboard: its state (live / frozen / hidden), the projections its streams
// last carried (decision 020), the standings from the kept scores, and the stream position of
// each audience — what an HTTP snapshot, a socket joining a room and the coalesced publisher all
// start from.
import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import type { DB } from "../../../db/connection";
import { DomainError } from "~/domain/errors";
import { publicLeaderboard, servedToPublic, staffLeaderboard } from "~/domain/leaderboard/projection";
import type { SkillStandings } from "~/domain/results/skill-results";
import { PublicLeaderboardSchema, StaffLeaderboardSchema, streamKeyOf, type LeaderboardStatus, type PublicLeaderboard, type StaffLeaderboard } from "~/realtime/events";
import type { LeaderboardSnapshotPayload } from "~/realtime/leaderboard-stream";
import { loadSkillStandings } from "../results/scores.server";

export interface LeaderboardScope {
  competitionId: string;
  skillId: string;
}

export type LeaderboardAudience = "public" | "staff";

/** A whole projection with the position in its stream: what a late joiner starts from. */
export type LeaderboardSnapshot = LeaderboardSnapshotPayload;

export interface LeaderboardState {
  status: LeaderboardStatus;
  frozen: PublicLeaderboard | null;
  track: PublicLeaderboard["track"];
  competitionStatus: string;
  /** What each stream last carried (null before the first publication). */
  publicProjection: PublicLeaderboard | null;
  staffProjection: StaffLeaderboard | null;
}

/** Stored JSON, validated on read: a stored projection that no longer fits the contract is a bug, not a push. */
function storedAs<T>(schema: { parse(value: unknown): T }, value: unknown): T | null {
  return value ? schema.parse(typeof value === "string" ? JSON.parse(value) : value) : null;
}

const noStandings: SkillStandings = { selectionOnly: false, complete: false, tieBreaks: [], partWeights: null, competitors: [] };

/** The standings from the kept scores; a skill without a marking scheme has an empty board. */
export async function standingsOrEmpty(db: Kysely<Database>, scope: LeaderboardScope): Promise<SkillStandings> {
  try {
    return await loadSkillStandings(db as DB, scope);
  } catch (error) {
    if (error instanceof DomainError && error.code === "NO_SCHEME") return noStandings;
    throw error;
  }
}

/** The skill's leaderboard state; NOT_FOUND for a skill outside the competition. `forUpdate` locks the row (creating it). */
export async function readLeaderboardState(db: Kysely<Database>, scope: LeaderboardScope, options: { forUpdate?: boolean } = {}): Promise<LeaderboardState> {
  return (await readState(db, scope, options)).state;
}

const streamKeys = (scope: LeaderboardScope) => ({
  public: streamKeyOf({ type: "leaderboard.updated", competitionId: scope.competitionId, skillId: scope.skillId, audience: "public" }),
  staff: streamKeyOf({ type: "leaderboard.updated", competitionId: scope.competitionId, skillId: scope.skillId, audience: "staff" }),
});

/** The state and both streams' numbers, read in one statement (one snapshot): a kept projection and its number belong together. */
async function readState(db: Kysely<Database>, scope: LeaderboardScope, options: { forUpdate?: boolean }): Promise<{ state: LeaderboardState; seq: Record<LeaderboardAudience, number> }> {
  const keys = streamKeys(scope);
  const seqOf = (key: string) => db.selectFrom("realtimeStream").select("seq").where("streamKey", "=", key);
  const skill = await db
    .selectFrom("skill")
    .innerJoin("competition", "competition.id", "skill.competitionId")
    .leftJoin("leaderboard", "leaderboard.skillId", "skill.id")
    .select(["skill.track", "competition.status as competitionStatus", "leaderboard.status", "leaderboard.frozenSnapshot", "leaderboard.publicProjection", "leaderboard.staffProjection"])
    .select([seqOf(keys.public).as("publicSeq"), seqOf(keys.staff).as("staffSeq")])
    .where("skill.id", "=", scope.skillId)
    .where("skill.competitionId", "=", scope.competitionId)
    .executeTakeFirst();
  if (!skill) throw new DomainError("NOT_FOUND");
  let row = { status: skill.status, frozenSnapshot: skill.frozenSnapshot, publicProjection: skill.publicProjection, staffProjection: skill.staffProjection };
  if (options.forUpdate) {
    // Freezes, reveals and the coalesced publisher of one skill take turns on this row.
    await db.insertInto("leaderboard").values({ skillId: scope.skillId, competitionId: scope.competitionId, frozenSnapshot: null }).onConflict((oc) => oc.column("skillId").doNothing()).execute();
    row = await db.selectFrom("leaderboard").select(["status", "frozenSnapshot", "publicProjection", "staffProjection"]).where("skillId", "=", scope.skillId).forUpdate().executeTakeFirstOrThrow();
  }
  return {
    state: {
      status: row.status ?? "live",
      frozen: storedAs(PublicLeaderboardSchema, row.frozenSnapshot),
      track: skill.track,
      competitionStatus: skill.competitionStatus,
      publicProjection: storedAs(PublicLeaderboardSchema, row.publicProjection),
      staffProjection: storedAs(StaffLeaderboardSchema, row.staffProjection),
    },
    seq: { public: Number(skill.publicSeq ?? 0), staff: Number(skill.staffSeq ?? 0) },
  };
}

/**
 * The projection an audience is served now, with its stream's last number. From "kept" (what a
 * screen that then follows the stream starts from): exactly what that stream last carried, so
 * the changed rows that follow apply to it. From "standings" (the HTTP snapshot, for clients
 * that only poll), or before a skill's first publication: made from the standings now, at most
 * one publishing window fresher than the number. Either way the public gets the live rows, the
 * frozen ones or none by the state; the staff always the live rows. A draft competition has no
 * public leaderboard.
 */
export async function loadLeaderboardSnapshot<A extends LeaderboardAudience>(db: Kysely<Database>, scope: LeaderboardScope, audience: A, now: Date, from: "kept" | "standings" = "kept"): Promise<Extract<LeaderboardSnapshot, { audience: A }>> {
  return (await loadSnapshot(db, scope, audience, now, from)) as Extract<LeaderboardSnapshot, { audience: A }>;
}

async function loadSnapshot(db: Kysely<Database>, scope: LeaderboardScope, audience: LeaderboardAudience, now: Date, from: "kept" | "standings"): Promise<LeaderboardSnapshot> {
  const { state, seq: seqs } = await readState(db, scope, {});
  if (audience === "public" && state.competitionStatus === "draft") throw new DomainError("NOT_FOUND");
  const seq = seqs[audience];
  const kept = from === "kept" ? state[audience === "staff" ? "staffProjection" : "publicProjection"] : null;
  if (audience === "staff") return { audience, ...scope, seq, leaderboard: (kept as StaffLeaderboard | null) ?? staffLeaderboard(await standingsOrEmpty(db, scope), state.track, state.status, now) };
  if (kept && kept.status === state.status) return { audience, ...scope, seq, leaderboard: kept };
  const standings = state.status === "live" ? await standingsOrEmpty(db, scope) : noStandings;
  return { audience, ...scope, seq, leaderboard: servedToPublic(state, () => publicLeaderboard(standings, state.track, now), state.track, now) };
}

/** The skills of every running competition: what an instance publishes once when it starts. */
export async function listRunningSkills(db: Kysely<Database>): Promise<LeaderboardScope[]> {
  return db
    .selectFrom("skill")
    .innerJoin("competition", "competition.id", "skill.competitionId")
    .select(["skill.competitionId", "skill.id as skillId"])
    .where("competition.status", "=", "running")
    .execute();
}

/** Every skill of a competition with its leaderboard status (no row: live), in schedule order. */
export async function listLeaderboardStates(db: Kysely<Database>, competitionId: string) {
  const rows = await db
    .selectFrom("skill")
    .leftJoin("leaderboard", "leaderboard.skillId", "skill.id")
    .select(["skill.id", "skill.nameZh", "skill.nameEn", "skill.track", "leaderboard.status", "leaderboard.changedAt"])
    .where("skill.competitionId", "=", competitionId)
    .orderBy("skill.startsAt")
    .orderBy("skill.nameZh")
    .execute();
  return rows.map((r) => ({ ...r, status: (r.status ?? "live") as LeaderboardStatus }));
}

/** An HTTP entity tag for a snapshot; the time of computation is left out, so unchanged rows stay "not modified". */
export function leaderboardEtag(snapshot: LeaderboardSnapshot): string {
  const content = JSON.stringify({ ...snapshot, leaderboard: { ...snapshot.leaderboard, asOf: null } });
  return `"${createHash("sha256").update(content).digest("base64url").slice(0, 27)}"`;
}
