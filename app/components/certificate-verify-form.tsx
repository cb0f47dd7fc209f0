// The number form of the verification page 证书查验 (GET, so a typed number becomes a link).
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { TextField, type FormState } from "./form";

export function CertificateVerifyForm({ state, autoFocus = false }: { state?: FormState; autoFocus?: boolean }) {
  const { t } = useTranslation();
  return (
    <Form method="get" action="/verify" className="stacked-form verify-form" aria-label={t("certificates.verify.title")}>
      <TextField
        name="number"
        label={t("certificates.verify.number")}
        hint={t("certificates.verify.numberHint")}
        state={state}
        required
        maxLength={60}
        autoComplete="off"
        autoCapitalize="characters"
        spellCheck={false}
        inputMode="text"
        autoFocus={autoFocus}
        className="code-text verify-input"
      />
      <button type="submit" className="button primary wide">
        {t("certificates.verify.submit")}
      </button>
    </Form>
  );
}
