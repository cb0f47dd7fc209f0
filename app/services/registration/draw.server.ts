// The draw 抽签 of one skill (RULES.md "Anonymity, draw, check-in"; docs/decisions/012). The
// organizer runs it, witnessed by a supervisor of the competition (another person): first the
// check-in numbers 检录号 for the registration numbers, then the workstation numbers 工位号 for
// the check-in numbers. The seed is 32 random bytes unless the witness brings a public one (dice).
// Every draw is stored whole and audited, so verifyDraw can re-run it. Never redone silently: a
// second draw of a kind needs a reason and supersedes the first; once marking has started in the
// skill there are no more draws. Redoing the check-in draw clears the workstation numbers, which
// were drawn for the old check-in numbers.
import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import { z } from "zod";
import type { DB } from "../../../db/connection";
import { type Principal } from "~/domain/access/roles";
import { canManageCompetition } from "~/domain/access/policy";
import { readRuleSettings } from "~/domain/competition/rule-settings";
import { DomainError } from "~/domain/errors";
import {
  compareCodePoints,
  conductDraw,
  drawAlgorithm,
  drawKinds,
  drawSeedPattern,
  findDrawMismatches,
  formatDrawNumbers,
  type DrawKind,
} from "~/domain/registration/draw";
import type { ServiceDeps } from "../deps.server";
import { inWriteTransaction } from "../transaction.server";
import { choice, optionalText, isUuid } from "~/domain/fields";

/** A public seed as typed or read out: spaces dropped, letters lower-cased; empty means none. */
const publicSeed = z.preprocess(
  (v) => (typeof v === "string" ? v.replace(/\s+/g, "").toLowerCase() || null : v),
  z.string().regex(drawSeedPattern, { message: "invalidFormat" }).nullable().default(null),
);

export const RunDrawSchema = z.object({
  kind: choice(drawKinds),
  witnessUserId: z
    .string({ error: () => ({ message: "required" }) })
    .min(1, { message: "required" })
    .refine(isUuid, { message: "invalidChoice" })
    .transform((v) => v.toLowerCase()),
  seed: publicSeed,
  reason: optionalText(1000),
});
export type RunDraw = z.output<typeof RunDrawSchema>;

/** The JSON API's body: the witness by account name (`witness`) or by id (`witnessUserId`). */
export const RunDrawJsonSchema = z
  .strictObject({
    kind: choice(drawKinds),
    witness: z.string().trim().min(1).max(100).optional(),
    witnessUserId: z.uuid().optional(),
    seed: publicSeed,
    reason: optionalText(1000),
  })
  .superRefine((v, ctx) => {
    if (v.witness === undefined && v.witnessUserId === undefined) ctx.addIssue({ code: "custom", message: "required", path: ["witness"] });
    if (v.witness !== undefined && v.witnessUserId !== undefined) ctx.addIssue({ code: "custom", message: "oneOf:witness, witnessUserId", path: ["witness"] });
  });

/** The id of the account a draw request names as its witness (by id, or by account name). */
export async function witnessIdOf(db: DB, input: z.output<typeof RunDrawJsonSchema>): Promise<string> {
  if (input.witnessUserId !== undefined) return input.witnessUserId.toLowerCase();
  const user = await db.selectFrom("appUser").select("id").where("username", "=", input.witness!).executeTakeFirst();
  if (!user) throw new DomainError("DRAW_WITNESS_NOT_SUPERVISOR", {}, "witness");
  return user.id;
}

/** The stored JSON of a draw, validated on every read. */
const EntrantsSchema = z.array(z.object({ competitorId: z.string(), key: z.string() }));
const NumbersSchema = z.array(z.string());
const ResultSchema = z.array(z.object({ competitorId: z.string(), number: z.string() }));

export interface ConductedDraw {
  drawId: string;
  kind: DrawKind;
  seed: string;
  seedSource: "generated" | "witness";
  entrants: number;
  supersedesId: string | null;
}

type Scope = { competitionId: string; skillId: string };

/** The draws of a skill that are in force: per kind, the one no later draw supersedes. */
function currentDrawsQuery(db: DB, skillId: string) {
  return db
    .selectFrom("draw")
    .select(["draw.id", "draw.kind", "draw.numbers", "draw.basedOnId"])
    .where("draw.skillId", "=", skillId)
    .where((eb) => eb.not(eb.exists(eb.selectFrom("draw as later").select("later.id").whereRef("later.supersedesId", "=", "draw.id"))));
}

