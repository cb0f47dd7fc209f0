// A skill's marking scheme: section allocation, the aspects, CSV or Excel import (all or nothing,
// every problem listed with sheet, row and column) and export, and the way to the builder
// (scheme/edit). For organizers and the skill's chief judge.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { getSkill, loadSchemeDraft } from "~/services/queries.server";
import { sectionAllocation, validateScheme } from "~/domain/marking-scheme/scheme";
import { toFixed } from "~/domain/results/exact";
import { localized } from "~/i18n/i18n";
import { requireSchemeEditor } from "~/web/require.server";
import { notFoundUnless, uuidParam } from "~/web/forms.server";
import { importMarkingScheme, type ImportProblem } from "~/services/marking-schemes/import-marking-scheme.server";
import { DataTable } from "~/components/data-table";
import { titled } from "~/components/meta";
import { useLocale } from "~/components/use-locale";
import { readUpload } from "~/web/upload.server";

export const meta: MetaFunction = ({ matches }) => titled(matches, "scheme.title");

const maxFileBytes = 2 * 1024 * 1024;

function scopeOf(params: Record<string, string | undefined>) {
  return { competitionId: uuidParam(params, "competitionId"), skillId: uuidParam(params, "skillId") };
}

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const scope = scopeOf(params);
  await requireSchemeEditor(request, context, scope);
  const skill = notFoundUnless(await getSkill(context.deps.db, scope.competitionId, scope.skillId));
  const stored = await loadSchemeDraft(context.deps.db, scope.skillId);
  const validated = stored ? validateScheme(stored.draft) : null;
  if (validated && !validated.ok) throw new Error(`Stored marking scheme of skill ${scope.skillId} no longer validates`);
  const scheme = validated?.ok ? validated.scheme : null;
  return {
    skill: { nameZh: skill.nameZh, nameEn: skill.nameEn },
    version: stored?.version ?? null,
    total: scheme ? toFixed(scheme.total) : null,
    allocation: scheme
      ? sectionAllocation(scheme).map((r) => ({
          id: r.sectionId,
          name: r.name,
          weighting: toFixed(r.weightingPercent),
          marks: toFixed(r.marks),
          allocated: toFixed(r.allocatedPercent),
          variation: toFixed(r.variation),
          warning: r.warning,
        }))
      : [],
    aspects: scheme
      ? scheme.modules.flatMap((m) =>
          m.subCriteria.flatMap((sc) =>
            sc.aspects.map((a) => ({
              module: m.id,
              part: m.part,
              subCriterion: sc.id,
              day: sc.markingDay,
              id: a.id,
              kind: a.kind,
              description: a.description,
              max: toFixed(a.max),
              section: a.section,
            })),
          ),
        )
      : [],
  };
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const scope = scopeOf(params);
  const user = await requireSchemeEditor(request, context, scope);
  const form = await request.formData().catch(() => null);
  const upload = await readUpload(form, maxFileBytes);
  if (!upload.ok) return data({ problems: [upload.problem] as ImportProblem[] }, { status: upload.status });
  const result = await importMarkingScheme(context.deps, user, { ...scope, bytes: upload.bytes });
  return result.ok ? { version: result.version } : data({ problems: result.problems }, { status: 400 });
}

type Data = Awaited<ReturnType<typeof loader>>;
const allocationColumn = createColumnHelper<Data["allocation"][number]>();
const aspectColumn = createColumnHelper<Data["aspects"][number]>();

function problemKey(code: string): string {
  return code === "noFile" || code === "fileTooLarge" ? `scheme.${code}` : `scheme.problem.${code}`;
}

/** Where a problem is: "sheet …, row …, column …" for a workbook, "row …, column …" for a CSV. */
function placeKey(p: ImportProblem): string | null {
  if (p.row === undefined) return null;
  if (p.sheet) return p.column ? "scheme.atCell" : "scheme.atSheetRow";
  return p.column ? "scheme.at" : "scheme.atRow";
}

