// POST /api/v1/competitions/:competitionId/skills/:skillId/marks — a judge records or corrects a
// mark (Bearer token of a judge, or the judge's session). Idempotent by submissionId.
import type { ActionFunctionArgs } from "@remix-run/node";
import { ApiRefusal, apiPrincipal, handleApi, readJsonBody, uuidOrRefuse } from "~/services/api.server";
import { RecordMarkSchema, recordMark } from "~/services/marks/record-mark.server";

export async function action({ params, request, context }: ActionFunctionArgs) {
  return handleApi(request, async () => {
    if (request.method !== "POST") throw new ApiRefusal(405, "METHOD_NOT_ALLOWED");
    const scope = { competitionId: uuidOrRefuse(params.competitionId), skillId: uuidOrRefuse(params.skillId) };
    const principal = await apiPrincipal(request, context);
    const input = await readJsonBody(request, RecordMarkSchema);
    const recorded = await recordMark(context.deps, principal, scope, input);
    return Response.json(recorded, { status: recorded.replayed ? 200 : 201 });
  });
}

export function loader() {
  return Response.json({ error: { code: "METHOD_NOT_ALLOWED", message: "POST a mark" } }, { status: 405 });
}
