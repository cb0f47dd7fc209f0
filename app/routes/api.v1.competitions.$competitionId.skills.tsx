// POST /api/v1/competitions/:competitionId/skills — an organizer creates a skill from the fields
// of the organizer's skill form, as JSON. 201 with the stored skill; 422 with a message per field.
import type { ActionFunctionArgs } from "@remix-run/node";
import { canManageCompetition } from "~/domain/access/policy";
import { ApiRefusal, apiPrincipal, fieldRefusalOf, handleApi, readJsonBody, uuidOrRefuse } from "~/web/api.server";
import { SkillJsonInputSchema } from "~/domain/competition/inputs";
import { saveSkill } from "~/services/competitions/save-skill.server";
import { getSkill } from "~/services/queries.server";

export async function action({ params, request, context }: ActionFunctionArgs) {
  return handleApi(request, async () => {
    if (request.method !== "POST") throw new ApiRefusal(405, "METHOD_NOT_ALLOWED");
    const competitionId = uuidOrRefuse(params.competitionId);
    const principal = await apiPrincipal(request, context);
    if (!canManageCompetition(principal, competitionId)) throw new ApiRefusal(403, "FORBIDDEN");
    const input = await readJsonBody(request, SkillJsonInputSchema, { invalidStatus: 422 });
    const { skillId } = await saveSkill(context.deps, principal, competitionId, input, null).catch((error: unknown) => {
      throw fieldRefusalOf(error, 422) ?? error;
    });
    return Response.json({ skill: await getSkill(context.deps.db, competitionId, skillId) }, { status: 201 });
  });
}

export function loader() {
  return Response.json({ error: { code: "METHOD_NOT_ALLOWED", message: "POST a skill; GET /api/v1/competitions/:competitionId lists them" } }, { status: 405 });
}
