// Building or editing a skill's marking scheme in the browser (for organizers and the skill's
// chief judge). The page posts the whole draft as one JSON field; it is refused whole — every
// problem placed on its row — or saved through the same service as a CSV import. The file name's
// "scheme_" keeps this page out of the scheme page's layout while its address stays /scheme/edit.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { localized } from "~/i18n/i18n";
import { requireSchemeEditor } from "~/web/require.server";
import { notFoundUnless, uuidParam, replyToRefusal } from "~/web/forms.server";
import { saveMarkingScheme } from "~/services/marking-schemes/save-marking-scheme.server";
import { getSkill, loadSchemeDraft } from "~/services/queries.server";
import type { FieldProblem } from "~/web/field-errors";
import { checkEditorDraft, editorProblemsOf, maxDraftChars, parseEditorDraftJson } from "~/components/scheme-builder/draft";
import { SchemeBuilder, type BuilderReply } from "~/components/scheme-builder/scheme-builder";
import { titled } from "~/components/meta";
import { useLocale } from "~/components/use-locale";

export const meta: MetaFunction = ({ matches }) => titled(matches, "schemeBuilder.title");

function scopeOf(params: Record<string, string | undefined>) {
  return { competitionId: uuidParam(params, "competitionId"), skillId: uuidParam(params, "skillId") };
}

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const scope = scopeOf(params);
  await requireSchemeEditor(request, context, scope);
  const skill = notFoundUnless(await getSkill(context.deps.db, scope.competitionId, scope.skillId));
  const stored = await loadSchemeDraft(context.deps.db, scope.skillId);
  return {
    skill: { nameZh: skill.nameZh, nameEn: skill.nameEn },
    schemePath: schemePathOf(scope),
    version: stored?.version ?? null,
    draft: stored?.draft ?? null,
  };
}

const schemePathOf = (scope: { competitionId: string; skillId: string }) => `/judging/${scope.competitionId}/${scope.skillId}/scheme`;

function refused(formError: FieldProblem, status: number) {
  return data<BuilderReply>({ formError, problems: [] }, { status });
}

// JSON of a draft is at most maxDraftChars characters; in UTF-8 and form encoding a few times that.
const maxBodyBytes = 4 * maxDraftChars;

export async function action({ params, request, context }: ActionFunctionArgs) {
  const scope = scopeOf(params);
  const user = await requireSchemeEditor(request, context, scope);
  notFoundUnless(await getSkill(context.deps.db, scope.competitionId, scope.skillId));
  if (Number(request.headers.get("Content-Length") ?? 0) > maxBodyBytes) return refused({ key: "schemeBuilder.tooLarge" }, 413);
  const form = await request.formData().catch(() => null);
  const text = form?.get("draft");
  if (typeof text !== "string" || text.trim() === "") return refused({ key: "schemeBuilder.noDraft" }, 400);
  const parsed = parseEditorDraftJson(text);
  if (!parsed.ok) return parsed.reason === "tooLarge" ? refused({ key: "schemeBuilder.tooLarge" }, 413) : refused({ key: "schemeBuilder.badDraft" }, 400);
  const { draft, problems } = checkEditorDraft(parsed.editor);
  if (problems.length > 0) return data<BuilderReply>({ formError: null, problems }, { status: 400 });
  try {
    const saved = await saveMarkingScheme(context.deps, user, { ...scope, draft });
    if (!saved.ok) return data<BuilderReply>({ formError: null, problems: editorProblemsOf(saved.problems) }, { status: 400 });
    return redirect(`${schemePathOf(scope)}?saved=${saved.version}`);
  } catch (error) {
    return replyToRefusal(error, (refusal): BuilderReply => ({ formError: { key: `errors.${refusal.code}`, params: refusal.params }, problems: [] }));
  }
}

export default function SchemeBuilderPage() {
  const { skill, schemePath, version, draft } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <section className="panel">
      <p className="eyebrow">{localized(locale, skill.nameZh, skill.nameEn)}</p>
      <h1>{t("schemeBuilder.title")}</h1>
      <p className="hint">{version === null ? t("schemeBuilder.introNew") : t("schemeBuilder.intro", { version })}</p>
      <SchemeBuilder stored={draft} reply={reply} busy={busy} cancelTo={schemePath} />
    </section>
  );
}
