// PUT /api/v1/competitions/:competitionId/skills/:skillId/scheme — the skill's organizer or chief
// judge uploads the marking scheme file as the body (Content-Type picks the reader: text/csv);
// all or nothing: 200 with the new version, or 422 with every problem and its place.
// GET of the same path returns the scheme as JSON, or as the CSV file with Accept: text/csv.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import type { Principal } from "~/domain/access/roles";
import { canEditMarkingScheme } from "~/domain/access/policy";
import { validateScheme } from "~/domain/marking-scheme/scheme";
import { ApiRefusal, apiPrincipal, handleApi, mediaTypeOf, readBodyBytes, uuidOrRefuse } from "~/web/api.server";
import { importMarkingScheme, schemeFileReaders } from "~/services/marking-schemes/import-marking-scheme.server";
import { schemeToCsv } from "~/services/marking-schemes/scheme-csv.server";
import { getSkill, loadSchemeDraft } from "~/services/queries.server";
import { fileResponse, fileTypes } from "~/web/download.server";

const maxFileBytes = 5 * 1024 * 1024;

async function authorisedScope(
  params: LoaderFunctionArgs["params"],
  request: Request,
  context: LoaderFunctionArgs["context"],
): Promise<{ principal: Principal; scope: { competitionId: string; skillId: string } }> {
  const scope = { competitionId: uuidOrRefuse(params.competitionId), skillId: uuidOrRefuse(params.skillId) };
  const principal = await apiPrincipal(request, context);
  if (!canEditMarkingScheme(principal, scope)) throw new ApiRefusal(403, "FORBIDDEN");
  if (!(await getSkill(context.deps.db, scope.competitionId, scope.skillId))) throw new ApiRefusal(404, "NOT_FOUND");
  return { principal, scope };
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  return handleApi(request, async () => {
    if (request.method !== "PUT") throw new ApiRefusal(405, "METHOD_NOT_ALLOWED");
    const { principal, scope } = await authorisedScope(params, request, context);
    const read = schemeFileReaders[mediaTypeOf(request)];
    if (!read) throw new ApiRefusal(415, "UNSUPPORTED_MEDIA_TYPE", { types: Object.keys(schemeFileReaders).join(", ") });
    const bytes = await readBodyBytes(request, maxFileBytes);
    const result = await importMarkingScheme(context.deps, principal, { ...scope, bytes, read });
    if (!result.ok) {
      const problems = result.problems.map((p) => ({
        code: p.code,
        key: `scheme.problem.${p.code}`,
        params: p.params,
        sheet: p.sheet,
        row: p.row,
        column: p.column,
      }));
      throw new ApiRefusal(422, "SCHEME_INVALID", { count: problems.length }, { problems });
    }
    return Response.json({ skillId: scope.skillId, version: result.version });
  });
}

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  return handleApi(request, async () => {
    const { scope } = await authorisedScope(params, request, context);
    const stored = await loadSchemeDraft(context.deps.db, scope.skillId);
    if (!stored) throw new ApiRefusal(404, "NO_SCHEME");
    if (/\btext\/csv\b/i.test(request.headers.get("Accept") ?? "")) {
      const validated = validateScheme(stored.draft);
      if (!validated.ok) throw new Error(`Stored marking scheme of skill ${scope.skillId} no longer validates`);
      return fileResponse(schemeToCsv(validated.scheme), { name: `marking-scheme-v${stored.version}.csv`, type: fileTypes.csv });
    }
    return Response.json({ skillId: scope.skillId, version: stored.version, savedAt: stored.savedAt, scheme: stored.draft });
  });
}
