// POST /api/v1/competitions/:competitionId/skills/:skillId/spreads
// A judge of the team justifies a judgement spread over the limit:
//   {"competitorCode": "07", "aspectCode": "A1.3", "justification": "…"}
// The chief judge decides on it:
//   {"competitorCode": "07", "aspectCode": "A1.3", "decision": "approve" | "reject", "note": "…"}
// The competitor is named by `competitorCode` (the code judges see: the workstation number once
// drawn) or by `competitorId`.
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { canMarkSkill } from "~/domain/access/policy";
import { DomainError } from "~/domain/errors";
import { ApiRefusal, apiPrincipal, handleApi, readJsonBody, uuidOrRefuse } from "~/web/api.server";
import { checkCompetitorRef, competitorIdOf, competitorRefFields } from "~/services/competitors/competitor-code.server";
import { decideSpread, justifySpread } from "~/services/marks/spread-resolution.server";

const target = { ...competitorRefFields, aspectCode: z.string().trim().min(1).max(30) };
const SpreadRequestSchema = z
  .union([
    z.strictObject({ ...target, justification: z.string().trim().min(1).max(2000) }),
    z.strictObject({ ...target, decision: z.enum(["approve", "reject"]), note: z.string().trim().min(1).max(2000) }),
  ])
  .superRefine(checkCompetitorRef);

export async function action({ params, request, context }: ActionFunctionArgs) {
  return handleApi(request, async () => {
    if (request.method !== "POST") throw new ApiRefusal(405, "METHOD_NOT_ALLOWED");
    const scope = { competitionId: uuidOrRefuse(params.competitionId), skillId: uuidOrRefuse(params.skillId) };
    const principal = await apiPrincipal(request, context);
    const input = await readJsonBody(request, SpreadRequestSchema);
    if (!canMarkSkill(principal, scope)) throw new DomainError("FORBIDDEN");
    const competitorId = await competitorIdOf(context.deps.db, scope, input);
    const given = { competitorId, aspectCode: input.aspectCode };
    const result =
      "justification" in input
        ? await justifySpread(context.deps, principal, scope, { ...given, text: input.justification })
        : await decideSpread(context.deps, principal, scope, { ...given, approve: input.decision === "approve", note: input.note });
    return Response.json({ ...given, ...(input.competitorCode !== undefined ? { competitorCode: input.competitorCode } : {}), state: result.state });
  });
}
