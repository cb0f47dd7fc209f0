// GET  /api/v1/competitions/:competitionId/skills/:skillId/leaderboard — the public leaderboard
//      as a spectator sees it (no sign-in): status, rows by code, and `seq`, the number of the
//      last event of the skill's public stream (the rows are read after it, so they are at least
//      as new). For
//      screens without WebSocket: cacheable for a second, with an ETag (If-None-Match → 304).
// POST same path, body {"status": "live" | "frozen" | "hidden"} — the organizer freezes 封榜,
//      reveals 揭晓 or hides the board until publication (session or API token).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { ApiRefusal, apiPrincipal, handleApi, readJsonBody, uuidOrRefuse } from "~/web/api.server";
import { leaderboardEtag, loadLeaderboardSnapshot } from "~/services/leaderboards/leaderboard-state.server";
import { SetLeaderboardStatusSchema, setLeaderboardStatus } from "~/services/leaderboards/set-leaderboard-status.server";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  return handleApi(request, async () => {
    const scope = { competitionId: uuidOrRefuse(params.competitionId), skillId: uuidOrRefuse(params.skillId) };
    // Made from the standings now: a polling client sees a mark as soon as it is committed.
    const snapshot = await loadLeaderboardSnapshot(context.deps.db, scope, "public", context.deps.now(), "standings");
    const body = JSON.stringify(snapshot);
    const tag = leaderboardEtag(snapshot);
    const headers = { ETag: tag, "Cache-Control": "public, max-age=1, stale-while-revalidate=5", Vary: "Accept-Language" };
    const match = request.headers.get("If-None-Match");
    if (match && match.split(",").some((m) => m.trim().replace(/^W\//, "") === tag)) return new Response(null, { status: 304, headers });
    return new Response(body, { status: 200, headers: { ...headers, "Content-Type": "application/json; charset=utf-8" } });
  });
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  return handleApi(request, async () => {
    if (request.method !== "POST") throw new ApiRefusal(405, "METHOD_NOT_ALLOWED");
    const scope = { competitionId: uuidOrRefuse(params.competitionId), skillId: uuidOrRefuse(params.skillId) };
    const principal = await apiPrincipal(request, context);
    const input = await readJsonBody(request, SetLeaderboardStatusSchema, { maxBytes: 1_000, invalidStatus: 422 });
    return Response.json(await setLeaderboardStatus(context.deps, principal, scope, input));
  });
}
