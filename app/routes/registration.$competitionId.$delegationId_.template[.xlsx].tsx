// GET /registration/:c/:d/template.xlsx — the registration template for this delegation: the
// competition's skills with their groups, days, quotas and rules on the instructions sheet.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { instantToShanghaiLocal } from "~/domain/time";
import { requireRegistrar } from "~/web/require.server";
import { notFoundUnless, uuidParam } from "~/web/forms.server";
import { loadDelegationRegistrations } from "~/services/registration/registration-board.server";
import { registrationTemplate, registrationTemplateVersion } from "~/services/registration/registration-xlsx.server";
import { fileResponse, fileTypes } from "~/web/download.server";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const scope = { competitionId: uuidParam(params, "competitionId"), delegationId: uuidParam(params, "delegationId") };
  await requireRegistrar(request, context, scope);
  const board = notFoundUnless(await loadDelegationRegistrations(context.deps.db, scope.competitionId, scope.delegationId, context.deps.now()));
  const bytes = await registrationTemplate({
    competitionName: board.competition.nameZh,
    delegationName: board.delegation.nameZh,
    skills: board.skills,
    closesAt: board.settings.closesAt ? instantToShanghaiLocal(new Date(board.settings.closesAt)).replace("T", " ") : null,
    requiredDocuments: board.settings.requiredDocuments,
  });
  return fileResponse(bytes, { name: `registration-${registrationTemplateVersion}-${scope.delegationId.slice(0, 8)}.xlsx`, type: fileTypes.xlsx });
}
