// The appealed competitor's current marks in the correction's columns, for the chief judge.
import type { DB } from "../../../db/connection";
import type { Principal } from "~/domain/access/roles";
import { toFixed } from "~/domain/results/exact";
import type { MarkValue } from "~/domain/marking-scheme/mark-value";
import { loadCurrentMarks } from "../results/score-inputs.server";
import { loadSchemeContext } from "../marks/scheme-context.server";
import { competitorCode } from "../competitors/competitor-code.server";
import { appealRow, requireCorrector } from "./appeal-rows.server";

/** A mark's value as a paper score sheet writes it (what the correction rows take). */
function markValueText(value: MarkValue): string {
  if ("score" in value) return String(value.score);
  if ("achieved" in value) return value.achieved ? "yes" : "no";
  if ("choiceId" in value) return value.choiceId;
  if ("measured" in value) return value.measured;
  return value.mark;
}

/**
 * The appealed competitor's current marks, one row per judge and aspect, in the correction's
 * columns: the chief judge starts the correction from them and changes what the ruling says.
 */
export async function loadAppealedMarks(db: DB, principal: Principal, appealId: string) {
  const appeal = await appealRow(db, appealId);
  const scope = { competitionId: appeal.competitionId, skillId: appeal.skillId };
  requireCorrector(principal, scope);
  if (!appeal.competitorId) return { code: null, rows: [] };
  const context = await loadSchemeContext(db, scope.skillId);
  const [marks, competitor] = await Promise.all([
    loadCurrentMarks(db, scope.skillId, context),
    db
      .selectFrom("competitor")
      .select((eb) => [competitorCode(eb).as("code")])
      .where("competitor.id", "=", appeal.competitorId)
      .executeTakeFirstOrThrow(),
  ]);
  const own = marks.filter((m) => m.competitorId === appeal.competitorId);
  const judges = own.length
    ? await db
        .selectFrom("appUser")
        .select(["id", "username"])
        .where("id", "in", [...new Set(own.map((m) => m.judgeUserId))])
        .execute()
    : [];
  const usernameOf = new Map(judges.map((j) => [j.id, j.username]));
  const order = [...context.aspects.keys()];
  return {
    code: competitor.code,
    rows: own
      .map((m) => ({
        aspectCode: m.aspectCode,
        kind: context.aspects.get(m.aspectCode)!.aspect.kind,
        max: toFixed(context.aspects.get(m.aspectCode)!.aspect.max),
        judge: usernameOf.get(m.judgeUserId) ?? "",
        value: markValueText(m.value),
      }))
      .sort((a, b) => order.indexOf(a.aspectCode) - order.indexOf(b.aspectCode) || (a.judge < b.judge ? -1 : 1)),
  };
}
