// GET /api/v1/skills/:skillId/results — a skill's results as they stand (staff only until the
// results are published): rank, code, module totals, theory and practice parts (where the scheme
// has both), total, time used, points (official or computed), award, and what is missing.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { canReadProvisionalResults } from "~/domain/access/policy";
import { toFixed } from "~/domain/results/exact";
import { ApiRefusal, apiPrincipal, handleApi, uuidOrRefuse } from "~/web/api.server";
import { loadSkillResults } from "~/services/results/load-skill-results.server";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  return handleApi(request, async () => {
    const skillId = uuidOrRefuse(params.skillId);
    const principal = await apiPrincipal(request, context);
    const skill = await context.deps.db.selectFrom("skill").select(["competitionId"]).where("id", "=", skillId).executeTakeFirst();
    if (!skill) throw new ApiRefusal(404, "NOT_FOUND");
    const scope = { competitionId: skill.competitionId, skillId };
    if (!canReadProvisionalResults(principal, scope)) throw new ApiRefusal(403, "FORBIDDEN");
    const results = await loadSkillResults(context.deps.db, scope);
    return Response.json({
      skillId,
      provisional: true,
      complete: results.complete,
      selectionOnly: results.selectionOnly,
      tieBreaks: results.tieBreaks,
      partWeights: results.partWeights,
      competitors: results.competitors.map((c) => ({
        rank: c.rank,
        code: c.code,
        competitorId: c.competitorId,
        total: toFixed(c.total),
        totalExact: `${c.total.n}/${c.total.d}`,
        rawTotal: toFixed(c.rawTotal),
        parts: c.parts ? { theory: toFixed(c.parts.theory.scaled), practice: toFixed(c.parts.practice.scaled) } : null,
        modules: c.modules.map((m) => ({ code: m.code, mark: toFixed(m.mark), max: toFixed(m.max) })),
        timeUsedSeconds: c.timeUsedSeconds,
        points: c.points,
        pointsSource: c.pointsSource,
        award: c.award,
        bestOfNation: c.bestOfNation,
        decidedBy: c.decidedBy,
        unresolvedTie: c.unresolvedTie,
        missingAspects: c.missingAspects,
        flaggedAspects: c.flaggedAspects,
      })),
    });
  });
}
