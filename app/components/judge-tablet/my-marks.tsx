// "My marks": every mark the judge has given — the server's current ones and the tablet's
// queued ones — with its sync state, a way to correct it (on the competitor's page, until the
// module is locked) and, for a refused one, why the server said no.
import { Link } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { DataTable } from "~/components/data-table";
import type { JudgeSheet } from "~/services/marks/judge-sheet.server";
import { formatValue, SyncBadge, type SyncState } from "./aspect-card";
import type { QueuedMark } from "./mark-queue";

export interface MyMarkRow {
  key: string;
  code: string;
  aspectCode: string;
  value: QueuedMark["value"];
  revision: number | null;
  state: SyncState;
  refusal?: string;
  time: string;
  submissionId?: string;
}

/**
 * Server marks overlaid by the tablet's entries: per aspect of a competitor the judge's latest
 * entry unless the server already shows that revision or a later one, plus every refused entry
 * (they need attention, so they come first, then the pending ones).
 */
export function myMarkRows(sheet: Pick<JudgeSheet, "marks">, queue: readonly QueuedMark[], describeRefusal: (entry: QueuedMark) => string): MyMarkRow[] {
  const keyOf = (code: string, aspectCode: string) => `${code}|${aspectCode}`;
  const server = new Map(sheet.marks.map((m) => [keyOf(m.code, m.aspectCode), m]));
  const latest = new Map<string, QueuedMark>();
  const rows: MyMarkRow[] = [];
  const localRow = (q: QueuedMark): MyMarkRow => ({
    key: q.submissionId,
    code: q.competitorCode,
    aspectCode: q.aspectCode,
    value: q.value,
    revision: q.revision ?? null,
    state: q.state,
    refusal: q.state === "refused" ? describeRefusal(q) : undefined,
    time: q.enteredAt,
    submissionId: q.submissionId,
  });
  for (const q of queue) {
    if (q.state === "refused") rows.push(localRow(q));
    else if ((latest.get(keyOf(q.competitorCode, q.aspectCode))?.enteredAt ?? "") <= q.enteredAt) latest.set(keyOf(q.competitorCode, q.aspectCode), q);
  }
  const overridden = new Set<string>();
  for (const [key, q] of latest) {
    const stored = server.get(key);
    if (q.state === "synced" && stored && stored.revision >= (q.revision ?? 0)) continue;
    overridden.add(key);
    rows.push(localRow(q));
  }
  for (const [key, m] of server)
    if (!overridden.has(key))
      rows.push({ key: m.markId, code: m.code, aspectCode: m.aspectCode, value: m.value, revision: m.revision, state: "synced", time: m.recordedAt });
  const rank = { refused: 0, pending: 1, synced: 2 } as const;
  return rows.sort(
    (a, b) => rank[a.state] - rank[b.state] || a.code.localeCompare(b.code) || a.aspectCode.localeCompare(b.aspectCode, undefined, { numeric: true }),
  );
}

const column = createColumnHelper<MyMarkRow>();

export function MyMarks({
  rows,
  basePath,
  lockedAspects,
  onDismiss,
  formatTime,
}: {
  rows: MyMarkRow[];
  basePath: string;
  lockedAspects: ReadonlySet<string>;
  onDismiss: (submissionId: string) => void;
  formatTime: (iso: string) => string;
}) {
  const { t } = useTranslation();
  const columns = useMemo(
    () => [
      column.accessor("code", { header: t("marking.columns.code") }),
      column.accessor("aspectCode", { header: t("marking.columns.aspect") }),
      column.accessor((r) => formatValue(r.value, t), {
        id: "value",
        header: t("marking.columns.value"),
        cell: (c) => (
          <>
            {c.getValue()}
            {c.row.original.revision && c.row.original.revision > 1 ? (
              <small className="hint">
                {" "}
                ({t("marking.columns.revision")} {c.row.original.revision})
              </small>
            ) : null}
          </>
        ),
      }),
      column.accessor("state", {
        header: t("marking.columns.state"),
        cell: (c) => <SyncBadge state={c.row.original.state} refusal={c.row.original.refusal} />,
      }),
      column.accessor("time", { header: t("marking.columns.time"), cell: (c) => formatTime(c.getValue()) }),
      column.display({
        id: "actions",
        header: t("marking.columns.actions"),
        cell: ({ row: { original: r } }) =>
          r.state === "refused" && r.submissionId ? (
            <button type="button" className="button small" onClick={() => onDismiss(r.submissionId!)}>
              {t("marking.dismiss")}
            </button>
          ) : lockedAspects.has(r.aspectCode) ? (
            <span className="hint">{t("marking.locked")}</span>
          ) : (
            <Link className="button small" to={`${basePath}/${encodeURIComponent(r.code)}#aspect-${r.aspectCode}`}>
              {t("marking.correct")}
            </Link>
          ),
      }),
    ],
    [t, basePath, lockedAspects, onDismiss, formatTime],
  );
  return (
    <section className="panel my-marks" aria-labelledby="my-marks-title">
      <h2 id="my-marks-title">{t("marking.mine")}</h2>
      <p className="hint">{t("marking.mineIntro")}</p>
      {rows.length === 0 ? (
        <p>{t("marking.mineEmpty")}</p>
      ) : (
        <DataTable data={rows} columns={columns} caption={t("marking.mine")} pageSize={50} getRowId={(r) => r.key} />
      )}
    </section>
  );
}
