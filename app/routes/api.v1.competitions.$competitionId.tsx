// GET /api/v1/competitions/:competitionId — a public competition with its skills and delegations.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getCompetition, listDelegations, listSkills } from "~/services/queries.server";
import { isUuid } from "~/domain/fields";

export async function loader({ params, context }: LoaderFunctionArgs) {
  const id = params.competitionId ?? "";
  const competition = isUuid(id) ? await getCompetition(context.deps.db, id.toLowerCase()) : undefined;
  if (!competition || competition.status === "draft") {
    return Response.json({ error: { code: "NOT_FOUND", message: "No public competition has this id." } }, { status: 404 });
  }
  const [skills, delegations] = await Promise.all([listSkills(context.deps.db, competition.id), listDelegations(context.deps.db, competition.id)]);
  const { ruleSettings, ...rest } = competition;
  // Public projection: no team leaders' names.
  const publicDelegations = delegations.map(({ teamLeaders: _leaders, ...d }) => d);
  return Response.json(
    { competition: { ...rest, ruleSettings }, skills, delegations: publicDelegations },
    { headers: { "Cache-Control": "public, max-age=30" } },
  );
}
