// The one table primitive, over @tanstack/react-table: sorting by column header, a text filter,
// paging. On a phone each row becomes a card whose cells carry their column's label.
import {
  flexRender,
  getCoreRowModel,
  getFilteredRowModel,
  getPaginationRowModel,
  getSortedRowModel,
  useReactTable,
  type ColumnDef,
  type SortingState,
} from "@tanstack/react-table";
import { useId, useMemo, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

export interface DataTableProps<T> {
  data: T[];
  // Each column's value type differs (string, number, …); react-table's own docs type the array with any.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  columns: ColumnDef<T, any>[];
  caption: string;
  initialSorting?: SortingState;
  pageSize?: number;
  filterable?: boolean;
  /** Extra filter controls shown beside the text filter. */
  toolbar?: ReactNode;
  getRowId?: (row: T) => string;
  /** false: every row on one page, no pager (short tables such as the dashboard's). */
  paged?: boolean;
}

export function DataTable<T>({
  data,
  columns,
  caption,
  initialSorting = [],
  pageSize = 20,
  filterable = true,
  toolbar,
  getRowId,
  paged = true,
}: DataTableProps<T>) {
  const { t } = useTranslation();
  const filterId = useId();
  // The row model caches accessor values per row and is rebuilt only when `data` changes. The
  // columns are rebuilt whenever the translation function changes (react-i18next hands the new
  // one over a render after a language switch), so a fresh array per column set keeps
  // translated cells (level, status, track…) in the current language.
  const rowsData = useMemo(() => (columns ? data.slice() : data), [data, columns]);
  const [sorting, setSorting] = useState<SortingState>(initialSorting);
  const [globalFilter, setGlobalFilter] = useState("");
  const [pagination, setPagination] = useState({ pageIndex: 0, pageSize });
  const table = useReactTable({
    data: rowsData,
    columns,
    state: { sorting, globalFilter, pagination },
    onSortingChange: setSorting,
    onGlobalFilterChange: (v: string) => {
      setGlobalFilter(v);
      setPagination((p) => ({ ...p, pageIndex: 0 }));
    },
    onPaginationChange: setPagination,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getFilteredRowModel: getFilteredRowModel(),
    getPaginationRowModel: paged ? getPaginationRowModel() : undefined,
    globalFilterFn: "includesString",
    getRowId,
  });
  const pages = Math.max(1, table.getPageCount());
  const rows = table.getRowModel().rows;
  const labelOf = (header: unknown, fallback: string) => (typeof header === "string" ? header : fallback);

  return (
    <div className="data-table">
      {filterable || toolbar ? (
        <div className="table-toolbar">
          {filterable ? (
            <label htmlFor={filterId} className="field inline">
              <span>{t("table.filter")}</span>
              <input
                id={filterId}
                type="search"
                value={globalFilter}
                placeholder={t("table.filterPlaceholder")}
                onChange={(e) => table.setGlobalFilter(e.target.value)}
              />
            </label>
          ) : null}
          {toolbar}
        </div>
      ) : null}
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const label = labelOf(header.column.columnDef.header, header.id);
                const sorted = header.column.getIsSorted();
                return (
                  <th key={header.id} scope="col" aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : "none"}>
                    {header.column.getCanSort() ? (
                      <button
                        type="button"
                        className="sort-button"
                        onClick={header.column.getToggleSortingHandler()}
                        aria-label={t("table.sortBy", { column: label })}
                      >
                        {label}
                        <span aria-hidden="true" className="sort-mark">
                          {sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : "↕"}
                        </span>
                      </button>
                    ) : (
                      label
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={columns.length} className="empty">
                {t("table.empty")}
              </td>
            </tr>
          ) : (
            rows.map((row) => (
              <tr key={row.id}>
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.id} data-label={labelOf(cell.column.columnDef.header, cell.column.id)}>
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
      <div className="table-pager" hidden={!paged}>
        <span>{t("table.rows", { count: table.getFilteredRowModel().rows.length })}</span>
        <span aria-live="polite">{t("table.page", { page: pagination.pageIndex + 1, pages })}</span>
        <button type="button" className="button ghost" onClick={() => table.previousPage()} disabled={!table.getCanPreviousPage()}>
          {t("table.previous")}
        </button>
        <button type="button" className="button ghost" onClick={() => table.nextPage()} disabled={!table.getCanNextPage()}>
          {t("table.next")}
        </button>
        <label className="field inline">
          <span>{t("table.pageSize")}</span>
          <select value={pagination.pageSize} onChange={(e) => table.setPageSize(Number(e.target.value))}>
            {[10, 20, 50, 100].map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
      </div>
    </div>
  );
}
