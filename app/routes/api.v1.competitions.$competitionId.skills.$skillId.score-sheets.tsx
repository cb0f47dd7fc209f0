// POST /api/v1/competitions/:competitionId/skills/:skillId/score-sheets — the skill's chief judge
// enters a paper score sheet: the CSV file as the body (Content-Type: text/csv; ?fileName= names
// it). All or nothing: 201 with the entered sheet (no mark counts until another person verifies
// it), 200 with the same sheet when the same file already awaits verification, or 422 with every
// problem and its row and column. GET lists the skill's sheets (staff who read provisional results).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { canReadProvisionalResults } from "~/domain/access/policy";
import { ApiRefusal, apiPrincipal, handleApi, mediaTypeOf, readBodyBytes, uuidOrRefuse } from "~/web/api.server";
import { enterScoreSheet, listScoreSheets, scoreSheetApiProblems } from "~/services/marks/score-sheets.server";

const maxFileBytes = 2 * 1024 * 1024;

export async function action({ params, request, context }: ActionFunctionArgs) {
  return handleApi(request, async () => {
    if (request.method !== "POST") throw new ApiRefusal(405, "METHOD_NOT_ALLOWED");
    const scope = { competitionId: uuidOrRefuse(params.competitionId), skillId: uuidOrRefuse(params.skillId) };
    const principal = await apiPrincipal(request, context);
    if (mediaTypeOf(request) !== "text/csv") throw new ApiRefusal(415, "UNSUPPORTED_MEDIA_TYPE", { types: "text/csv" });
    const bytes = await readBodyBytes(request, maxFileBytes);
    const fileName = new URL(request.url).searchParams.get("fileName") ?? "score-sheet.csv";
    const outcome = await enterScoreSheet(context.deps, principal, scope, { fileName, bytes });
    if (!outcome.ok)
      throw new ApiRefusal(422, "SCORE_SHEET_INVALID", { count: outcome.problems.length }, { problems: scoreSheetApiProblems(outcome.problems) });
    return Response.json(
      { sheetId: outcome.sheetId, state: "entered", rows: outcome.rows, replayed: outcome.replayed },
      { status: outcome.replayed ? 200 : 201 },
    );
  });
}

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  return handleApi(request, async () => {
    const scope = { competitionId: uuidOrRefuse(params.competitionId), skillId: uuidOrRefuse(params.skillId) };
    const principal = await apiPrincipal(request, context);
    if (!canReadProvisionalResults(principal, scope)) throw new ApiRefusal(403, "FORBIDDEN");
    return Response.json({ sheets: await listScoreSheets(context.deps.db, scope) });
  });
}
