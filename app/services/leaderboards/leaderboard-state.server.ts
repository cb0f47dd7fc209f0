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
import {
  PublicLeaderboardSchema,
  StaffLeaderboardSchema,
  streamKeyOf,
  type LeaderboardStatus,
  type PublicLeaderboard,
  type StaffLeaderboard,
} from "~/realtime/events";
import type { LeaderboardSnapshotPayload } from "~/realtime/leaderboard-stream";
import { loadSkillStandings } from "../results/load-skill-standings.server";

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

const streamKeys = (scope: LeaderboardScope) => ({
  public: streamKeyOf({ type: "leaderboard.updated", competitionId: scope.competitionId, skillId: scope.skillId, audience: "public" }),
  staff: streamKeyOf({ type: "leaderboard.updated", competitionId: scope.competitionId, skillId: scope.skillId, audience: "staff" }),
});

/** A committed pair of kept projections with the version that names it (decision 021). */
export interface KeptProjections {
  version: number;
  publicProjection: PublicLeaderboard | null;
  staffProjection: StaffLeaderboard | null;
}

/**
 * The pair this process last read or wrote, per skill. Only a shortcut: whoever reads it checks
 * the version on the row first, and a version names one committed pair (it is raised under the
 * row's lock by every write), so an entry can be old but never wrong. Shared, never mutated.
 */
const keptBySkill = new Map<string, KeptProjections>();
const keptLimit = 2000;

/** Remembers a committed pair (after its transaction committed); an older version never replaces a newer one. */
export function rememberKeptProjections(skillId: string, kept: KeptProjections): void {
  const known = keptBySkill.get(skillId);
  if (known && known.version >= kept.version) return;
  keptBySkill.delete(skillId);
  keptBySkill.set(skillId, kept);
  if (keptBySkill.size > keptLimit) keptBySkill.delete(keptBySkill.keys().next().value!);
}

function keptAt(skillId: string, version: number): KeptProjections | null {
  const known = keptBySkill.get(skillId);
  return known && known.version === version ? known : null;
}

function parseKept(version: number, row: { publicProjection: unknown; staffProjection: unknown }): KeptProjections {
  return {
    version,
    publicProjection: storedAs(PublicLeaderboardSchema, row.publicProjection),
    staffProjection: storedAs(StaffLeaderboardSchema, row.staffProjection),
  };
}

/** The state and both streams' numbers, read in one statement (one snapshot): a kept projection and its number belong together. */
async function readState(db: Kysely<Database>, scope: LeaderboardScope): Promise<{ state: LeaderboardState; seq: Record<LeaderboardAudience, number> }> {
  const keys = streamKeys(scope);
  const seqOf = (key: string) => db.selectFrom("realtimeStream").select("seq").where("streamKey", "=", key);
  const skill = await db
    .selectFrom("skill")
    .innerJoin("competition", "competition.id", "skill.competitionId")
    .leftJoin("leaderboard", "leaderboard.skillId", "skill.id")
    .select([
      "skill.track",
      "competition.status as competitionStatus",
      "leaderboard.status",
      "leaderboard.frozenSnapshot",
      "leaderboard.publicProjection",
      "leaderboard.staffProjection",
      "leaderboard.projectionVersion",
    ])
    .select([seqOf(keys.public).as("publicSeq"), seqOf(keys.staff).as("staffSeq")])
    .where("skill.id", "=", scope.skillId)
    .where("skill.competitionId", "=", scope.competitionId)
    .executeTakeFirst();
  if (!skill) throw new DomainError("NOT_FOUND");
  const version = skill.projectionVersion ?? 0;
  let kept = keptAt(scope.skillId, version);
  if (!kept) {
    kept = parseKept(version, skill);
    // Version and projections came from one row in one statement: a committed pair — unless
    // read inside a transaction, which may have written them itself.
    if (skill.projectionVersion !== null && !db.isTransaction) rememberKeptProjections(scope.skillId, kept);
  }
  return {
    state: {
      status: skill.status ?? "live",
      frozen: storedAs(PublicLeaderboardSchema, skill.frozenSnapshot),
      track: skill.track,
      competitionStatus: skill.competitionStatus,
      publicProjection: kept.publicProjection,
      staffProjection: kept.staffProjection,
    },
    seq: { public: Number(skill.publicSeq ?? 0), staff: Number(skill.staffSeq ?? 0) },
  };
}

