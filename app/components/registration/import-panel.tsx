// The Excel import: download the template, upload it to be checked (nothing imported), see the
// problems by row, then import all rows or only the clean ones.
import { Form, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ProblemTable, type Problem } from "./problems";

/** What checking an upload found; the import waits for the leader's choice. */
export interface CheckedImport {
  importId: string;
  rowCount: number;
  cleanRows: number;
  cleanEntries: number;
  rowsWithProblems: number;
  problems: Problem[];
}

export function ImportPanel({ templateHref, fileProblems, checked }: { templateHref: string; fileProblems: Problem[]; checked: CheckedImport | null }) {
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  return (
    <section className="panel" aria-labelledby="import-title">
      <h2 id="import-title">{t("registration.importTitle")}</h2>
      <p>{t("registration.importHint")}</p>
      <p>
        <a className="button" href={templateHref} download>
          {t("registration.downloadTemplate")}
        </a>
      </p>
      <Form method="post" encType="multipart/form-data" className="stacked-form">
        <input type="hidden" name="intent" value="check" />
        <div className="field">
          <label htmlFor="import-file">{t("registration.file")}</label>
          <input id="import-file" type="file" name="file" accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required />
        </div>
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={busy}>
            {t("registration.check")}
          </button>
        </div>
      </Form>
      {fileProblems.length > 0 ? <ProblemTable problems={fileProblems} rowLabel={(row) => String(row)} /> : null}
      {checked ? (
        <div className="import-result" role="status">
          <p className={checked.problems.length === 0 ? "notice" : "form-errors"}>
            {checked.problems.length === 0
              ? t("registration.checkClean", { rows: checked.rowCount })
              : t("registration.checkResult", { rows: checked.rowCount, clean: checked.cleanRows, bad: checked.rowsWithProblems })}
          </p>
          {checked.problems.length > 0 ? (
            <>
              <ProblemTable problems={checked.problems} rowLabel={(row) => String(row)} />
              <p>{t("registration.fixAndUpload")}</p>
            </>
          ) : null}
          <Form method="post" className="form-actions">
            <input type="hidden" name="intent" value="commit" />
            <input type="hidden" name="importId" value={checked.importId} />
            {checked.problems.length === 0 ? (
              <button type="submit" name="mode" value="all" className="button primary" disabled={busy}>
                {t("registration.importAll", { count: checked.rowCount })}
              </button>
            ) : checked.cleanRows > 0 ? (
              <button type="submit" name="mode" value="clean_only" className="button" disabled={busy}>
                {t("registration.importClean", { count: checked.cleanRows })}
              </button>
            ) : null}
          </Form>
        </div>
      ) : null}
    </section>
  );
}
