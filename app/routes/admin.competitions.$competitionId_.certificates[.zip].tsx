// GET …/certificates.zip?skill=<id> — every valid certificate of one skill, one PDF each, as a
// ZIP (names `<number> <name> <label>.pdf`, UTF-8). Organizers only.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireOrganizer } from "~/web/require.server";
import { skillCertificatesZip } from "~/services/certificates/certificate-files.server";
import { fileResponse, fileTypes } from "~/web/download.server";
import { uuidParam } from "~/web/forms.server";
import { getSkill } from "~/services/queries.server";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const competitionId = uuidParam(params, "competitionId");
  await requireOrganizer(request, context, competitionId);
  const url = new URL(request.url);
  const skillId = uuidParam({ skill: url.searchParams.get("skill") ?? undefined }, "skill");
  const skill = await getSkill(context.deps.db, competitionId, skillId);
  if (!skill) throw new Response("Not found", { status: 404 });
  const { zip } = await skillCertificatesZip(context.deps.db, { competitionId, skillId }, url.origin);
  return fileResponse(
    zip,
    { name: `证书 ${skill.nameZh}.zip`, asciiName: `certificates-${skillId.slice(0, 8)}.zip`, type: fileTypes.zip },
    { "Cache-Control": "private, no-store" },
  );
}
