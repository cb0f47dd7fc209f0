// POST /api/v1/competitions/:competitionId/skills/:skillId/draws — an organizer runs the skill's
// next draw (or redoes one, with a reason), witnessed by a supervisor of the competition:
//   {"kind": "check_in" | "workstation", "witness": "supervisor", "seed": "3516 2243 …", "reason": "…"}
// 201 with the draw (its seed included); the numbers stay on the organizer's pages. See docs/api.md.
import type { ActionFunctionArgs } from "@remix-run/node";
import { canManageCompetition } from "~/domain/access/policy";
import { DomainError } from "~/domain/errors";
import { ApiRefusal, apiPrincipal, handleApi, readJsonBody, uuidOrRefuse, inApiTerms, type ApiTerms } from "~/web/api.server";
import { RunDrawJsonSchema, runDraw, witnessIdOf } from "~/services/registration/draw.server";

export async function action({ params, request, context }: ActionFunctionArgs) {
  return handleApi(request, async () => {
    if (request.method !== "POST") throw new ApiRefusal(405, "METHOD_NOT_ALLOWED");
    const scope = { competitionId: uuidOrRefuse(params.competitionId), skillId: uuidOrRefuse(params.skillId) };
    const principal = await apiPrincipal(request, context);
    if (!canManageCompetition(principal, scope.competitionId)) throw new DomainError("FORBIDDEN");
    const input = await readJsonBody(request, RunDrawJsonSchema, { invalidStatus: 422 });
    // A refused witness is named by the field the request used.
    const terms: ApiTerms = input.witness === undefined ? {} : { fields: { witnessUserId: "witness" } };
    const witnessUserId = await inApiTerms(witnessIdOf(context.deps.db, input), terms);
    const draw = await inApiTerms(runDraw(context.deps, principal, scope, { kind: input.kind, witnessUserId, seed: input.seed, reason: input.reason }), terms);
    return Response.json({ draw }, { status: 201 });
  });
}

export function loader() {
  return Response.json({ error: { code: "METHOD_NOT_ALLOWED", message: "POST a draw" } }, { status: 405 });
}
