// POST /api/v1/competitions/:competitionId/skills/:skillId/marks, answered from a Fetch Request:
// a judge records or corrects a mark (Bearer token of a judge, or the judge's session).
// Idempotent by submissionId. The competitor is named by `competitorId` or by `competitorCode`:
// the code judges see (the workstation number once drawn, else the registration number).
// Two doors lead here and answer alike: the Remix route, and the server's marking lane
// (server/marking-lane.ts), which skips the route table on competition day's busiest request.
import type { AppLoadContext } from "@remix-run/node";
import { canMarkSkill } from "~/domain/access/policy";
import { DomainError } from "~/domain/errors";
import { ApiRefusal, apiPrincipal, handleApi, readJsonBody, uuidOrRefuse } from "./api.server";
import { checkCompetitorRef, competitorIdOf, competitorRefFields } from "~/services/competitors/competitor-code.server";
import { RecordMarkSchema, recordMark } from "~/services/marks/record-mark.server";

const RecordMarkApiSchema = RecordMarkSchema.omit({ competitorId: true }).extend(competitorRefFields).superRefine(checkCompetitorRef);

export async function answerRecordMark(request: Request, params: { competitionId?: string; skillId?: string }, context: AppLoadContext): Promise<Response> {
  return handleApi(request, async () => {
    if (request.method !== "POST") throw new ApiRefusal(405, "METHOD_NOT_ALLOWED");
    const scope = { competitionId: uuidOrRefuse(params.competitionId), skillId: uuidOrRefuse(params.skillId) };
    const principal = await apiPrincipal(request, context);
    const { competitorId, competitorCode, ...input } = await readJsonBody(request, RecordMarkApiSchema);
    // Who may not mark here learns nothing about the codes.
    if (!canMarkSkill(principal, scope)) throw new DomainError("FORBIDDEN");
    const recorded = await recordMark(context.deps, principal, scope, {
      ...input,
      competitorId: await competitorIdOf(context.deps.db, scope, { competitorId, competitorCode }),
    });
    return Response.json(recorded, { status: recorded.replayed ? 200 : 201 });
  });
}
