// POST /api/v1/competitions/:competitionId/skills/:skillId/modules/:moduleCode/lock
// {"locked": true} locks the module; {"locked": false, "reason": "…"} unlocks it (chief judge).
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { ApiRefusal, apiPrincipal, handleApi, readJsonBody, uuidOrRefuse } from "~/web/api.server";
import { setModuleLock } from "~/services/marks/set-module-lock.server";

const LockSchema = z.object({ locked: z.boolean(), reason: z.string().trim().min(1).max(1000).optional() });

export async function action({ params, request, context }: ActionFunctionArgs) {
  return handleApi(request, async () => {
    if (request.method !== "POST") throw new ApiRefusal(405, "METHOD_NOT_ALLOWED");
    const scope = { competitionId: uuidOrRefuse(params.competitionId), skillId: uuidOrRefuse(params.skillId) };
    const moduleCode = params.moduleCode ?? "";
    const principal = await apiPrincipal(request, context);
    const input = await readJsonBody(request, LockSchema);
    await setModuleLock(context.deps, principal, scope, { moduleCode, ...input });
    return Response.json({ moduleCode, locked: input.locked });
  });
}
