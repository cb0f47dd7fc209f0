// One aspect of the builder: kind, description, max mark, section, and what its kind needs —
// four level descriptors (judgement), a panel size (trimmed mean) or a calculation (measurement).
import { useId } from "react";
import { useTranslation } from "react-i18next";
import { aspectKinds } from "~/domain/marking-scheme/scheme";
import {
  calculationKinds,
  move,
  removeAt,
  replaceAt,
  withCalculationKind,
  type CalculationKind,
  type EditorAspect,
  type EditorCalculation,
  type EditorProblem,
  type EditorSection,
  type KeyMaker,
} from "./draft";
import { BuilderField, ProblemList, problemsByField, RowTools, TextInput } from "./fields";

const aspectFields = ["id", "kind", "description", "max", "section", "descriptors", "panelSize", "calculation"];

interface AspectEditorProps {
  aspect: EditorAspect;
  index: number;
  count: number;
  sections: readonly EditorSection[];
  problems: readonly EditorProblem[];
  nextKey: KeyMaker;
  onChange: (aspect: EditorAspect) => void;
  onMove: (delta: -1 | 1) => void;
  onRemove: () => void;
}

export function AspectEditor({ aspect, index, count, sections, problems, nextKey, onChange, onMove, onRemove }: AspectEditorProps) {
  const { t } = useTranslation();
  const set = <K extends keyof EditorAspect>(field: K, value: EditorAspect[K]) => onChange({ ...aspect, [field]: value });
  const rowName = t("schemeBuilder.aspectRow", { id: aspect.id || index + 1 });
  const byField = problemsByField(problems, aspectFields);
  const sectionIds = sections.map((s) => s.id.trim());
  const descriptorProblemsId = useId();
  return (
    <fieldset className={`builder-row builder-aspect${problems.length > 0 ? " has-problems" : ""}`}>
      <legend>{rowName}</legend>
      <RowTools rowName={rowName} index={index} count={count} onMove={onMove} onRemove={onRemove} />
      <ProblemList problems={byField.rest} />
      <div className="builder-grid">
        <TextInput label={t("schemeBuilder.aspectId")} value={aspect.id} onChange={(v) => set("id", v)} problems={byField.of("id")} maxLength={40} />
        <BuilderField label={t("schemeBuilder.kind")} problems={byField.of("kind")}>
          {(aria) => (
            <select {...aria} value={aspect.kind} onChange={(e) => set("kind", e.target.value as EditorAspect["kind"])}>
              {aspectKinds.map((k) => (
                <option key={k} value={k}>
                  {t(`scheme.kind.${k}`)}
                </option>
              ))}
            </select>
          )}
        </BuilderField>
        <TextInput
          label={t("schemeBuilder.max")}
          value={aspect.max}
          onChange={(v) => set("max", v)}
          problems={byField.of("max")}
          numeric="decimal"
          maxLength={40}
        />
        <BuilderField label={t("schemeBuilder.section")} problems={byField.of("section")} wide>
          {(aria) => (
            <select {...aria} value={aspect.section} onChange={(e) => set("section", e.target.value)}>
              <option value="">{t("schemeBuilder.chooseSection")}</option>
              {sections
                .filter((s) => s.id.trim() !== "")
                .map((s) => (
                  <option key={s.key} value={s.id.trim()}>
                    {`${s.id.trim()} ${s.name}`.trim()}
                  </option>
                ))}
              {aspect.section !== "" && !sectionIds.includes(aspect.section) ? <option value={aspect.section}>{aspect.section}</option> : null}
            </select>
          )}
        </BuilderField>
        <TextInput label={t("schemeBuilder.description")} value={aspect.description} onChange={(v) => set("description", v)} wide maxLength={1000} />
      </div>
      {aspect.kind === "judgement" ? (
        <fieldset className="builder-sub">
          <legend>{t("schemeBuilder.descriptors")}</legend>
          <ProblemList id={descriptorProblemsId} problems={byField.of("descriptors")} />
          <div className="builder-grid">
            {aspect.descriptors.map((d, level) => (
              <BuilderField
                key={level}
                label={t("schemeBuilder.descriptor", { level })}
                invalidBy={d.trim() === "" && byField.of("descriptors").length > 0 ? descriptorProblemsId : undefined}
                wide
              >
                {(aria) => (
                  <textarea
                    {...aria}
                    rows={2}
                    value={d}
                    maxLength={1000}
                    onChange={(e) => set("descriptors", replaceAt(aspect.descriptors, level, e.target.value) as EditorAspect["descriptors"])}
                  />
                )}
              </BuilderField>
            ))}
          </div>
        </fieldset>
      ) : null}
      {aspect.kind === "trimmed_mean" ? (
        <div className="builder-grid">
          <TextInput
            label={t("schemeBuilder.panelSize")}
            value={aspect.panelSize}
            onChange={(v) => set("panelSize", v)}
            problems={byField.of("panelSize")}
            numeric="numeric"
            maxLength={3}
          />
        </div>
      ) : null}
      {aspect.kind === "measurement" ? (
        <CalculationEditor
          calculation={aspect.calculation}
          rowName={rowName}
          problems={byField.of("calculation")}
          nextKey={nextKey}
          onChange={(c) => set("calculation", c)}
        />
      ) : null}
    </fieldset>
  );
}

