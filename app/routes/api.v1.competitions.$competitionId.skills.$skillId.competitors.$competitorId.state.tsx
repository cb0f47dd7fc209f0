// GET  /api/v1/competitions/:competitionId/skills/:skillId/competitors/:competitorId/state
//      the competitor's state on the day, extra time granted and history (codes only, no names);
// POST the same path: a state change (check-in desk: check_in, mark_absent; chief judge: start,
//      pause, resume, grant_extra_time, finish, reopen; both: disqualify), e.g.
//      {"submissionId": "…", "action": "pause", "reason": "焊机故障"}. 201 when recorded, 200 for a
//      repeat (same submissionId, or the state already reached). See docs/api.md.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { DomainError } from "~/domain/errors";
import { ApiRefusal, apiPrincipal, handleApi, readJsonBody, uuidOrRefuse, inApiTerms } from "~/web/api.server";
import { ChangeCompetitorStateJsonSchema, changeCompetitorState } from "~/services/registration/change-competitor-state.server";
import { listCheckInCodes, loadStateHistory } from "~/services/registration/check-in-desk.server";
import { canReadCheckIn } from "~/domain/access/policy";

function scopeOf(params: Record<string, string | undefined>) {
  return { competitionId: uuidOrRefuse(params.competitionId), skillId: uuidOrRefuse(params.skillId), competitorId: uuidOrRefuse(params.competitorId) };
}

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  return handleApi(request, async () => {
    const { competitorId, ...scope } = scopeOf(params);
    const principal = await apiPrincipal(request, context);
    if (!canReadCheckIn(principal, scope)) throw new DomainError("FORBIDDEN");
    const competitor = (await listCheckInCodes(context.deps.db, scope, null)).find((c) => c.id === competitorId);
    if (!competitor) throw new DomainError("NOT_FOUND");
    const history = await loadStateHistory(context.deps.db, scope, competitorId);
    return Response.json({
      competitor: { id: competitor.id, code: competitor.code, state: competitor.state, extraMinutes: competitor.extraMinutes ?? 0 },
      history: history.map((h) => ({
        id: h.id,
        action: h.action,
        fromState: h.fromState,
        toState: h.toState,
        reason: h.reason,
        extraMinutes: h.extraMinutes,
        occurredAt: h.occurredAt.toISOString(),
      })),
    });
  });
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  return handleApi(request, async () => {
    if (request.method !== "POST") throw new ApiRefusal(405, "METHOD_NOT_ALLOWED");
    const { competitorId, ...scope } = scopeOf(params);
    const principal = await apiPrincipal(request, context);
    const input = await readJsonBody(request, ChangeCompetitorStateJsonSchema, { invalidStatus: 422 });
    // The competitor is named by the URL: another skill's, or nobody's, is not found.
    const change = await inApiTerms(changeCompetitorState(context.deps, principal, scope, { ...input, competitorId }), {
      codes: { UNKNOWN_COMPETITOR: "NOT_FOUND" },
    });
    return Response.json({ change }, { status: change.repeated ? 200 : 201 });
  });
}
