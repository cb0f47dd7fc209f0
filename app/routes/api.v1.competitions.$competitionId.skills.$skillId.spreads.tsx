// POST /api/v1/competitions/:competitionId/skills/:skillId/spreads
// A judge of the team justifies a judgement spread over the limit:
//   {"competitorId": "…", "aspectCode": "A1.3", "justification": "…"}
// The chief judge decides on it:
//   {"competitorId": "…", "aspectCode": "A1.3", "decision": "approve" | "reject", "note": "…"}
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { ApiRefusal, apiPrincipal, handleApi, readJsonBody, uuidOrRefuse } from "~/services/api.server";
import { decideSpread, justifySpread } from "~/services/marks/spread-resolution.server";

const SpreadRequestSchema = z.union([
  z.strictObject({ competitorId: z.uuid(), aspectCode: z.string().trim().min(1).max(30), justification: z.string().trim().min(1).max(2000) }),
  z.strictObject({ competitorId: z.uuid(), aspectCode: z.string().trim().min(1).max(30), decision: z.enum(["approve", "reject"]), note: z.string().trim().min(1).max(2000) }),
]);

export async function action({ params, request, context }: ActionFunctionArgs) {
  return handleApi(request, async () => {
    if (request.method !== "POST") throw new ApiRefusal(405, "METHOD_NOT_ALLOWED");
    const scope = { competitionId: uuidOrRefuse(params.competitionId), skillId: uuidOrRefuse(params.skillId) };
    const principal = await apiPrincipal(request, context);
    const input = await readJsonBody(request, SpreadRequestSchema);
    const target = { competitorId: input.competitorId, aspectCode: input.aspectCode };
    const result =
      "justification" in input
        ? await justifySpread(context.deps, principal, scope, { ...target, text: input.justification })
        : await decideSpread(context.deps, principal, scope, { ...target, approve: input.decision === "approve", note: input.note });
    return Response.json({ ...target, state: result.state });
  });
}
