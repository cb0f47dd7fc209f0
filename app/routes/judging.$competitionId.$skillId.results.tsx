// A skill's provisional results for staff: rank, code, module marks, total, points and award,
// each row expandable down to every aspect's mark and the judges' entries behind it — the
// answer to "why is my competitor fourth?".
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import type { MarkValue } from "~/domain/marking-scheme/mark-value";
import { toFixed } from "~/domain/results/exact";
import { localized } from "~/i18n/i18n";
import { getSkill } from "~/services/queries.server";
import { requireResultsReader } from "~/services/auth/require.server";
import { notFoundUnless, uuidParam } from "~/services/forms.server";
import { loadSkillResults } from "~/services/results/load-skill-results.server";
import { DataTable } from "~/components/data-table";
import { titled } from "~/components/meta";
import { useLocale } from "~/components/use-locale";

export const meta: MetaFunction = ({ matches }) => titled(matches, "results.title");

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const scope = { competitionId: uuidParam(params, "competitionId"), skillId: uuidParam(params, "skillId") };
  await requireResultsReader(request, context, scope);
  const skill = notFoundUnless(await getSkill(context.deps.db, scope.competitionId, scope.skillId));
  const results = await loadSkillResults(context.deps.db, scope);
  const judgeIds = [...new Set(results.competitors.flatMap((c) => c.aspects.flatMap((a) => a.entries.map((e) => e.judgeUserId))))];
  const judges = judgeIds.length ? await context.deps.db.selectFrom("appUser").select(["id", "displayName"]).where("id", "in", judgeIds).execute() : [];
  const judgeName = new Map(judges.map((j) => [j.id, j.displayName]));
  return {
    skill: { nameZh: skill.nameZh, nameEn: skill.nameEn, track: skill.track },
    complete: results.complete,
    selectionOnly: results.selectionOnly,
    moduleCodes: results.competitors[0]?.modules.map((m) => m.code) ?? [],
    competitors: results.competitors.map((c) => ({
      id: c.competitorId,
      code: c.code,
      rank: c.rank,
      decidedBy: c.decidedBy,
      unresolvedTie: c.unresolvedTie,
      total: toFixed(c.total),
      modules: Object.fromEntries(c.modules.map((m) => [m.code, toFixed(m.mark)])),
      points: c.points,
      award: c.award,
      bestOfNation: c.bestOfNation,
      missing: c.missingAspects.length,
      flagged: c.flaggedAspects,
      aspects: c.aspects.map((a) => ({
        code: a.code,
        moduleCode: a.moduleCode,
        kind: a.kind,
        max: toFixed(a.max),
        mark: a.mark ? toFixed(a.mark) : null,
        flagged: a.flagged,
        entries: a.entries.map((e) => ({ judge: judgeName.get(e.judgeUserId) ?? "", value: e.value })),
      })),
    })),
  };
}

type Data = Awaited<ReturnType<typeof loader>>;
type Row = Data["competitors"][number];
const column = createColumnHelper<Row>();

function useValueText() {
  const { t } = useTranslation();
  return (value: MarkValue) =>
    "score" in value ? String(value.score) : "mark" in value ? value.mark : "measured" in value ? value.measured : "choiceId" in value ? value.choiceId : value.achieved ? t("results.achieved") : t("results.notAchieved");
}

function Explanation({ row }: { row: Row }) {
  const { t } = useTranslation();
  const valueText = useValueText();
  return (
    <details className="explanation">
      <summary>{t("results.details")}</summary>
      <table>
        <thead>
          <tr>
            <th scope="col">{t("results.columns.aspect")}</th>
            <th scope="col">{t("results.columns.kind")}</th>
            <th scope="col">{t("results.columns.mark")}</th>
            <th scope="col">{t("results.columns.entries")}</th>
          </tr>
        </thead>
        <tbody>
          {row.aspects.map((a) => (
            <tr key={a.code} className={a.flagged ? "flagged" : undefined}>
              <td>{a.code}</td>
              <td>{t(`scheme.kind.${a.kind}`)}</td>
              <td>{a.mark === null ? <em>{t("results.notYet")}</em> : `${a.mark} / ${a.max}`}</td>
              <td>{a.entries.map((e) => `${e.judge}: ${valueText(e.value)}`).join("；")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

export default function ResultsPage() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const locale = useLocale();
  const columns = useMemo(
    () => [
      column.accessor("rank", {
        header: t("results.columns.rank"),
        cell: (c) => (
          <>
            {c.getValue()}
            {c.row.original.unresolvedTie ? <span className="badge warn">{t("results.unresolvedTie")}</span> : null}
          </>
        ),
      }),
      column.accessor("code", { header: t("results.columns.code") }),
      ...data.moduleCodes.map((code) => column.accessor((r) => r.modules[code] ?? "", { id: `module-${code}`, header: code })),
      column.accessor((r) => Number(r.total), {
        id: "total",
        header: t("results.columns.total"),
        cell: (c) => (
          <>
            <strong>{c.row.original.total}</strong>
            {c.row.original.missing > 0 ? <small className="hint"> {t("results.missing", { count: c.row.original.missing })}</small> : null}
          </>
        ),
      }),
      ...(data.skill.track === "ws" ? [column.accessor((r) => r.points ?? 0, { id: "points", header: t("results.columns.points") })] : []),
      column.accessor((r) => (r.award ? t(`award.${r.award}`) : ""), {
        id: "award",
        header: t("results.columns.award"),
        cell: (c) => (
          <>
            {c.getValue()}
            {c.row.original.bestOfNation ? <small className="hint"> {t("results.bestOfNation")}</small> : null}
          </>
        ),
      }),
      column.display({
        id: "details",
        header: t("results.details"),
        cell: (c) => (
          <>
            {c.row.original.flagged.length > 0 ? <span className="badge warn">{t("results.flagged", { aspects: c.row.original.flagged.join(", ") })}</span> : null}
            <Explanation row={c.row.original} />
          </>
        ),
      }),
    ],
    [t, data.moduleCodes, data.skill.track],
  );
  return (
    <section className="panel">
      <p className="eyebrow">{localized(locale, data.skill.nameZh, data.skill.nameEn)}</p>
      <div className="panel-heading">
        <h1>{t("results.title")}</h1>
        {data.competitors.length > 0 ? (
          <div className="form-actions">
            <a className="button" href="results.csv" download>
              {t("results.export")}
            </a>
            <a className="button" href="results.xlsx" download>
              {t("results.exportXlsx")}
            </a>
          </div>
        ) : null}
      </div>
      <p className="notice">{t("results.provisional")}</p>
      {!data.complete && data.competitors.length > 0 ? <p className="hint">{t("results.incomplete")}</p> : null}
      {data.selectionOnly && data.competitors.length > 0 ? <p className="hint">{t("results.selectionOnly")}</p> : null}
      {data.competitors.length === 0 ? (
        <p>{t("results.none")}</p>
      ) : (
        <DataTable data={data.competitors} columns={columns} caption={t("results.title")} initialSorting={[{ id: "rank", desc: false }]} pageSize={50} getRowId={(r) => r.id} />
      )}
    </section>
  );
}