export async function runDraw(deps: ServiceDeps, principal: Principal, scope: Scope, input: RunDraw): Promise<ConductedDraw> {
  if (!canManageCompetition(principal, scope.competitionId)) throw new DomainError("FORBIDDEN");
  if (input.witnessUserId === principal.userId) throw new DomainError("DRAW_WITNESS_SELF", {}, "witnessUserId");
  const seed = input.seed ?? randomBytes(32).toString("hex");
  return inWriteTransaction(deps, async (tx) => {
    // Draws and registrations of one skill take turns on the skill's row.
    const skill = await tx.trx
      .selectFrom("skill")
      .select((eb) => [
        "skill.id",
        eb.selectFrom("competition").select("competition.ruleSettings").whereRef("competition.id", "=", "skill.competitionId").as("ruleSettings"),
      ])
      .where("skill.id", "=", scope.skillId)
      .where("skill.competitionId", "=", scope.competitionId)
      .forUpdate()
      .executeTakeFirst();
    if (!skill) throw new DomainError("NOT_FOUND");
    // Locking the competitors makes a mark being written (its foreign key shares their rows) wait,
    // or be seen by the check below once it has committed.
    const competitors = await tx.trx
      .selectFrom("competitor")
      .select(["id", "registrationNo", "checkInNo", "workstationNo"])
      .where("skillId", "=", scope.skillId)
      .orderBy("id")
      .forUpdate()
      .execute();
    const checks = await tx.trx
      .selectNoFrom((eb) => [
        eb
          .exists(
            eb
              .selectFrom("roleAssignment")
              .innerJoin("appUser", "appUser.id", "roleAssignment.userId")
              .select("roleAssignment.id")
              .where("roleAssignment.userId", "=", input.witnessUserId)
              .where("roleAssignment.role", "=", "supervisor")
              .where("roleAssignment.competitionId", "=", scope.competitionId)
              .where((w) => w.or([w("roleAssignment.skillId", "is", null), w("roleAssignment.skillId", "=", scope.skillId)]))
              .where("roleAssignment.revokedAt", "is", null)
              .where("appUser.disabledAt", "is", null),
          )
          .as("witnessIsSupervisor"),
        eb.exists(eb.selectFrom("mark").select("mark.id").where("mark.skillId", "=", scope.skillId)).as("marked"),
        jsonArrayFrom(currentDrawsQuery(tx.trx, scope.skillId)).as("current"),
      ])
      .executeTakeFirstOrThrow();
    if (!checks.witnessIsSupervisor) throw new DomainError("DRAW_WITNESS_NOT_SUPERVISOR", {}, "witnessUserId");
    if (checks.marked) throw new DomainError("DRAW_AFTER_MARKS");
    const previous = checks.current.find((d) => d.kind === input.kind) ?? null;
    if (previous && !input.reason) throw new DomainError("DRAW_REDO_REASON_REQUIRED", {}, "reason");
    if (competitors.length === 0) throw new DomainError("DRAW_NO_ENTRANTS");

    let entrants: Array<{ competitorId: string; key: string }>;
    let basedOnId: string | null = null;
    if (input.kind === "check_in") {
      entrants = competitors.map((c) => ({ competitorId: c.id, key: c.registrationNo })).sort((a, b) => compareCodePoints(a.key, b.key));
    } else {
      const checkIn = checks.current.find((d) => d.kind === "check_in");
      if (!checkIn) throw new DomainError("DRAW_CHECK_IN_FIRST");
      const missing = competitors.filter((c) => c.checkInNo === null).length;
      if (missing > 0) throw new DomainError("DRAW_CHECK_IN_INCOMPLETE", { count: missing });
      // In order of check-in number: the position of each number in the check-in draw's list.
      const position = new Map(NumbersSchema.parse(checkIn.numbers).map((n, i) => [n, i]));
      const at = (key: string) => {
        const index = position.get(key);
        if (index === undefined) throw new Error(`Check-in number ${key} is not one the current check-in draw handed out`);
        return index;
      };
      entrants = competitors.map((c) => ({ competitorId: c.id, key: c.checkInNo! })).sort((a, b) => at(a.key) - at(b.key));
      basedOnId = checkIn.id;
    }

    const rules = readRuleSettings(skill.ruleSettings);
    const numbers = formatDrawNumbers(entrants.length, {
      prefix: input.kind === "check_in" ? rules.checkInNoPrefix : rules.workstationNoPrefix,
      digits: rules.drawNumberDigits,
    });
    const assigned = conductDraw({ seed, entrants: entrants.map((e) => e.key), numbers });
    const result = entrants.map((e, k) => ({ competitorId: e.competitorId, number: assigned[k]! }));
    const seedSource = input.seed ? ("witness" as const) : ("generated" as const);
    const reason = previous ? input.reason : null;
    const row = await tx.trx
      .insertInto("draw")
      .values({
        competitionId: scope.competitionId,
        skillId: scope.skillId,
        kind: input.kind,
        algorithm: drawAlgorithm,
        seed,
        seedSource,
        entrants: JSON.stringify(entrants),
        numbers: JSON.stringify(numbers),
        result: JSON.stringify(result),
        basedOnId,
        conductedBy: principal.userId,
        witnessedBy: input.witnessUserId,
        conductedAt: tx.now,
        supersedesId: previous?.id ?? null,
        reason,
      })
      .returning("id")
      .executeTakeFirstOrThrow();

    // The competitors carry the numbers in force; a new check-in draw voids the workstations.
    const column = input.kind === "check_in" ? sql.ref("check_in_no") : sql.ref("workstation_no");
    const clearsWorkstations = input.kind === "check_in" && competitors.some((c) => c.workstationNo !== null);
    await sql`update competitor as c set ${column} = v.number${clearsWorkstations ? sql`, workstation_no = null` : sql``}
      from (values ${sql.join(result.map((r) => sql`(${r.competitorId}, ${r.number})`))}) as v(competitor_id, number)
      where c.id = v.competitor_id::uuid and c.skill_id = ${scope.skillId}`.execute(tx.trx);

    tx.audit({
      actorUserId: principal.userId,
      action: previous ? "draw.redone" : "draw.conducted",
      entityType: "draw",
      entityId: row.id,
      competitionId: scope.competitionId,
      after: {
        skillId: scope.skillId,
        kind: input.kind,
        algorithm: drawAlgorithm,
        seed,
        seedSource,
        witnessUserId: input.witnessUserId,
        basedOnId,
        supersedesId: previous?.id ?? null,
        numbers: Object.fromEntries(result.map((r) => [r.competitorId, r.number])),
        workstationsCleared: clearsWorkstations,
      },
      reason,
    });
    // The codes results and judges use change with the workstation numbers.
    if (input.kind === "workstation" || clearsWorkstations)
      tx.emit({ type: "results.changed", competitionId: scope.competitionId, skillId: scope.skillId, cause: "draw" });
    return { drawId: row.id, kind: input.kind, seed, seedSource, entrants: entrants.length, supersedesId: previous?.id ?? null };
  });
}

