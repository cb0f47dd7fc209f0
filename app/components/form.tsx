// Form fields that show their translated error in place and keep what the user typed.
import { useId, type InputHTMLAttributes, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { FieldErrors, FieldProblem } from "~/web/field-errors";

export interface FormState {
  fieldErrors?: FieldErrors;
  values?: Record<string, string>;
}

function useProblemText() {
  const { t } = useTranslation();
  return (problem: FieldProblem | undefined) => (problem ? t(problem.key, problem.params ?? {}) : undefined);
}

/** Value to show: what the user submitted (after a refused submission), else the stored one. */
export function valueOf(state: FormState | undefined, name: string, stored: string | number | null | undefined): string {
  return state?.values?.[name] ?? (stored === null || stored === undefined ? "" : String(stored));
}

interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "name" | "defaultValue"> {
  name: string;
  label: string;
  hint?: string;
  state?: FormState;
  stored?: string | number | null;
}

/** Label, control, hint and translated error of one field, wired for assistive technology. */
function FieldFrame({
  name,
  label,
  hint,
  state,
  control,
}: {
  name: string;
  label: string;
  hint?: string;
  state?: FormState;
  control: (aria: ControlAria) => ReactNode;
}) {
  const id = useId();
  const problemText = useProblemText();
  const error = problemText(state?.fieldErrors?.[name]);
  const describedBy = [error ? `${id}-error` : "", hint ? `${id}-hint` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`field${error ? " has-error" : ""}`}>
      <label htmlFor={id}>{label}</label>
      {control({ id, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy })}
      {hint ? (
        <small id={`${id}-hint`} className="hint">
          {hint}
        </small>
      ) : null}
      {error ? (
        <small id={`${id}-error`} className="error">
          {error}
        </small>
      ) : null}
    </div>
  );
}

interface ControlAria {
  id: string;
  "aria-invalid": true | undefined;
  "aria-describedby": string | undefined;
}

export function TextField({ name, label, hint, state, stored, ...input }: TextFieldProps) {
  return (
    <FieldFrame
      name={name}
      label={label}
      hint={hint}
      state={state}
      control={(aria) => <input {...aria} name={name} defaultValue={valueOf(state, name, stored)} {...input} />}
    />
  );
}

interface SelectFieldProps {
  name: string;
  label: string;
  hint?: string;
  options: ReadonlyArray<{ value: string; label: string }>;
  state?: FormState;
  stored?: string | null;
  required?: boolean;
  /** Label of an empty first option; omitted when a value is required. */
  emptyOption?: string;
  /** For a form that changes with the choice (the select stays uncontrolled). */
  onChange?: (value: string) => void;
}

export function SelectField({ name, label, hint, options, state, stored, required, emptyOption, onChange }: SelectFieldProps) {
  return (
    <FieldFrame
      name={name}
      label={label}
      hint={hint}
      state={state}
      control={(aria) => (
        <select
          {...aria}
          name={name}
          defaultValue={valueOf(state, name, stored)}
          required={required}
          onChange={onChange ? (e) => onChange(e.currentTarget.value) : undefined}
        >
          {emptyOption !== undefined ? <option value="">{emptyOption}</option> : null}
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    />
  );
}

export function CheckboxField({ name, label, state, stored }: { name: string; label: string; state?: FormState; stored: boolean }) {
  const id = useId();
  const checked = state?.values ? state.values[name] === "on" : stored;
  return (
    <div className="field checkbox">
      <input id={id} type="checkbox" name={name} defaultChecked={checked} />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}

/** Above the form: how many fields need fixing, plus any error that belongs to no field. */
export function FormErrorSummary({ state }: { state?: FormState }) {
  const { t } = useTranslation();
  const problemText = useProblemText();
  const errors = state?.fieldErrors;
  if (!errors || Object.keys(errors).length === 0) return null;
  const formLevel = problemText(errors._form);
  const fieldCount = Object.keys(errors).filter((k) => k !== "_form").length;
  return (
    <div className="form-errors" role="alert">
      {formLevel ? <p>{formLevel}</p> : null}
      {fieldCount > 0 ? <p>{t("validation.formHasErrors", { count: fieldCount })}</p> : null}
    </div>
  );
}

export function Fieldset({ legend, hint, children }: { legend: string; hint?: string; children: ReactNode }) {
  return (
    <fieldset className="fieldset">
      <legend>{legend}</legend>
      {hint ? <p className="hint">{hint}</p> : null}
      <div className="field-grid">{children}</div>
    </fieldset>
  );
}
