// Rehearsal 演练: a copy of a skill marked by synthetic judges at a chosen pace, through the real
// marking path (recordMark: value checks, audit chain, kept scores, leaderboard publication), so
// the organizer trains staff on freeze and reveal and checks every venue screen before the day.
// The copy carries the source's marking scheme and its competitors' codes — never a person — and
// its name says it is a rehearsal. Any instance may advance a running rehearsal: each tick claims
// the rehearsal row (`last_tick_at`) so two instances never record the same marks.
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { type Principal } from "~/domain/access/roles";
import { canManageCompetition } from "~/domain/access/policy";
import { DomainError } from "~/domain/errors";
import { judgesNeeded, syntheticMarkValue } from "~/domain/marking-scheme/synthetic-marks";
import type { Aspect } from "~/domain/marking-scheme/scheme";
import type { DB } from "../../../db/connection";
import { loadSchemeDraft } from "../../../db/queries/marking-schemes";
import { grantRole } from "../accounts/grant-role.server";
import type { ServiceDeps } from "../deps.server";
import { saveMarkingScheme } from "../marking-schemes/save-marking-scheme.server";
import { loadSchemeContext } from "../marks/scheme-context.server";
import { recordMark } from "../marks/record-mark.server";
import { inWriteTransaction } from "../transaction.server";

/** Judges a rehearsal needs: the largest panel of its scheme (a trimmed-mean panel is 5). */
function panelOf(aspects: readonly Aspect[]): number {
  return Math.max(3, ...aspects.map(judgesNeeded));
}

