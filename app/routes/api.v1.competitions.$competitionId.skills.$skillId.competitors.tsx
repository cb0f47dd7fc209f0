// POST /api/v1/competitions/:competitionId/skills/:skillId/competitors — an organizer registers
// competitors with their codes, all or nothing: 201 with the competitors (200 when the batch was
// registered before: the stored ones, nothing duplicated); 422 with every problem and its path,
// or 409 when the only problems are stored entries that disagree with the batch.
import type { ActionFunctionArgs } from "@remix-run/node";
import { canManageCompetition } from "~/domain/access/policy";
import { ApiRefusal, apiPrincipal, handleApi, readJsonBody, uuidOrRefuse } from "~/web/api.server";
import { RegisterCompetitorsSchema, registerCompetitors } from "~/services/competitors/register-competitors.server";

export async function action({ params, request, context }: ActionFunctionArgs) {
  return handleApi(request, async () => {
    if (request.method !== "POST") throw new ApiRefusal(405, "METHOD_NOT_ALLOWED");
    const scope = { competitionId: uuidOrRefuse(params.competitionId), skillId: uuidOrRefuse(params.skillId) };
    const principal = await apiPrincipal(request, context);
    if (!canManageCompetition(principal, scope.competitionId)) throw new ApiRefusal(403, "FORBIDDEN");
    const input = await readJsonBody(request, RegisterCompetitorsSchema, { maxBytes: 2 * 1024 * 1024, invalidStatus: 422 });
    const result = await registerCompetitors(context.deps, principal, scope, input);
    if (!result.ok) {
      const problems = result.problems.map((p) => ({ path: p.path, code: p.code, key: `errors.${p.code}`, params: p.params }));
      throw new ApiRefusal(
        result.conflict ? 409 : 422,
        result.conflict ? "REGISTRATION_CONFLICT" : "REGISTRATION_INVALID",
        { count: problems.length },
        { problems },
      );
    }
    return Response.json({ created: result.created, competitors: result.competitors }, { status: result.created > 0 ? 201 : 200 });
  });
}

export function loader() {
  return Response.json({ error: { code: "METHOD_NOT_ALLOWED", message: "POST competitors" } }, { status: 405 });
}
