// Submitting the selected drafts (or fixed returned registrations) for review, declaring the
// documents the organizer asks for supplied. The cards' check boxes belong to this form.
import { Form, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { localized } from "~/i18n/i18n";
import { SelectAll } from "../select-all";
import { useLocale } from "../use-locale";

export function SubmitPanel({ documents }: { documents: ReadonlyArray<{ code: string; nameZh: string; nameEn: string }> }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  return (
    <Form method="post" id="submit-form" className="stacked-form subsection" aria-labelledby="submit-title">
      <h3 id="submit-title">{t("registration.submitTitle")}</h3>
      <p className="hint">{t("registration.submitHint")}</p>
      <SelectAll formId="submit-form" name="registrationId" />
      <input type="hidden" name="intent" value="submit" />
      {documents.length === 0 ? <p>{t("registration.noDocuments")}</p> : null}
      {documents.map((d) => (
        <div className="field checkbox" key={d.code}>
          <input id={`doc-${d.code}`} type="checkbox" name="document" value={d.code} />
          <label htmlFor={`doc-${d.code}`}>{t("registration.declare", { document: localized(locale, d.nameZh, d.nameEn) })}</label>
        </div>
      ))}
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={busy}>
          {t("registration.submitSelected")}
        </button>
      </div>
    </Form>
  );
}
