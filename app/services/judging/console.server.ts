// The chief judge's console 裁判长控制台 for one skill: per module, the matrix of competitors ×
// aspects (judges who marked against the judges needed, flagged spreads, missing), each judge's
// severity and spread against their team on judgement aspects, module locks, and decryption 解密
// layer by layer once every module is locked — recorded with the supervisor who witnessed it.
// Competitors are known by code until a layer is opened.
import { sql } from "kysely";
import type { DB } from "../../../db/connection";
import type { Principal } from "~/domain/access/roles";
import { canRunJudging, canWitness } from "~/domain/access/policy";
import { DomainError } from "~/domain/errors";
import { toFixed } from "~/domain/results/exact";
import { activeGrantsOf } from "../auth/grants.server";
import type { ServiceDeps } from "../deps.server";
import { loadSkillResults } from "../results/load-skill-results.server";
import { inWriteTransaction } from "../transaction.server";
import { loadAssignmentContext } from "./judge-assignment.server";

type Scope = { competitionId: string; skillId: string };

export type CellState = "complete" | "partial" | "missing" | "flagged";

/** Judges an aspect needs before its mark counts: a judgement team, a trimmed-mean panel, one measurer. */
function needed(kind: string, panelSize: number | null, judgementTeamSize: number): number {
  return kind === "judgement" ? judgementTeamSize : kind === "trimmed_mean" ? (panelSize ?? 5) : 1;
}

export interface JudgePattern {
  userId: string;
  name: string;
  marks: number;
  /** Mean of (own score − mean of the team's other scores) on judgement aspects: below 0 is harsher. */
  severity: number | null;
  /** Mean absolute difference from the team's other scores. */
  spread: number | null;
}

/** Severity and spread of each judge on judgement aspects, from the entries behind every mark. */
export function judgePatterns(
  entries: ReadonlyArray<ReadonlyArray<{ judgeUserId: string; score: number }>>,
  names: ReadonlyMap<string, string>,
): JudgePattern[] {
  const sums = new Map<string, { n: number; diff: number; abs: number }>();
  for (const team of entries) {
    if (team.length < 2) continue;
    const total = team.reduce((s, e) => s + e.score, 0);
    for (const e of team) {
      const others = (total - e.score) / (team.length - 1);
      const acc = sums.get(e.judgeUserId) ?? { n: 0, diff: 0, abs: 0 };
      acc.n++;
      acc.diff += e.score - others;
      acc.abs += Math.abs(e.score - others);
      sums.set(e.judgeUserId, acc);
    }
  }
  return [...names].map(([userId, name]) => {
    const acc = sums.get(userId);
    return {
      userId,
      name,
      marks: acc?.n ?? 0,
      severity: acc ? Math.round((acc.diff / acc.n) * 100) / 100 : null,
      spread: acc ? Math.round((acc.abs / acc.n) * 100) / 100 : null,
    };
  });
}

export async function loadConsole(db: DB, scope: Scope, moduleCode: string | null) {
  const context = await loadAssignmentContext(db, scope);
  const results = await loadSkillResults(db, scope);
  const locks = await db
    .selectFrom("schemeModule as m")
    .innerJoin("markingScheme as s", "s.id", "m.schemeId")
    .select((eb) => [
      "m.code",
      "m.name",
      eb.selectFrom("moduleLockEvent as e").select("e.locked").whereRef("e.moduleId", "=", "m.id").orderBy("e.id", "desc").limit(1).as("locked"),
    ])
    .where("s.skillId", "=", scope.skillId)
    .orderBy("m.position")
    .execute();
  const layers = await db
    .selectFrom("decryption as d")
    .innerJoin("appUser as w", "w.id", "d.witnessedBy")
    .innerJoin("appUser as c", "c.id", "d.conductedBy")
    .select(["d.layer", "d.conductedAt", "w.displayName as witness", "c.displayName as conductor"])
    .where("d.skillId", "=", scope.skillId)
    .orderBy("d.layer")
    .execute();
  const opened = new Set(layers.map((l) => l.layer));
  const chosen = context.modules.find((m) => m.code === moduleCode) ?? context.modules[0] ?? null;
  const names = new Map(context.judges.map((j) => [j.userId, j.name]));

  // Identity behind each code, only for the layers opened.
  const identities =
    opened.size === 0
      ? []
      : await db
          .selectFrom("competitor as c")
          .innerJoin("delegation as d", "d.id", "c.delegationId")
          .select([
            "c.id",
            "c.checkInNo",
            "c.registrationNo",
            "d.nameZh as delegationNameZh",
            "d.nameEn as delegationNameEn",
            sql<string>`(select string_agg(p.name, '、' order by p.name) from competitor_member m join person p on p.id = m.person_id where m.competitor_id = c.id)`.as(
              "names",
            ),
          ])
          .where("c.skillId", "=", scope.skillId)
          .execute();
  const identityOf = new Map(
    identities.map((i) => [i.id, opened.has(2) ? i : { ...i, registrationNo: null, names: null, delegationNameZh: null, delegationNameEn: null }]),
  );

  const rows = results.competitors.map((c) => {
    const cells = (chosen?.aspects ?? []).map((a) => {
      const found = c.aspects.find((x) => x.code === a.code);
      const have = found?.entries.length ?? 0;
      const need = needed(a.kind, a.panelSize, context.judgementTeamSize);
      const state: CellState = found?.flagged && !found.spreadApproved ? "flagged" : have >= need ? "complete" : have > 0 ? "partial" : "missing";
      return { aspectCode: a.code, have, need, state };
    });
    const identity = identityOf.get(c.competitorId);
    return {
      competitorId: c.competitorId,
      code: c.code,
      checkInNo: identity?.checkInNo ?? null,
      registrationNo: identity?.registrationNo ?? null,
      names: identity?.names ?? null,
      delegationNameZh: identity?.delegationNameZh ?? null,
      delegationNameEn: identity?.delegationNameEn ?? null,
      total: toFixed(c.total),
      missing: c.missingAspects.length,
      flagged: c.flaggedAspects.length,
      cells,
    };
  });
  const judgementTeams = results.competitors.flatMap((c) =>
    c.aspects
      .filter((a) => a.kind === "judgement")
      .map((a) => a.entries.map((e) => ({ judgeUserId: e.judgeUserId, score: "score" in e.value ? Number(e.value.score) : 0 }))),
  );
  const totals = { complete: 0, partial: 0, missing: 0, flagged: 0 };
  for (const row of rows) for (const cell of row.cells) totals[cell.state]++;
  return {
    modules: locks.map((l) => ({ code: l.code, name: l.name, locked: l.locked === true })),
    chosen: chosen?.code ?? null,
    aspects: (chosen?.aspects ?? []).map((a) => ({ code: a.code, kind: a.kind })),
    rows,
    totals,
    judges: judgePatterns(judgementTeams, names),
    layers: layers.map((l) => ({ layer: l.layer, conductedAt: l.conductedAt.toISOString(), witness: l.witness, conductor: l.conductor })),
  };
}