interface CalculationEditorProps {
  calculation: EditorCalculation;
  rowName: string;
  problems: readonly EditorProblem[];
  nextKey: KeyMaker;
  onChange: (calculation: EditorCalculation) => void;
}

function CalculationEditor({ calculation: c, rowName, problems, nextKey, onChange }: CalculationEditorProps) {
  const { t } = useTranslation();
  const set = <K extends keyof EditorCalculation>(field: K, value: EditorCalculation[K]) => onChange({ ...c, [field]: value });
  return (
    <fieldset className={`builder-sub${problems.length > 0 ? " has-problems" : ""}`}>
      <legend>{t("schemeBuilder.calculation")}</legend>
      <ProblemList problems={problems} />
      <div className="builder-grid">
        <BuilderField label={t("schemeBuilder.calculationKind")}>
          {(aria) => (
            <select {...aria} value={c.kind} onChange={(e) => onChange(withCalculationKind(c, e.target.value as CalculationKind, nextKey))}>
              {calculationKinds.map((k) => (
                <option key={k} value={k}>
                  {t(`schemeBuilder.calculationKinds.${k}`)}
                </option>
              ))}
            </select>
          )}
        </BuilderField>
        {c.kind === "per_unit" || c.kind === "bands" ? (
          <TextInput label={t("schemeBuilder.fieldName.target")} value={c.target} onChange={(v) => set("target", v)} numeric="decimal" maxLength={40} />
        ) : null}
        {c.kind === "per_unit" ? (
          <>
            <TextInput
              label={t("schemeBuilder.fieldName.tolerance")}
              value={c.tolerance}
              onChange={(v) => set("tolerance", v)}
              numeric="decimal"
              maxLength={40}
            />
            <TextInput label={t("schemeBuilder.fieldName.unit")} value={c.unit} onChange={(v) => set("unit", v)} numeric="decimal" maxLength={40} />
            <TextInput
              label={t("schemeBuilder.fieldName.deductionPerUnit")}
              value={c.deductionPerUnit}
              onChange={(v) => set("deductionPerUnit", v)}
              numeric="decimal"
              maxLength={40}
            />
          </>
        ) : null}
      </div>
      {c.kind === "all_or_nothing" ? <p className="hint">{t("schemeBuilder.allOrNothingHint")}</p> : null}
      {c.kind === "per_unit" ? <p className="hint">{t("schemeBuilder.perUnitHint")}</p> : null}
      {c.kind === "choice" ? (
        <>
          <p className="hint">{t("schemeBuilder.choiceHint")}</p>
          <ol className="builder-list">
            {c.choices.map((choice, i) => {
              const name = t("schemeBuilder.choiceRow", { row: rowName, index: i + 1 });
              return (
                <li key={choice.key} className="builder-line" aria-label={name}>
                  <TextInput
                    label={t("schemeBuilder.choiceId")}
                    value={choice.id}
                    onChange={(v) => set("choices", replaceAt(c.choices, i, { ...choice, id: v }))}
                    maxLength={40}
                  />
                  <TextInput
                    label={t("schemeBuilder.fieldName.deduction")}
                    value={choice.deduction}
                    onChange={(v) => set("choices", replaceAt(c.choices, i, { ...choice, deduction: v }))}
                    numeric="decimal"
                    maxLength={40}
                  />
                  <RowTools
                    rowName={name}
                    index={i}
                    count={c.choices.length}
                    onMove={(d) => set("choices", move(c.choices, i, d))}
                    onRemove={() => set("choices", removeAt(c.choices, i))}
                  />
                </li>
              );
            })}
          </ol>
          <button type="button" className="button" onClick={() => set("choices", [...c.choices, { key: nextKey(), id: "", deduction: "" }])}>
            {t("schemeBuilder.addChoice")}
          </button>
        </>
      ) : null}
      {c.kind === "bands" ? (
        <>
          <p className="hint">{t("schemeBuilder.bandsHint")}</p>
          <ol className="builder-list">
            {c.bands.map((band, i) => {
              const name = t("schemeBuilder.bandRow", { row: rowName, index: i + 1 });
              return (
                <li key={band.key} className="builder-line" aria-label={name}>
                  <TextInput
                    label={t("schemeBuilder.fieldName.within")}
                    value={band.within}
                    onChange={(v) => set("bands", replaceAt(c.bands, i, { ...band, within: v }))}
                    numeric="decimal"
                    maxLength={40}
                  />
                  <TextInput
                    label={t("schemeBuilder.fieldName.mark")}
                    value={band.mark}
                    onChange={(v) => set("bands", replaceAt(c.bands, i, { ...band, mark: v }))}
                    numeric="decimal"
                    maxLength={40}
                  />
                  <RowTools
                    rowName={name}
                    index={i}
                    count={c.bands.length}
                    onMove={(d) => set("bands", move(c.bands, i, d))}
                    onRemove={() => set("bands", removeAt(c.bands, i))}
                  />
                </li>
              );
            })}
          </ol>
          <button type="button" className="button" onClick={() => set("bands", [...c.bands, { key: nextKey(), within: "", mark: "" }])}>
            {t("schemeBuilder.addBand")}
          </button>
        </>
      ) : null}
    </fieldset>
  );
}
