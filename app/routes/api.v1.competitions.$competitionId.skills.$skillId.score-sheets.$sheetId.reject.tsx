// POST /api/v1/competitions/:competitionId/skills/:skillId/score-sheets/:sheetId/reject
// {"reason": "…"} — another person than the one who entered the sheet rejects it; its rows never count.
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { ApiRefusal, apiPrincipal, handleApi, readJsonBody, uuidOrRefuse } from "~/web/api.server";
import { rejectScoreSheet } from "~/services/marks/score-sheets.server";
import { text } from "~/domain/fields";

const RejectSchema = z.strictObject({ reason: text(1000) });

export async function action({ params, request, context }: ActionFunctionArgs) {
  return handleApi(request, async () => {
    if (request.method !== "POST") throw new ApiRefusal(405, "METHOD_NOT_ALLOWED");
    const scope = { competitionId: uuidOrRefuse(params.competitionId), skillId: uuidOrRefuse(params.skillId) };
    const sheetId = uuidOrRefuse(params.sheetId);
    const principal = await apiPrincipal(request, context);
    const input = await readJsonBody(request, RejectSchema, { invalidStatus: 422 });
    const rejected = await rejectScoreSheet(context.deps, principal, scope, sheetId, input.reason);
    return Response.json(rejected);
  });
}

export function loader() {
  return Response.json({ error: { code: "METHOD_NOT_ALLOWED", message: "POST to reject" } }, { status: 405 });
}