/** Opens the next layer of codes: every module locked, a supervisor (not the chief judge) witnessing. */
export async function decryptLayer(
  deps: ServiceDeps,
  principal: Principal,
  scope: Scope,
  input: { layer: 1 | 2; witnessUserId: string },
): Promise<{ layer: number; replayed: boolean }> {
  if (!canRunJudging(principal, scope)) throw new DomainError("FORBIDDEN");
  if (input.witnessUserId === principal.userId) throw new DomainError("DECRYPT_WITNESS_SELF", {}, "witnessUserId");
  return inWriteTransaction(deps, async (tx) => {
    await tx.trx
      .selectFrom("skill")
      .select("id")
      .where("id", "=", scope.skillId)
      .where("competitionId", "=", scope.competitionId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const done = await tx.trx.selectFrom("decryption").select("layer").where("skillId", "=", scope.skillId).execute();
    if (done.some((d) => d.layer === input.layer)) return { layer: input.layer, replayed: true };
    if (input.layer === 2 && !done.some((d) => d.layer === 1)) throw new DomainError("DECRYPT_LAYER_ORDER");
    const modules = await tx.trx
      .selectFrom("schemeModule as m")
      .innerJoin("markingScheme as s", "s.id", "m.schemeId")
      .select((eb) => [
        "m.code",
        eb.selectFrom("moduleLockEvent as e").select("e.locked").whereRef("e.moduleId", "=", "m.id").orderBy("e.id", "desc").limit(1).as("locked"),
      ])
      .where("s.skillId", "=", scope.skillId)
      .execute();
    const unlocked = modules.filter((m) => m.locked !== true).map((m) => m.code);
    if (modules.length === 0 || unlocked.length > 0) throw new DomainError("DECRYPT_MODULES_UNLOCKED", { modules: unlocked.join(" ") });
    const witness = await tx.trx
      .selectFrom("appUser")
      .select("appUser.id as userId")
      .select((eb) => activeGrantsOf(eb))
      .where("appUser.id", "=", input.witnessUserId)
      .where("appUser.disabledAt", "is", null)
      .executeTakeFirst();
    if (!witness || !canWitness({ ...witness, isPlatformAdmin: false }, scope)) throw new DomainError("DECRYPT_WITNESS_NOT_SUPERVISOR", {}, "witnessUserId");
    await tx.trx
      .insertInto("decryption")
      .values({
        competitionId: scope.competitionId,
        skillId: scope.skillId,
        layer: input.layer,
        conductedBy: principal.userId,
        witnessedBy: input.witnessUserId,
        conductedAt: tx.now,
      })
      .execute();
    tx.audit({
      actorUserId: principal.userId,
      action: "codes.decrypted",
      entityType: "skill",
      entityId: scope.skillId,
      competitionId: scope.competitionId,
      after: { layer: input.layer, witnessUserId: input.witnessUserId },
    });
    return { layer: input.layer, replayed: false };
  });
}

/** Supervisors who may witness a decryption of this skill. */
export async function loadWitnesses(db: DB, scope: Scope) {
  return db
    .selectFrom("roleAssignment as g")
    .innerJoin("appUser as u", "u.id", "g.userId")
    .select(["u.id", "u.displayName", "u.username"])
    .where("g.role", "=", "supervisor")
    .where("g.competitionId", "=", scope.competitionId)
    .where((w) => w.or([w("g.skillId", "is", null), w("g.skillId", "=", scope.skillId)]))
    .where("g.revokedAt", "is", null)
    .orderBy("u.displayName")
    .execute();
}
