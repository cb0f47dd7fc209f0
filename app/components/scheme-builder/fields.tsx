// The builder's small parts: a labelled input that shows its row's problems in place, the
// move-up / move-down / remove buttons every row carries, and a row's problems that name no field.
import { useId, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { EditorProblem } from "./draft";

/** A problem in the reader's language (the domain's scheme problems, and the builder's own). */
export function useProblemText() {
  const { t } = useTranslation();
  return (p: EditorProblem): string => {
    const params = { ...p.params };
    if (typeof params.field === "string") params.field = t(`schemeBuilder.fieldName.${params.field}`, { defaultValue: params.field });
    if (p.code === "NOT_A_NUMBER" && String(p.params.value ?? "").trim() === "") return t("schemeBuilder.problem.emptyNumber", params);
    return t(`scheme.problem.${p.code}`, params);
  };
}

export function ProblemList({ id, problems }: { id?: string; problems: readonly EditorProblem[] }) {
  const text = useProblemText();
  if (problems.length === 0) return null;
  return (
    <ul id={id} className="row-problems">
      {problems.map((p, i) => (
        <li key={i}>{text(p)}</li>
      ))}
    </ul>
  );
}

type Control = (aria: { id: string; "aria-invalid": true | undefined; "aria-describedby": string | undefined }) => ReactNode;

interface BuilderFieldProps {
  label: string;
  problems?: readonly EditorProblem[];
  /** The id of a message shown elsewhere (for a group of fields) that makes this field invalid. */
  invalidBy?: string;
  wide?: boolean;
  className?: string;
  children: Control;
}

/** Label, control and the problems of this field, wired for assistive technology. */
export function BuilderField({ label, problems = [], invalidBy, wide, className, children }: BuilderFieldProps) {
  const id = useId();
  const hasProblems = problems.length > 0;
  const describedBy = hasProblems ? `${id}-problems` : invalidBy;
  return (
    <div className={["field", describedBy ? "has-error" : "", wide ? "wide" : "", className ?? ""].filter(Boolean).join(" ")}>
      <label htmlFor={id}>{label}</label>
      {children({ id, "aria-invalid": describedBy ? true : undefined, "aria-describedby": describedBy })}
      <ProblemList id={`${id}-problems`} problems={problems} />
    </div>
  );
}

interface TextInputProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  problems?: readonly EditorProblem[];
  wide?: boolean;
  /** numbers are typed as text, so the value stays exactly what was typed */
  numeric?: "decimal" | "numeric";
  maxLength?: number;
  className?: string;
}

export function TextInput({ label, value, onChange, problems, wide, numeric, maxLength = 200, className }: TextInputProps) {
  return (
    <BuilderField label={label} problems={problems} wide={wide} className={className}>
      {(aria) => (
        <input {...aria} type="text" inputMode={numeric} autoComplete="off" value={value} maxLength={maxLength} onChange={(e) => onChange(e.target.value)} />
      )}
    </BuilderField>
  );
}

/** Move up, move down and remove, each named after the row so a screen reader says which row. */
export function RowTools({
  rowName,
  index,
  count,
  onMove,
  onRemove,
}: {
  rowName: string;
  index: number;
  count: number;
  onMove: (delta: -1 | 1) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="row-tools">
      <button
        type="button"
        className="icon-button"
        aria-label={t("schemeBuilder.moveUp", { row: rowName })}
        title={t("schemeBuilder.moveUp", { row: rowName })}
        disabled={index === 0}
        onClick={() => onMove(-1)}
      >
        ↑
      </button>
      <button
        type="button"
        className="icon-button"
        aria-label={t("schemeBuilder.moveDown", { row: rowName })}
        title={t("schemeBuilder.moveDown", { row: rowName })}
        disabled={index === count - 1}
        onClick={() => onMove(1)}
      >
        ↓
      </button>
      <button
        type="button"
        className="icon-button danger"
        aria-label={t("schemeBuilder.remove", { row: rowName })}
        title={t("schemeBuilder.remove", { row: rowName })}
        onClick={onRemove}
      >
        ✕
      </button>
    </div>
  );
}

/** Problems of one row split by field; those naming no field of the row are shown with the row. */
export function problemsByField(problems: readonly EditorProblem[], fields: readonly string[]) {
  return {
    of: (field: string) => problems.filter((p) => p.field === field),
    rest: problems.filter((p) => !p.field || !fields.includes(p.field)),
  };
}
