// How a refused registration row or file is told: the problem's code and parameters translated,
// and the table of problems by row and field (an upload's or the entry form's).
import { useTranslation } from "react-i18next";
import type { RegistrationField } from "~/domain/registration/registrations";

export type Problem = { row: number; field: RegistrationField | null; code: string; params: Record<string, string | number> };

export function useProblemText() {
  const { t } = useTranslation();
  return (p: { code: string; params: Record<string, string | number> }) => {
    if (p.code === "NO_FILE") return t("registration.noFile");
    if (p.code === "NOTHING_SELECTED") return t("review.nothingSelected");
    const params = { ...p.params };
    for (const key of ["required", "held"]) if (typeof params[key] === "string" && params[key]) params[key] = t(`registration.skillLevel.${params[key]}`);
    if (p.code === "RESULT_REQUIRED" && typeof params.level === "string") params.level = t(`level.${params.level}`);
    return t(`errors.${p.code}`, params);
  };
}

export function ProblemTable({ problems, rowLabel }: { problems: Problem[]; rowLabel: (row: number) => string }) {
  const { t } = useTranslation();
  const text = useProblemText();
  return (
    <div className="data-table">
      <table className="problem-table">
        <caption>{t("registration.problems")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("registration.problemRow")}</th>
            <th scope="col">{t("registration.problemField")}</th>
            <th scope="col">{t("registration.problemMessage")}</th>
          </tr>
        </thead>
        <tbody>
          {problems.map((p, i) => (
            <tr key={i}>
              <td data-label={t("registration.problemRow")}>{p.row > 0 ? rowLabel(p.row) : "—"}</td>
              <td data-label={t("registration.problemField")}>{p.field ? t(`registration.fields.${p.field}`) : "—"}</td>
              <td data-label={t("registration.problemMessage")}>{text(p)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
