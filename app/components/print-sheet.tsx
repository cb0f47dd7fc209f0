// A printable A4 sheet (the draw's sealed mapping, the workstation list): on screen a page with
// a way back and a Print button; on paper only the sheet (app.css, @media print).
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

export function PrintSheet({ backTo, backLabel, children }: { backTo: string; backLabel: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <article className="print-sheet">
      <div className="sheet-tools no-print">
        <Link className="button" to={backTo}>
          {backLabel}
        </Link>
        <button type="button" className="button primary" onClick={() => window.print()}>
          {t("draws.print")}
        </button>
      </div>
      {children}
    </article>
  );
}