export async function createRehearsal(
  deps: ServiceDeps,
  principal: Principal,
  input: { competitionId: string; sourceSkillId: string },
): Promise<{ skillId: string }> {
  if (!canManageCompetition(principal, input.competitionId)) throw new DomainError("FORBIDDEN");
  const source = await deps.db
    .selectFrom("skill")
    .selectAll()
    .where("id", "=", input.sourceSkillId)
    .where("competitionId", "=", input.competitionId)
    .executeTakeFirst();
  if (!source || source.rehearsalOf !== null) throw new DomainError("NOT_FOUND");
  const stored = await loadSchemeDraft(deps.db, source.id);
  if (!stored) throw new DomainError("NO_SCHEME");
  const context = await loadSchemeContext(deps.db, source.id);
  const aspects = [...context.aspects.values()].map((a) => a.aspect);
  const earlier = await deps.db.selectFrom("skill").select("id").where("rehearsalOf", "=", source.id).execute();
  const n = earlier.length + 1;
  const suffix = n === 1 ? "（演练）" : `（演练${n}）`;

  // The copy, its judges and its scheme go through the services an organizer uses.
  const skillId = await inWriteTransaction(deps, async (tx) => {
    const created = await tx.trx
      .insertInto("skill")
      .values({
        competitionId: source.competitionId,
        nameZh: `${source.nameZh.slice(0, 100 - suffix.length)}${suffix}`,
        nameEn: source.nameEn ? `${source.nameEn.slice(0, 85)} (rehearsal${n === 1 ? "" : ` ${n}`})` : null,
        track: source.track,
        occupationCode: source.occupationCode,
        wsNumber: source.wsNumber,
        teamSize: source.teamSize,
        entrantGroup: source.entrantGroup,
        ageRule: source.ageRule,
        startsAt: source.startsAt,
        endsAt: source.endsAt,
        venueArea: source.venueArea,
        rehearsalOf: source.id,
        updatedAt: tx.now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const competitors = await tx.trx
      .selectFrom("competitor")
      .select(["delegationId", "registrationNo", "checkInNo", "workstationNo"])
      .where("skillId", "=", source.id)
      .orderBy("registrationNo")
      .execute();
    if (competitors.length > 0) {
      await tx.trx
        .insertInto("competitor")
        .values(
          competitors.map((c) => ({
            competitionId: source.competitionId,
            skillId: created.id,
            delegationId: c.delegationId,
            registrationNo: `RH${n}-${c.registrationNo}`.slice(0, 40),
            checkInNo: c.checkInNo,
            workstationNo: c.workstationNo,
          })),
        )
        .execute();
    }
    tx.audit({
      actorUserId: principal.userId,
      action: "rehearsal.created",
      entityType: "skill",
      entityId: created.id,
      competitionId: source.competitionId,
      after: { sourceSkillId: source.id, competitors: competitors.length },
    });
    return created.id;
  });
  const saved = await saveMarkingScheme(deps, principal, { competitionId: source.competitionId, skillId, draft: stored.draft });
  if (!saved.ok) throw new DomainError("NO_SCHEME");
  const judgeIds: string[] = [];
  for (let j = 1; j <= panelOf(aspects); j++) {
    const username = `rehearsal.${skillId.slice(0, 8)}.j${j}`;
    const { userId } = await grantRole(deps, principal, source.competitionId, {
      username,
      displayName: `演练裁判${j} Rehearsal judge ${j}`,
      password: null,
      role: "judge",
      skillId,
      delegationId: null,
    });
    judgeIds.push(userId);
  }
  const count = await deps.db
    .selectFrom("competitor")
    .select(sql<number>`count(*)::int`.as("n"))
    .where("skillId", "=", skillId)
    .executeTakeFirstOrThrow();
  const total = count.n * aspects.reduce((sum, a) => sum + judgesNeeded(a), 0);
  await deps.db
    .insertInto("rehearsal")
    .values({
      skillId,
      competitionId: source.competitionId,
      sourceSkillId: source.id,
      total,
      judgeUserIds: JSON.stringify(judgeIds),
      createdBy: principal.userId,
    })
    .execute();
  return { skillId };
}

/** Start (at a pace, in marks per minute) or stop a rehearsal. Audited. */
export async function setRehearsalRunning(
  deps: ServiceDeps,
  principal: Principal,
  scope: { competitionId: string; skillId: string },
  input: { running: boolean; pacePerMinute: number },
): Promise<void> {
  if (!canManageCompetition(principal, scope.competitionId)) throw new DomainError("FORBIDDEN");
  if (!Number.isInteger(input.pacePerMinute) || input.pacePerMinute < 1 || input.pacePerMinute > 600) throw new DomainError("VALIDATION", {}, "pacePerMinute");
  await inWriteTransaction(deps, async (tx) => {
    const row = await tx.trx
      .selectFrom("rehearsal")
      .select(["state", "recorded"])
      .where("skillId", "=", scope.skillId)
      .where("competitionId", "=", scope.competitionId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw new DomainError("NOT_FOUND");
    if (row.state === "finished") return;
    await tx.trx
      .updateTable("rehearsal")
      .set(input.running ? { state: "running", pacePerMinute: input.pacePerMinute, startedAt: tx.now, recordedAtStart: row.recorded } : { state: "stopped" })
      .where("skillId", "=", scope.skillId)
      .execute();
    tx.audit({
      actorUserId: principal.userId,
      action: input.running ? "rehearsal.started" : "rehearsal.stopped",
      entityType: "skill",
      entityId: scope.skillId,
      competitionId: scope.competitionId,
      after: { pacePerMinute: input.pacePerMinute, recorded: row.recorded },
    });
  });
}

/** The mark numbered `k` of a rehearsal: competitor by competitor, aspect by aspect, judge by judge. */
export function rehearsalMarkAt(k: number, aspects: readonly Aspect[]): { competitor: number; aspect: number; judge: number } {
  const perCompetitor = aspects.reduce((sum, a) => sum + judgesNeeded(a), 0);
  let rest = k % perCompetitor;
  for (const [i, a] of aspects.entries()) {
    const n = judgesNeeded(a);
    if (rest < n) return { competitor: Math.floor(k / perCompetitor), aspect: i, judge: rest };
    rest -= n;
  }
  throw new Error("unreachable");
}

/**
 * Advances every running rehearsal to where its pace says it should be (at most `cap` marks a
 * tick). Safe to call from every instance every second: a rehearsal ticked in the last 900 ms is
 * left to whoever ticked it.
 */
export async function tickRehearsals(deps: ServiceDeps, cap = 30): Promise<number> {
  const now = deps.now();
  const claimed = await deps.db
    .updateTable("rehearsal")
    .set({ lastTickAt: now })
    .where("state", "=", "running")
    .where((w) => w.or([w("lastTickAt", "is", null), w("lastTickAt", "<", new Date(now.getTime() - 900))]))
    .returning([
      "skillId",
      "competitionId",
      "pacePerMinute",
      "recorded",
      "recordedAtStart",
      "startedAt",
      "total",
      sql<string>`judge_user_ids::text`.as("judgeUserIds"),
    ])
    .execute();
  let recordedNow = 0;
  for (const r of claimed) {
    const scope = { competitionId: r.competitionId, skillId: r.skillId };
    const elapsedMinutes = (now.getTime() - (r.startedAt ?? now).getTime()) / 60_000;
    const target = Math.min(r.total, r.recordedAtStart + Math.floor(elapsedMinutes * r.pacePerMinute));
    const due = Math.min(cap, target - r.recorded);
    if (due <= 0) continue;
    const context = await loadSchemeContext(deps.db, r.skillId);
    const aspects = [...context.aspects.values()].map((a) => a.aspect);
    const competitors = await deps.db.selectFrom("competitor").select("id").where("skillId", "=", r.skillId).orderBy("registrationNo").execute();
    const judges = JSON.parse(r.judgeUserIds) as string[];
    let k = r.recorded;
    for (; k < r.recorded + due; k++) {
      const at = rehearsalMarkAt(k, aspects);
      const aspect = aspects[at.aspect]!;
      const ability = 0.35 + ((at.competitor * 0.618034) % 1) * 0.6;
      const judge: Principal = { userId: judges[at.judge]!, isPlatformAdmin: false, grants: [{ role: "judge", ...scope, delegationId: null }] };
      try {
        await recordMark(deps, judge, scope, {
          submissionId: randomUUID(),
          competitorId: competitors[at.competitor]!.id,
          aspectCode: aspect.id,
          value: syntheticMarkValue(aspect, ability, Math.random),
        });
      } catch (error) {
        // A module locked during the rehearsal keeps its marks: skip, as a judge would.
        if (!(error instanceof DomainError && (error.code === "MODULE_LOCKED" || error.code === "REASON_REQUIRED"))) throw error;
      }
    }
    recordedNow += k - r.recorded;
    await deps.db
      .updateTable("rehearsal")
      .set({ recorded: k, ...(k >= r.total ? { state: "finished" as const } : {}) })
      .where("skillId", "=", r.skillId)
      .execute();
  }
  return recordedNow;
}

export async function listRehearsals(db: DB, competitionId: string) {
  const rows = await db
    .selectFrom("rehearsal as r")
    .innerJoin("skill as s", "s.id", "r.skillId")
    .select(["r.skillId", "s.nameZh", "s.nameEn", "r.pacePerMinute", "r.state", "r.recorded", "r.total", "r.createdAt"])
    .where("r.competitionId", "=", competitionId)
    .orderBy("r.createdAt", "desc")
    .execute();
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}