export type DrawProblem =
  "not_found" | "unknown_algorithm" | "malformed" | "entrants_out_of_order" | "entrants_not_from_check_in_draw" | "result_mismatch" | "competitors_disagree";

export type DrawVerdict =
  | { drawId: string; ok: true; competitionId: string; skillId: string; kind: DrawKind; entrants: number; inForce: boolean }
  | { drawId: string; ok: false; competitionId: string | null; skillId: string | null; kind: DrawKind | null; problem: DrawProblem; count: number };

/**
 * Re-runs a stored draw from its seed, entrants and numbers and compares with its stored result.
 * Also checks that the entrants are in canonical order (registration numbers by code point; for
 * workstations, the check-in numbers of the draw it built on, in their order) and, for a draw in
 * force, that the competitors carry exactly its numbers.
 */
export async function verifyDraw(db: DB, drawId: string): Promise<DrawVerdict> {
  const found = await db
    .selectFrom("draw")
    .select([
      "draw.id",
      "draw.competitionId",
      "draw.skillId",
      "draw.kind",
      "draw.algorithm",
      "draw.seed",
      "draw.entrants",
      "draw.numbers",
      "draw.result",
      "draw.basedOnId",
    ])
    .select((eb) => [
      eb.exists(eb.selectFrom("draw as later").select("later.id").whereRef("later.supersedesId", "=", "draw.id")).as("superseded"),
      eb.selectFrom("draw as base").select("base.kind").whereRef("base.id", "=", "draw.basedOnId").as("baseKind"),
      eb.selectFrom("draw as base").select("base.result").whereRef("base.id", "=", "draw.basedOnId").as("baseResult"),
      eb.selectFrom("draw as base").select("base.numbers").whereRef("base.id", "=", "draw.basedOnId").as("baseNumbers"),
      eb.exists(eb.selectFrom("draw as rebase").select("rebase.id").whereRef("rebase.supersedesId", "=", "draw.basedOnId")).as("baseSuperseded"),
    ])
    .where("draw.id", "=", drawId)
    .executeTakeFirst();
  if (!found) return { drawId, ok: false, competitionId: null, skillId: null, kind: null, problem: "not_found", count: 0 };
  const refuse = (problem: DrawProblem, count = 0): DrawVerdict => ({
    drawId,
    ok: false,
    competitionId: found.competitionId,
    skillId: found.skillId,
    kind: found.kind,
    problem,
    count,
  });
  if (found.algorithm !== drawAlgorithm) return refuse("unknown_algorithm");
  const entrants = EntrantsSchema.safeParse(found.entrants);
  const numbers = NumbersSchema.safeParse(found.numbers);
  const result = ResultSchema.safeParse(found.result);
  if (!entrants.success || !numbers.success || !result.success) return refuse("malformed");
  const keys = entrants.data.map((e) => e.key);

  if (found.kind === "check_in") {
    const outOfOrder = keys.slice(1).filter((key, i) => compareCodePoints(keys[i]!, key) >= 0).length;
    if (outOfOrder > 0) return refuse("entrants_out_of_order", outOfOrder);
  } else {
    const baseResult = ResultSchema.safeParse(found.baseResult);
    const baseNumbers = NumbersSchema.safeParse(found.baseNumbers);
    if (found.baseKind !== "check_in" || !baseResult.success || !baseNumbers.success) return refuse("entrants_not_from_check_in_draw");
    const checkInOf = new Map(baseResult.data.map((r) => [r.competitorId, r.number]));
    const differing = entrants.data.filter((e) => checkInOf.get(e.competitorId) !== e.key).length + Math.abs(baseResult.data.length - entrants.data.length);
    if (differing > 0) return refuse("entrants_not_from_check_in_draw", differing);
    const position = new Map(baseNumbers.data.map((n, i) => [n, i]));
    const outOfOrder = keys.slice(1).filter((key, i) => !(position.get(keys[i]!)! < position.get(key)!)).length;
    if (outOfOrder > 0) return refuse("entrants_out_of_order", outOfOrder);
  }

  // Counts, duplicates or a seed that no draw could have produced.
  const distinct = (list: readonly string[]) => new Set(list).size === list.length;
  if (
    !drawSeedPattern.test(found.seed) ||
    keys.length !== numbers.data.length ||
    result.data.length !== keys.length ||
    !distinct(keys) ||
    !distinct(numbers.data)
  )
    return refuse("malformed");
  const mismatches = findDrawMismatches(
    { seed: found.seed, entrants: keys, numbers: numbers.data },
    result.data.map((r) => r.number),
  );
  const wrongCompetitor = result.data.filter((r, k) => r.competitorId !== entrants.data[k]?.competitorId).length;
  if (mismatches.length + wrongCompetitor > 0) return refuse("result_mismatch", mismatches.length + wrongCompetitor);

  // In force: not superseded and, for workstations, built on the check-in draw in force.
  const inForce = !found.superseded && (found.kind === "check_in" || !found.baseSuperseded);
  if (inForce) {
    const carried = await db.selectFrom("competitor").select(["id", "checkInNo", "workstationNo"]).where("skillId", "=", found.skillId).execute();
    const numberOf = new Map(carried.map((c) => [c.id, found.kind === "check_in" ? c.checkInNo : c.workstationNo]));
    const disagreeing = result.data.filter((r) => numberOf.get(r.competitorId) !== r.number).length;
    if (disagreeing > 0) return refuse("competitors_disagree", disagreeing);
  }
  return { drawId, ok: true, competitionId: found.competitionId, skillId: found.skillId, kind: found.kind, entrants: keys.length, inForce };
}

/** Every draw (of one competition, or all), oldest first, each verified. */
export async function verifyAllDraws(db: DB, filter: { competitionId?: string } = {}): Promise<DrawVerdict[]> {
  let query = db.selectFrom("draw").select("id").orderBy("conductedAt").orderBy("id");
  if (filter.competitionId) query = query.where("competitionId", "=", filter.competitionId);
  const verdicts: DrawVerdict[] = [];
  for (const { id } of await query.execute()) verdicts.push(await verifyDraw(db, id));
  return verdicts;
}
