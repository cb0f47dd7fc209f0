// POST /api/v1/competitions/:competitionId/skills/:skillId/draws — an organizer runs the skill's
// next draw (or redoes one, with a reason), witnessed by a supervisor of the competition:
//   {"kind": "check_in" | "workstation", "witness": "supervisor", "seed": "3516 2243 …", "reason": "…"}
// 201 with the draw (its seed included); the numbers stay on the organizer's pages. See docs/api.md.
import type { ActionFunctionArgs } from "@remix-run/node";
import { canManageCompetition } from "~/domain/access/policy";
import { DomainError, isDomainError } from "~/domain/errors";
import { ApiRefusal, apiPrincipal, handleApi, readJsonBody, uuidOrRefuse } from "~/web/api.server";
import { RunDrawJsonSchema, runDraw, witnessIdOf } from "~/services/registration/draw.server";

export async function action({ params, request, context }: ActionFunctionArgs) {
  return handleApi(request, async () => {
    if (request.method !== "POST") throw new ApiRefusal(405, "METHOD_NOT_ALLOWED");
    const scope = { competitionId: uuidOrRefuse(params.competitionId), skillId: uuidOrRefuse(params.skillId) };
    const principal = await apiPrincipal(request, context);
    if (!canManageCompetition(principal, scope.competitionId)) throw new DomainError("FORBIDDEN");
    const input = await readJsonBody(request, RunDrawJsonSchema, { invalidStatus: 422 });
    try {
      const witnessUserId = await witnessIdOf(context.deps.db, input);
      const draw = await runDraw(context.deps, principal, scope, { kind: input.kind, witnessUserId, seed: input.seed, reason: input.reason });
      return Response.json({ draw }, { status: 201 });
    } catch (error) {
      // A refused witness is named by the field the request used.
      if (isDomainError(error) && error.field === "witnessUserId" && input.witness !== undefined) throw new DomainError(error.code, error.params, "witness");
      throw error;
    }
  });
}

export function loader() {
  return Response.json({ error: { code: "METHOD_NOT_ALLOWED", message: "POST a draw" } }, { status: 405 });
}
