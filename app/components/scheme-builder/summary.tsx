// The builder's live summary: the declared total, the running total of the aspects against it
// (with the difference), and the domain's section allocation — recomputed exactly as one types.
import { createColumnHelper } from "@tanstack/react-table";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { cmp, toFixed, zero } from "~/domain/results/exact";
import { DataTable } from "../data-table";
import { summarize, type EditorProblem, type SchemeEditorDraft } from "./draft";
import { TextInput } from "./fields";

interface AllocationRow {
  id: string;
  name: string;
  weighting: string;
  marks: string;
  allocated: string;
  variation: string;
  warning: boolean;
}
const column = createColumnHelper<AllocationRow>();

const signed = (text: string) => (text.startsWith("-") ? text.replace("-", "−") : `+${text}`);

export function SchemeSummary({
  draft,
  totalProblems,
  onDeclaredTotal,
}: {
  draft: SchemeEditorDraft;
  totalProblems: EditorProblem[];
  onDeclaredTotal: (value: string) => void;
}) {
  const { t } = useTranslation();
  const summary = useMemo(() => summarize(draft), [draft]);
  const rows = useMemo<AllocationRow[]>(
    () =>
      summary.allocation.map((r, i) => ({
        id: `${i}`,
        name: `${r.sectionId} ${r.name}`.trim(),
        weighting: toFixed(r.weightingPercent),
        marks: toFixed(r.marks),
        allocated: toFixed(r.allocatedPercent),
        variation: toFixed(r.variation),
        warning: r.warning,
      })),
    [summary],
  );
  const columns = useMemo(
    () => [
      column.accessor("name", { header: t("scheme.columns.section") }),
      column.accessor("weighting", { header: t("scheme.columns.weighting") }),
      column.accessor("marks", { header: t("scheme.columns.marks") }),
      column.accessor("allocated", { header: t("scheme.columns.allocated") }),
      column.accessor("variation", { header: t("scheme.columns.variation") }),
      column.accessor((r) => (r.warning ? t("scheme.warning") : t("scheme.ok")), {
        id: "status",
        header: t("scheme.columns.status"),
        cell: (c) => <span className={c.row.original.warning ? "badge warn" : "badge ok"}>{c.getValue()}</span>,
      }),
    ],
    [t],
  );
  // Only the declared total's own problems go beside its field; the mismatch is the status line.
  const fieldProblems = totalProblems.filter((p) => p.code !== "TOTAL_MISMATCH");
  const balanced = summary.difference !== null && cmp(summary.difference, zero) === 0;
  const status =
    summary.declared === null
      ? t("schemeBuilder.runningTotal", { actual: toFixed(summary.running) })
      : balanced
        ? t("schemeBuilder.totalMatches", { actual: toFixed(summary.running) })
        : t("scheme.problem.TOTAL_MISMATCH", {
            actual: toFixed(summary.running),
            declared: toFixed(summary.declared),
            difference: signed(toFixed(summary.difference!)),
          });
  return (
    <section className="fieldset builder-summary" aria-labelledby="builder-summary-heading">
      <h2 id="builder-summary-heading">{t("schemeBuilder.summary")}</h2>
      <div className="builder-total">
        <TextInput
          label={t("schemeBuilder.declaredTotal")}
          value={draft.declaredTotal}
          onChange={onDeclaredTotal}
          problems={fieldProblems}
          numeric="decimal"
          maxLength={40}
          className="narrow"
        />
        <p className={`total-status ${balanced ? "ok" : "off"}`} role="status" aria-live="polite">
          <span className={balanced ? "badge ok" : "badge warn"}>{balanced ? t("scheme.ok") : t("scheme.warning")}</span> {status}
          {summary.unreadable > 0 ? <small className="hint"> {t("schemeBuilder.unreadable", { count: summary.unreadable })}</small> : null}
        </p>
      </div>
      <p className="hint">
        {t("schemeBuilder.weightingSum", { sum: toFixed(summary.weightingSum) })} · {t("scheme.allocationHint")}
      </p>
      {rows.length > 0 ? <DataTable data={rows} columns={columns} caption={t("scheme.allocation")} filterable={false} getRowId={(r) => r.id} /> : null}
    </section>
  );
}
