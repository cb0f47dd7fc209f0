// POST /api/v1/competitions/:competitionId/skills/:skillId/score-sheets/:sheetId/verify — another
// person than the one who entered the sheet (a chief judge of the skill or an organizer) verifies
// it: every row is checked again and written as the named judge's mark, all in one transaction.
// 200 with the marks written (the same answer, `replayed`, when it was already verified), or 409
// with every row that no longer passes (a module locked, a mark changed since the sheet was entered).
import type { ActionFunctionArgs } from "@remix-run/node";
import { ApiRefusal, apiPrincipal, handleApi, uuidOrRefuse } from "~/web/api.server";
import { scoreSheetApiProblems, verifyScoreSheet } from "~/services/marks/score-sheets.server";

export async function action({ params, request, context }: ActionFunctionArgs) {
  return handleApi(request, async () => {
    if (request.method !== "POST") throw new ApiRefusal(405, "METHOD_NOT_ALLOWED");
    const scope = { competitionId: uuidOrRefuse(params.competitionId), skillId: uuidOrRefuse(params.skillId) };
    const sheetId = uuidOrRefuse(params.sheetId);
    const principal = await apiPrincipal(request, context);
    const outcome = await verifyScoreSheet(context.deps, principal, scope, sheetId);
    if (!outcome.ok)
      throw new ApiRefusal(409, "SCORE_SHEET_NOT_VERIFIED", { count: outcome.problems.length }, { problems: scoreSheetApiProblems(outcome.problems) });
    return Response.json({ sheetId, state: "verified", marks: outcome.marks, corrections: outcome.corrections, replayed: outcome.replayed });
  });
}

export function loader() {
  return Response.json({ error: { code: "METHOD_NOT_ALLOWED", message: "POST to verify" } }, { status: 405 });
}
