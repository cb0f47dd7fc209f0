// A button that ticks (or clears) every checkbox of one form, for long lists of registrations.
import { useTranslation } from "react-i18next";

export function SelectAll({ formId, name }: { formId: string; name: string }) {
  const { t } = useTranslation();
  const boxes = () => Array.from(document.querySelectorAll<HTMLInputElement>(`input[type="checkbox"][name="${name}"][form="${formId}"]`));
  return (
    <span className="form-actions">
      <button type="button" className="button" onClick={() => boxes().forEach((b) => (b.checked = true))}>
        {t("registration.selectAll")}
      </button>
      <button type="button" className="button" onClick={() => boxes().forEach((b) => (b.checked = false))}>
        {t("registration.selectNone")}
      </button>
    </span>
  );
}
