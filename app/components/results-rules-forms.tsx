// The chief judge's controls on the results page: record a competitor's time used, and (ws
// track) import or clear official WorldSkills points. Each refusal shows where it happened.
import { Form, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormErrorSummary, SelectField, TextField, type FormState } from "./form";
import { useLocale } from "./use-locale";

export interface FileProblemView {
  code: string;
  row?: number;
  column?: string;
  params: Record<string, string | number>;
}

export function TimeUsedForm({ competitors, state, saved }: { competitors: Array<{ id: string; code: string }>; state?: FormState; saved: boolean }) {
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  return (
    <Form method="post" className="stacked-form" noValidate>
      <input type="hidden" name="intent" value="timeUsed" />
      <fieldset className="fieldset">
        <legend>{t("results.timeUsed.title")}</legend>
        <p className="hint">{t("results.timeUsed.hint")}</p>
        {saved ? (
          <p className="notice" role="status">
            {t("results.timeUsed.saved")}
          </p>
        ) : null}
        <FormErrorSummary state={state} />
        <SelectField
          name="competitorId"
          label={t("results.timeUsed.competitor")}
          state={state}
          options={competitors.map((c) => ({ value: c.id, label: c.code }))}
          required
        />
        <TextField
          name="timeUsed"
          label={t("results.timeUsed.value")}
          hint={t("results.timeUsed.valueHint")}
          state={state}
          required
          inputMode="numeric"
          placeholder="95:30"
          maxLength={8}
        />
        <TextField name="reason" label={t("results.timeUsed.reason")} hint={t("results.timeUsed.reasonHint")} state={state} maxLength={1000} />
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={busy}>
            {t("results.timeUsed.submit")}
          </button>
        </div>
      </fieldset>
    </Form>
  );
}

export function OfficialPointsForm({
  current,
  problems,
  message,
}: {
  current: { importedAt: string; count: number } | null;
  problems: FileProblemView[] | null;
  message: string | null;
}) {
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  const locale = useLocale();
  // A refusal of the whole request (a DomainError) comes as "errors.CODE"; file problems by their code.
  const problemText = (p: FileProblemView) =>
    t(
      p.code.startsWith("errors.")
        ? p.code
        : p.code === "noFile" || p.code === "fileTooLarge"
          ? `results.officialPoints.${p.code}`
          : `results.officialPoints.problem.${p.code}`,
      p.params,
    );
  return (
    <Form method="post" encType="multipart/form-data" className="stacked-form">
      <input type="hidden" name="intent" value="officialPoints" />
      <fieldset className="fieldset">
        <legend>{t("results.officialPoints.title")}</legend>
        <p className="hint">{t("results.officialPoints.hint")}</p>
        <p>
          {current
            ? t("results.officialPoints.current", {
                at: new Date(current.importedAt).toLocaleString(locale, { timeZone: "Asia/Shanghai" }),
                count: current.count,
              })
            : t("results.officialPoints.none")}
        </p>
        {message ? (
          <p className="notice" role="status">
            {message}
          </p>
        ) : null}
        {problems ? (
          <div className="form-errors" role="alert">
            <p>{t("results.officialPoints.problems", { count: problems.length })}</p>
            <ul>
              {problems.map((p, i) => (
                <li key={i}>
                  {p.row !== undefined
                    ? `${p.column ? t("results.officialPoints.at", { row: p.row, column: p.column }) : t("results.officialPoints.atRow", { row: p.row })}: `
                    : null}
                  {problemText(p)}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        <div className="field">
          <label htmlFor="official-points-file">{t("results.officialPoints.file")}</label>
          <input id="official-points-file" type="file" name="file" accept=".csv,text/csv" />
        </div>
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={busy}>
            {t("results.officialPoints.upload")}
          </button>
          {current ? (
            <button type="submit" className="button" name="clear" value="1" disabled={busy}>
              {t("results.officialPoints.clear")}
            </button>
          ) : null}
        </div>
      </fieldset>
    </Form>
  );
}
