// A skill's provisional results for staff: rank, code, module marks, theory and practice parts,
// total, time used, points (official or computed) and award, each row expandable down to every
// aspect's mark and the judges' entries behind it — the answer to "why is my competitor fourth?".
// The chief judge records times used here and, for ws-track skills, imports official points.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import { useCallback, useMemo } from "react";
import { useTranslation } from "react-i18next";
import type { MarkValue } from "~/domain/marking-scheme/mark-value";
import { canRunJudging, canImportOfficialPoints } from "~/domain/access/policy";
import { toFixed } from "~/domain/results/exact";
import { formatMinutesSeconds } from "~/domain/results/time-used";
import { localized } from "~/i18n/i18n";
import { getSkill } from "~/services/queries.server";
import { requireResultsReader } from "~/web/require.server";
import { notFoundUnless, uuidParam, replyToRefusal, fieldErrorsOfRefusal } from "~/web/forms.server";
import { loadSkillResults } from "~/services/results/load-skill-results.server";
import { importOfficialPoints, latestOfficialPointsImport } from "~/services/results/import-official-points.server";
import { recordTimeUsed } from "~/services/results/record-time-used.server";
import { TimeUsedInputSchema } from "~/domain/results/inputs";
import { parseForm } from "~/web/validation.server";
import { type FieldErrors } from "~/web/field-errors";
import { OfficialPointsForm, TimeUsedForm, type FileProblemView } from "~/components/results-rules-forms";
import { DataTable } from "~/components/data-table";
import { titled } from "~/components/meta";
import { useLocale } from "~/components/use-locale";
import { readUpload } from "~/web/upload.server";

export const meta: MetaFunction = ({ matches }) => titled(matches, "results.title");