/** What a writer of the projections holds: the state, and the kept pair with its version. */
export interface LockedLeaderboard extends Omit<LeaderboardState, "frozen"> {
  version: number;
}

function lockedRow(db: Kysely<Database>, scope: LeaderboardScope) {
  return db
    .selectFrom("leaderboard")
    .innerJoin("skill", "skill.id", "leaderboard.skillId")
    .innerJoin("competition", "competition.id", "skill.competitionId")
    .select(["leaderboard.status", "leaderboard.projectionVersion", "skill.track", "competition.status as competitionStatus"])
    .where("leaderboard.skillId", "=", scope.skillId)
    .where("skill.competitionId", "=", scope.competitionId)
    .forUpdate("leaderboard")
    .executeTakeFirst();
}

/**
 * Locks the skill's leaderboard row (creating it) for a writer of its projections: freezes,
 * reveals and the coalesced publisher of one skill take turns on it. One statement when the row
 * exists and this process knows the kept pair at its version; the projections are read (and
 * validated) only when another writer has moved them on. NOT_FOUND for a skill outside the
 * competition. The transaction's first touch of the row: what it reads here is committed.
 */
export async function lockLeaderboard(db: Kysely<Database>, scope: LeaderboardScope): Promise<LockedLeaderboard> {
  let row = await lockedRow(db, scope);
  if (!row) {
    const skill = await db.selectFrom("skill").select("id").where("id", "=", scope.skillId).where("competitionId", "=", scope.competitionId).executeTakeFirst();
    if (!skill) throw new DomainError("NOT_FOUND");
    await db
      .insertInto("leaderboard")
      .values({ skillId: scope.skillId, competitionId: scope.competitionId, frozenSnapshot: null })
      .onConflict((oc) => oc.column("skillId").doNothing())
      .execute();
    row = await lockedRow(db, scope);
    if (!row) throw new Error("The leaderboard row exists once inserted");
  }
  let kept = keptAt(scope.skillId, row.projectionVersion);
  if (!kept) {
    const stored = await db
      .selectFrom("leaderboard")
      .select(["publicProjection", "staffProjection"])
      .where("skillId", "=", scope.skillId)
      .executeTakeFirstOrThrow();
    kept = parseKept(row.projectionVersion, stored);
    rememberKeptProjections(scope.skillId, kept);
  }
  return {
    status: row.status,
    track: row.track,
    competitionStatus: row.competitionStatus,
    version: kept.version,
    publicProjection: kept.publicProjection,
    staffProjection: kept.staffProjection,
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
export async function loadLeaderboardSnapshot<A extends LeaderboardAudience>(
  db: Kysely<Database>,
  scope: LeaderboardScope,
  audience: A,
  now: Date,
  from: "kept" | "standings" = "kept",
): Promise<Extract<LeaderboardSnapshot, { audience: A }>> {
  return (await loadSnapshot(db, scope, audience, now, from)) as Extract<LeaderboardSnapshot, { audience: A }>;
}

async function loadSnapshot(
  db: Kysely<Database>,
  scope: LeaderboardScope,
  audience: LeaderboardAudience,
  now: Date,
  from: "kept" | "standings",
): Promise<LeaderboardSnapshot> {
  const { state, seq: seqs } = await readState(db, scope);
  if (audience === "public" && state.competitionStatus === "draft") throw new DomainError("NOT_FOUND");
  const seq = seqs[audience];
  const kept = from === "kept" ? state[audience === "staff" ? "staffProjection" : "publicProjection"] : null;
  if (audience === "staff")
    return {
      audience,
      ...scope,
      seq,
      leaderboard: (kept as StaffLeaderboard | null) ?? staffLeaderboard(await standingsOrEmpty(db, scope), state.track, state.status, now),
    };
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
