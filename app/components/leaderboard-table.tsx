// The live leaderboard table, over @tanstack/react-table (core rows only: a leaderboard is never
// sorted, filtered or paged by the viewer). Rows are keyed by code, so when ranks change each
// row slides from where it was to where it is now (FLIP: measure, invert, play) and briefly
// shows whether it went up or down — unless the viewer prefers reduced motion. On a phone the
// module columns fold into a line under the code.
import { flexRender, getCoreRowModel, useReactTable, createColumnHelper } from "@tanstack/react-table";
import { useLayoutEffect, useMemo, useRef } from "react";
import { useTranslation } from "react-i18next";
import type { PublicLeaderboard, StaffLeaderboard } from "~/realtime/events";

type Row = PublicLeaderboard["rows"][number] & Partial<Pick<StaffLeaderboard["rows"][number], "missing" | "flagged">>;
const column = createColumnHelper<Row>();

function prefersReducedMotion(): boolean {
  return typeof window !== "undefined" && typeof window.matchMedia === "function" && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
}

export function LeaderboardTable({
  board,
  moves,
  version,
  caption,
  offset = 0,
  limit,
  staff = false,
}: {
  board: PublicLeaderboard | StaffLeaderboard;
  moves: Map<string, number>;
  version: number;
  caption: string;
  offset?: number;
  limit?: number;
  staff?: boolean;
}) {
  const { t } = useTranslation();
  const showPoints = board.track === "ws";
  const rows = useMemo(() => (limit ? board.rows.slice(offset, offset + limit) : board.rows) as Row[], [board.rows, offset, limit]);
  const columns = useMemo(
    () => [
      column.accessor("rank", { header: t("live.columns.rank"), meta: { className: "rank" } }),
      column.accessor("code", {
        header: t("live.columns.code"),
        meta: { className: "code" },
        cell: (c) => (
          <>
            <span className="code-text">{c.getValue()}</span>
            <small className="module-line">{board.modules.map((m, i) => `${m.code} ${c.row.original.modules[i] ?? ""}`).join(" · ")}</small>
          </>
        ),
      }),
      ...board.modules.map((m, i) =>
        column.accessor((r) => r.modules[i] ?? "", { id: `module-${m.code}`, header: `${m.code} (${m.max})`, meta: { className: "module" } }),
      ),
      column.accessor("total", { header: t("live.columns.total"), meta: { className: "total" }, cell: (c) => <strong>{c.getValue()}</strong> }),
      ...(showPoints
        ? [
            column.accessor((r) => r.points ?? "", { id: "points", header: t("live.columns.points"), meta: { className: "points" } }),
            column.accessor("medal", {
              header: t("live.columns.medal"),
              meta: { className: "medal-col" },
              cell: (c) => (c.getValue() ? <span className={`medal medal-${c.getValue()}`}>{t(`award.${c.getValue()!}`)}</span> : null),
            }),
          ]
        : []),
      ...(staff
        ? [
            column.accessor((r) => r.missing ?? 0, { id: "missing", header: t("live.columns.missing"), meta: { className: "count" } }),
            column.accessor((r) => r.flagged ?? 0, { id: "flagged", header: t("live.columns.flagged"), meta: { className: "count" } }),
          ]
        : []),
    ],
    [t, board.modules, showPoints, staff],
  );
  const table = useReactTable({ data: rows, columns, getCoreRowModel: getCoreRowModel(), getRowId: (r) => r.code });

  // FLIP: remember where each row was; after the new order renders, start each from there.
  const body = useRef<HTMLTableSectionElement>(null);
  const tops = useRef(new Map<string, number>());
  useLayoutEffect(() => {
    const tbody = body.current;
    if (!tbody) return;
    const rowsNow = [...tbody.querySelectorAll<HTMLTableRowElement>("tr[data-code]")];
    const animate = !prefersReducedMotion();
    for (const tr of rowsNow) {
      const code = tr.dataset.code!;
      const top = tr.getBoundingClientRect().top;
      const was = tops.current.get(code);
      if (animate && was !== undefined && was !== top) {
        tr.style.transition = "none";
        tr.style.transform = `translateY(${was - top}px)`;
        requestAnimationFrame(() => {
          tr.style.transition = "transform 600ms ease";
          tr.style.transform = "";
        });
      }
    }
    tops.current = new Map(rowsNow.map((tr) => [tr.dataset.code!, tr.getBoundingClientRect().top]));
  }, [version, rows]);

  return (
    <table className="leaderboard">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        {table.getHeaderGroups().map((group) => (
          <tr key={group.id}>
            {group.headers.map((header) => (
              <th key={header.id} scope="col" className={(header.column.columnDef.meta as { className?: string } | undefined)?.className}>
                {flexRender(header.column.columnDef.header, header.getContext())}
              </th>
            ))}
          </tr>
        ))}
      </thead>
      <tbody ref={body}>
        {table.getRowModel().rows.map((row) => {
          const move = moves.get(row.original.code) ?? 0;
          return (
            <tr
              key={`${row.id}`}
              data-code={row.original.code}
              className={move > 0 ? `moved-up v${version % 2}` : move < 0 ? `moved-down v${version % 2}` : undefined}
            >
              {row.getVisibleCells().map((cell) => (
                <td key={cell.id} className={(cell.column.columnDef.meta as { className?: string } | undefined)?.className}>
                  {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  {cell.column.id === "rank" && move !== 0 ? (
                    <span className="visually-hidden">{t(move > 0 ? "live.moved.up" : "live.moved.down", { count: Math.abs(move) })}</span>
                  ) : null}
                </td>
              ))}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