const maxFileBytes = 1024 * 1024;

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const scope = { competitionId: uuidParam(params, "competitionId"), skillId: uuidParam(params, "skillId") };
  const user = await requireResultsReader(request, context, scope);
  const skill = notFoundUnless(await getSkill(context.deps.db, scope.competitionId, scope.skillId));
  const [results, officialImport] = await Promise.all([
    loadSkillResults(context.deps.db, scope),
    skill.track === "ws" ? latestOfficialPointsImport(context.deps.db, scope.skillId) : null,
  ]);
  const judgeIds = [...new Set(results.competitors.flatMap((c) => c.aspects.flatMap((a) => a.entries.map((e) => e.judgeUserId))))];
  const judges = judgeIds.length ? await context.deps.db.selectFrom("appUser").select(["id", "displayName"]).where("id", "in", judgeIds).execute() : [];
  const judgeName = new Map(judges.map((j) => [j.id, j.displayName]));
  return {
    skill: { nameZh: skill.nameZh, nameEn: skill.nameEn, track: skill.track },
    canRecordTime: canRunJudging(user, scope),
    canImportPoints: skill.track === "ws" && canImportOfficialPoints(user, scope),
    officialImport: officialImport ? { importedAt: officialImport.importedAt.toISOString(), count: officialImport.count } : null,
    tieBreaks: results.tieBreaks,
    partWeights: results.partWeights,
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
      rawTotal: toFixed(c.rawTotal),
      theory: c.parts ? { scaled: toFixed(c.parts.theory.scaled), mark: toFixed(c.parts.theory.mark), max: toFixed(c.parts.theory.max) } : null,
      practice: c.parts ? { scaled: toFixed(c.parts.practice.scaled), mark: toFixed(c.parts.practice.mark), max: toFixed(c.parts.practice.max) } : null,
      timeUsed: c.timeUsedSeconds === null ? null : formatMinutesSeconds(c.timeUsedSeconds),
      pointsSource: c.pointsSource,
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

type TimeUsedReply = { intent: "timeUsed"; saved: boolean; fieldErrors?: FieldErrors; values?: Record<string, string> };
type PointsReply = { intent: "officialPoints"; count?: number; cleared?: boolean; problems?: FileProblemView[] };

export async function action({ params, request, context }: ActionFunctionArgs) {
  const scope = { competitionId: uuidParam(params, "competitionId"), skillId: uuidParam(params, "skillId") };
  const user = await requireResultsReader(request, context, scope);
  const form = await request.formData().catch(() => null);
  if (!form) return data<PointsReply>({ intent: "officialPoints", problems: [{ code: "fileTooLarge", params: {} }] }, { status: 400 });
  if (form.get("intent") === "timeUsed") {
    const values = Object.fromEntries([...form.entries()].flatMap(([k, v]) => (typeof v === "string" ? [[k, v.slice(0, 2000)]] : [])));
    const parsed = parseForm(TimeUsedInputSchema, form);
    if (!parsed.ok) return data<TimeUsedReply>({ intent: "timeUsed", saved: false, fieldErrors: parsed.fieldErrors, values }, { status: 400 });
    try {
      await recordTimeUsed(context.deps, user, scope, { competitorId: parsed.data.competitorId, seconds: parsed.data.timeUsed, reason: parsed.data.reason });
    } catch (error) {
      return replyToRefusal(error, (refusal): TimeUsedReply => ({ intent: "timeUsed", saved: false, fieldErrors: fieldErrorsOfRefusal(refusal), values }));
    }
    return data<TimeUsedReply>({ intent: "timeUsed", saved: true });
  }
  const clear = form.get("clear") !== null;
  let bytes: Uint8Array | null = null;
  if (!clear) {
    const upload = await readUpload(form, maxFileBytes);
    if (!upload.ok) return data<PointsReply>({ intent: "officialPoints", problems: [upload.problem] }, { status: upload.status });
    bytes = upload.bytes;
  }
  try {
    const result = await importOfficialPoints(context.deps, user, scope, bytes);
    return result.ok
      ? data<PointsReply>({ intent: "officialPoints", count: result.count, cleared: clear })
      : data<PointsReply>({ intent: "officialPoints", problems: result.problems }, { status: 400 });
  } catch (error) {
    return replyToRefusal(error, (refusal): PointsReply => ({
      intent: "officialPoints",
      problems: [{ code: `errors.${refusal.code}`, params: refusal.params }],
    }));
  }
}

type Data = Awaited<ReturnType<typeof loader>>;
type Row = Data["competitors"][number];
const column = createColumnHelper<Row>();

function useValueText() {
  const { t } = useTranslation();
  return (value: MarkValue) =>
    "score" in value
      ? String(value.score)
      : "mark" in value
        ? value.mark
        : "measured" in value
          ? value.measured
          : "choiceId" in value
            ? value.choiceId
            : value.achieved
              ? t("results.achieved")
              : t("results.notAchieved");
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
  const stepLabel = useCallback(
    (step: string) => (step === "total" ? t("results.byTotal") : step === "time_used" ? t("results.byTime") : t("results.byModule", { module: step })),
    [t],
  );
  const columns = useMemo(
    () => [
      column.accessor("rank", {
        header: t("results.columns.rank"),
        cell: (c) => (
          <>
            {c.getValue()}
            {c.row.original.unresolvedTie ? <span className="badge warn">{t("results.unresolvedTie")}</span> : null}
            {c.row.original.decidedBy && c.row.original.decidedBy !== "total" ? (
              <small className="hint"> {t("results.decidedBy", { by: stepLabel(c.row.original.decidedBy) })}</small>
            ) : null}
          </>
        ),
      }),
      column.accessor("code", { header: t("results.columns.code") }),
      ...data.moduleCodes.map((code) => column.accessor((r) => r.modules[code] ?? "", { id: `module-${code}`, header: code })),
      ...(data.partWeights
        ? (["theory", "practice"] as const).map((part) =>
            column.accessor((r) => Number(r[part]?.scaled ?? 0), {
              id: part,
              header: `${t(`results.columns.${part}`)} (${data.partWeights![part]}%)`,
              cell: (c) => {
                const value = c.row.original[part];
                return value ? <span title={`${value.mark} / ${value.max}`}>{value.scaled}</span> : "";
              },
            }),
          )
        : []),
      column.accessor((r) => Number(r.total), {
        id: "total",
        header: t("results.columns.total"),
        cell: (c) => (
          <>
            <strong>{c.row.original.total}</strong>
            {data.partWeights ? (
              <small className="hint">
                {" "}
                {t("results.columns.rawTotal")} {c.row.original.rawTotal}
              </small>
            ) : null}
            {c.row.original.missing > 0 ? <small className="hint"> {t("results.missing", { count: c.row.original.missing })}</small> : null}
          </>
        ),
      }),
      column.accessor((r) => r.timeUsed ?? "", {
        id: "timeUsed",
        header: t("results.columns.timeUsed"),
        cell: (c) => c.row.original.timeUsed ?? t("results.noTime"),
      }),
      ...(data.skill.track === "ws"
        ? [
            column.accessor((r) => r.points ?? 0, {
              id: "points",
              header: t("results.columns.points"),
              cell: (c) => (
                <>
                  {c.row.original.points}
                  {c.row.original.pointsSource ? (
                    <span className={c.row.original.pointsSource === "official" ? "badge ok" : "badge"}>{t(`results.${c.row.original.pointsSource}`)}</span>
                  ) : null}
                </>
              ),
            }),
          ]
        : []),
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
            {c.row.original.flagged.length > 0 ? (
              <span className="badge warn">{t("results.flagged", { aspects: c.row.original.flagged.join(", ") })}</span>
            ) : null}
            <Explanation row={c.row.original} />
          </>
        ),
      }),
    ],
    [t, data.moduleCodes, data.skill.track, data.partWeights, stepLabel],
  );
  const reply = useActionData<typeof action>();
  const timeReply = reply && reply.intent === "timeUsed" ? reply : null;
  const pointsReply = reply && reply.intent === "officialPoints" ? reply : null;
  const pointsMessage =
    pointsReply && pointsReply.count !== undefined
      ? pointsReply.cleared || pointsReply.count === 0
        ? t("results.officialPoints.cleared")
        : t("results.officialPoints.imported", { count: pointsReply.count })
      : null;
  return (
    <section className="panel">
      <p className="eyebrow">{localized(locale, data.skill.nameZh, data.skill.nameEn)}</p>
      <div className="panel-heading">
        <h1>{t("results.title")}</h1>
        <div className="form-actions">
          {data.competitors.length > 0 ? (
            <>
              <a className="button" href="results.csv" download>
                {t("results.export")}
              </a>
              <a className="button" href="results.xlsx" download>
                {t("results.exportXlsx")}
              </a>
            </>
          ) : null}
          <a className="button" href="score-sheets">
            {t("scoreSheets.link")}
          </a>
        </div>
      </div>
      <p className="notice">{t("results.provisional")}</p>
      {data.competitors.some((c) => c.flagged.length > 0) ? (
        <p>
          <a href="spreads">{t("spreads.link")}</a>
        </p>
      ) : null}
      {!data.complete && data.competitors.length > 0 ? <p className="hint">{t("results.incomplete")}</p> : null}
      {data.selectionOnly && data.competitors.length > 0 ? <p className="hint">{t("results.selectionOnly")}</p> : null}
      {data.partWeights ? <p className="hint">{t("results.parts", data.partWeights)}</p> : null}
      <p className="hint">{data.tieBreaks.length > 0 ? t("results.chain", { steps: data.tieBreaks.map(stepLabel).join(" → ") }) : t("results.chainNone")}</p>
      {data.competitors.length === 0 ? (
        <p>{t("results.none")}</p>
      ) : (
        <DataTable
          data={data.competitors}
          columns={columns}
          caption={t("results.title")}
          initialSorting={[{ id: "rank", desc: false }]}
          pageSize={50}
          getRowId={(r) => r.id}
        />
      )}
      {data.canRecordTime && data.competitors.length > 0 ? (
        <TimeUsedForm
          competitors={data.competitors.map((c) => ({ id: c.id, code: c.code })).sort((a, b) => (a.code < b.code ? -1 : 1))}
          state={timeReply && !timeReply.saved ? timeReply : undefined}
          saved={timeReply?.saved === true}
        />
      ) : null}
      {data.canImportPoints && data.competitors.length > 0 ? (
        <OfficialPointsForm current={data.officialImport} problems={pointsReply?.problems ?? null} message={pointsMessage} />
      ) : null}
    </section>
  );
}
