// The code a competitor is known by to judges, results, exports and the API: the workstation
// number 工位号 once the skill's workstations are drawn (二次加密), before that the registration
// number. Only the code travels — never a name or a delegation — until decryption.
import type { ExpressionBuilder } from "kysely";
import { sql } from "kysely";
import { z } from "zod";
import type { Database } from "../../../db/schema";
import type { DB } from "../../../db/connection";
import { DomainError } from "~/domain/errors";

/** coalesce(workstation_no, registration_no), for a query over `competitor`. */
export function competitorCode(eb: ExpressionBuilder<Database, "competitor">) {
  return eb.fn.coalesce("competitor.workstationNo", "competitor.registrationNo");
}

/** A competitor named either by id or by code, as the marks and spreads API accept: one of the two. */
export interface CompetitorRef {
  competitorId?: string | undefined;
  competitorCode?: string | undefined;
}

export const competitorRefFields = {
  competitorId: z.uuid().optional(),
  competitorCode: z.string().trim().min(1).max(40).optional(),
};

/** Refinement of a body with competitorRefFields: exactly one of them. */
export function checkCompetitorRef(value: CompetitorRef, ctx: z.RefinementCtx): void {
  if (value.competitorId === undefined && value.competitorCode === undefined) ctx.addIssue({ code: "custom", message: "required", path: ["competitorId"] });
  if (value.competitorId !== undefined && value.competitorCode !== undefined)
    ctx.addIssue({ code: "custom", message: "oneOf:competitorId, competitorCode", path: ["competitorCode"] });
}

/**
 * The id of the skill's competitor with this code. A workstation number wins over a registration
 * number that happens to read the same (a competitor registered after the workstation draw).
 */
export async function competitorIdOf(db: DB, scope: { competitionId: string; skillId: string }, ref: CompetitorRef): Promise<string> {
  if (ref.competitorId !== undefined) return ref.competitorId;
  const code = ref.competitorCode;
  if (code === undefined) throw new Error("A competitor is named by id or by code");
  const found = await db
    .selectFrom("competitor")
    .select("id")
    .where("competitor.skillId", "=", scope.skillId)
    .where("competitor.competitionId", "=", scope.competitionId)
    .where((eb) => eb(competitorCode(eb), "=", code))
    .orderBy(sql`workstation_no is null`)
    .limit(1)
    .executeTakeFirst();
  if (!found) throw new DomainError("UNKNOWN_COMPETITOR", { code }, "competitorCode");
  return found.id;
}
