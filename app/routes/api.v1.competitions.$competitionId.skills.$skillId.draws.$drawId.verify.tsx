// GET /api/v1/competitions/:competitionId/skills/:skillId/draws/:drawId/verify — re-runs a draw
// from its stored seed and entrants and answers the verdict (never the numbers): organizers, the
// skill's chief judges, supervisors and arbitrators. 200 {"verdict": {"ok": true, …}} or
// {"verdict": {"ok": false, "problem": "result_mismatch", …}}; 404 for a draw of another skill.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { canReadProvisionalResults } from "~/domain/access/policy";
import { DomainError } from "~/domain/errors";
import { apiPrincipal, handleApi, uuidOrRefuse } from "~/web/api.server";
import { verifyDraw } from "~/services/registration/draw.server";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  return handleApi(request, async () => {
    const scope = { competitionId: uuidOrRefuse(params.competitionId), skillId: uuidOrRefuse(params.skillId) };
    const drawId = uuidOrRefuse(params.drawId);
    const principal = await apiPrincipal(request, context);
    if (!canReadProvisionalResults(principal, scope)) throw new DomainError("FORBIDDEN");
    const verdict = await verifyDraw(context.deps.db, drawId);
    if (verdict.competitionId !== scope.competitionId || verdict.skillId !== scope.skillId) throw new DomainError("NOT_FOUND");
    return Response.json({ verdict });
  });
}