export default function SchemePage() {
  const { skill, version, total, allocation, aspects } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const { t } = useTranslation();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  // The builder comes back here after saving, with the version it saved.
  const savedParam = useSearchParams()[0].get("saved") ?? "";
  const savedByBuilder = /^\d{1,6}$/.test(savedParam) ? Number(savedParam) : null;
  const allocationColumns = useMemo(
    () => [
      allocationColumn.accessor((r) => `${r.id} ${r.name}`, { id: "section", header: t("scheme.columns.section") }),
      allocationColumn.accessor("weighting", { header: t("scheme.columns.weighting") }),
      allocationColumn.accessor("marks", { header: t("scheme.columns.marks") }),
      allocationColumn.accessor("allocated", { header: t("scheme.columns.allocated") }),
      allocationColumn.accessor("variation", { header: t("scheme.columns.variation") }),
      allocationColumn.accessor((r) => (r.warning ? t("scheme.warning") : t("scheme.ok")), {
        id: "status",
        header: t("scheme.columns.status"),
        cell: (c) => <span className={c.row.original.warning ? "badge warn" : "badge ok"}>{c.getValue()}</span>,
      }),
    ],
    [t],
  );
  const aspectColumns = useMemo(
    () => [
      // A theory module says so: it is weighed apart from the practical ones in the total.
      aspectColumn.accessor((a) => (a.part === "theory" ? `${a.module}（${t("results.columns.theory")}）` : a.module), {
        id: "module",
        header: t("scheme.columns.module"),
      }),
      aspectColumn.accessor("subCriterion", { header: t("scheme.columns.subCriterion") }),
      aspectColumn.accessor("id", { header: t("scheme.columns.id") }),
      aspectColumn.accessor((a) => t(`scheme.kind.${a.kind}`), { id: "kind", header: t("scheme.columns.kind") }),
      aspectColumn.accessor("description", { header: t("scheme.columns.description") }),
      aspectColumn.accessor("max", { header: t("scheme.columns.max") }),
      aspectColumn.accessor("section", { header: t("scheme.columns.section") }),
      aspectColumn.accessor((a) => a.day ?? "", { id: "day", header: t("scheme.columns.day") }),
    ],
    [t],
  );
  const problems = reply && "problems" in reply ? reply.problems : null;
  return (
    <>
      <section className="panel">
        <p className="eyebrow">{localized(locale, skill.nameZh, skill.nameEn)}</p>
        <div className="panel-heading">
          <h1>{t("scheme.title")}</h1>
          <div className="form-actions">
            <Link className="button primary" to="edit">
              {t("schemeBuilder.edit")}
            </Link>
            {version !== null ? (
              <>
                <a className="button" href="scheme.csv" download>
                  {t("scheme.export")}
                </a>
                <a className="button" href="scheme.xlsx" download>
                  {t("scheme.exportXlsx")}
                </a>
              </>
            ) : null}
          </div>
        </div>
        {version === null ? <p>{t("scheme.none")}</p> : <p>{t("scheme.summary", { total, version })}</p>}
        {reply && "version" in reply ? (
          <p className="notice" role="status">
            {t("scheme.saved", { version: reply.version })}
          </p>
        ) : savedByBuilder !== null ? (
          <p className="notice" role="status">
            {t("scheme.saved", { version: savedByBuilder })}
          </p>
        ) : null}
        {problems ? (
          <div className="form-errors" role="alert">
            <p>{t("scheme.problems", { count: problems.length })}</p>
            <ul>
              {problems.map((p, i) => (
                <li key={i}>
                  {placeKey(p) ? `${t(placeKey(p)!, { sheet: p.sheet, row: p.row, column: p.column })}: ` : null}
                  {t(problemKey(p.code), p.params)}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        <Form method="post" encType="multipart/form-data" className="stacked-form">
          <fieldset className="fieldset">
            <legend>{t("scheme.import")}</legend>
            <p className="hint">{t("scheme.importHint")}</p>
            <div className="field">
              <label htmlFor="scheme-file">{t("scheme.file")}</label>
              <input
                id="scheme-file"
                type="file"
                name="file"
                accept=".csv,text/csv,.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                required
              />
            </div>
            <div className="form-actions">
              <button type="submit" className="button primary" disabled={busy}>
                {t("scheme.upload")}
              </button>
            </div>
          </fieldset>
        </Form>
      </section>
      {allocation.length > 0 ? (
        <section className="panel">
          <h2>{t("scheme.allocation")}</h2>
          <p className="hint">{t("scheme.allocationHint")}</p>
          <DataTable data={allocation} columns={allocationColumns} caption={t("scheme.allocation")} filterable={false} getRowId={(r) => r.id} />
        </section>
      ) : null}
      {aspects.length > 0 ? (
        <section className="panel">
          <h2>{t("scheme.aspects")}</h2>
          <DataTable data={aspects} columns={aspectColumns} caption={t("scheme.aspects")} pageSize={50} getRowId={(a) => a.id} />
        </section>
      ) : null}
    </>
  );
}
