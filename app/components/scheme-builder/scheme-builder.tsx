// The marking-scheme builder: declared total, standards sections, modules → sub-criteria →
// aspects, with a live summary (running total against the declared one, marks per section
// against its weighting). The whole draft is posted as one JSON field; problems come back placed
// on their rows, and after a refused save they follow the edits live (the same checks as the server).
import { Form, Link } from "@remix-run/react";
import { useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { SchemeDraft } from "~/domain/marking-scheme/scheme";
import type { FieldProblem } from "~/web/field-errors";
import { AspectEditor } from "./aspect-editor";
import {
  blankAspect,
  blankModule,
  blankSection,
  blankSubCriterion,
  checkEditorDraft,
  editorDraftOf,
  keyMaker,
  move,
  removeAt,
  replaceAt,
  schemeBlocks,
  starterDraft,
  suggestedId,
  type EditorModule,
  type EditorProblem,
  type EditorSection,
  type EditorSubCriterion,
  type KeyMaker,
  type SchemeEditorDraft,
} from "./draft";
import { ProblemList, problemsByField, RowTools, TextInput } from "./fields";
import { SchemeSummary } from "./summary";

export interface BuilderReply {
  formError: FieldProblem | null;
  problems: EditorProblem[];
}

interface SchemeBuilderProps {
  stored: SchemeDraft | null;
  reply: BuilderReply | undefined;
  busy: boolean;
  cancelTo: string;
}

export function SchemeBuilder({ stored, reply, busy, cancelTo }: SchemeBuilderProps) {
  const { t } = useTranslation();
  const keys = useRef<KeyMaker | null>(null);
  keys.current ??= keyMaker();
  const nextKey = keys.current;
  const [draft, setDraft] = useState<SchemeEditorDraft>(() => (stored ? editorDraftOf(stored, nextKey) : starterDraft(nextKey)));
  const json = useMemo(() => JSON.stringify(draft), [draft]);
  const [submitted, setSubmitted] = useState<string | null>(null);
  const live = useMemo(() => (submitted === null ? [] : checkEditorDraft(draft).problems), [draft, submitted]);
  // What the server said, while the draft is still the one it judged (or was posted without this
  // page's script); after an edit, the live check.
  const replyStands = reply !== undefined && !busy && (submitted === null || json === submitted);
  const problems = replyStands ? reply.problems : live;
  const alertRef = useRef<HTMLDivElement>(null);
  // Saving needs the page's script (the draft lives in it): the button waits until it runs.
  const [scripted, setScripted] = useState(false);
  useEffect(() => setScripted(true), []);
  useEffect(() => {
    if (reply && (reply.formError || reply.problems.length > 0)) alertRef.current?.focus();
  }, [reply]);

  const at = (key: string) => problems.filter((p) => p.at === key);
  const allAspectIds = draft.modules.flatMap((m) => m.subCriteria.flatMap((sc) => sc.aspects.map((a) => a.id)));
  const setSections = (sections: EditorSection[]) => setDraft((d) => ({ ...d, sections }));
  const setModules = (modules: EditorModule[]) => setDraft((d) => ({ ...d, modules }));
  const formError = replyStands ? reply.formError : null;

  return (
    <Form method="post" className="stacked-form scheme-builder" onSubmit={() => setSubmitted(json)} noValidate>
      <input type="hidden" name="draft" value={json} />
      <noscript>
        <p className="form-errors">{t("schemeBuilder.needsScript")}</p>
      </noscript>
      {formError || problems.length > 0 ? (
        <div className="form-errors" role="alert" tabIndex={-1} ref={alertRef}>
          {formError ? <p>{t(formError.key, formError.params ?? {})}</p> : null}
          {problems.length > 0 ? (
            <>
              <p>{t("schemeBuilder.problems", { count: problems.length })}</p>
              <button type="button" className="button" onClick={() => focusFirstProblem(alertRef.current?.closest("form") ?? null)}>
                {t("schemeBuilder.firstProblem")}
              </button>
            </>
          ) : null}
        </div>
      ) : null}

      <SchemeSummary draft={draft} totalProblems={at(schemeBlocks.total)} onDeclaredTotal={(declaredTotal) => setDraft((d) => ({ ...d, declaredTotal }))} />

      <fieldset className="fieldset">
        <legend>{t("schemeBuilder.sections")}</legend>
        <p className="hint">{t("schemeBuilder.sectionsHint")}</p>
        <ProblemList problems={at(schemeBlocks.sections)} />
        <ol className="builder-list">
          {draft.sections.map((s, i) => {
            const rowName = t("schemeBuilder.sectionRow", { id: s.id || i + 1 });
            const byField = problemsByField(at(s.key), ["id", "name", "weightingPercent"]);
            const set = (patch: Partial<EditorSection>) => setSections(replaceAt(draft.sections, i, { ...s, ...patch }));
            return (
              <li key={s.key} className={`builder-line section-line${at(s.key).length > 0 ? " has-problems" : ""}`} aria-label={rowName}>
                <TextInput
                  label={t("schemeBuilder.sectionId")}
                  value={s.id}
                  onChange={(id) => set({ id })}
                  problems={byField.of("id")}
                  maxLength={40}
                  className="narrow"
                />
                <TextInput
                  label={t("schemeBuilder.sectionName")}
                  value={s.name}
                  onChange={(name) => set({ name })}
                  problems={byField.of("name")}
                  className="grow"
                />
                <TextInput
                  label={t("schemeBuilder.weighting")}
                  value={s.weightingPercent}
                  onChange={(weightingPercent) => set({ weightingPercent })}
                  problems={byField.of("weightingPercent")}
                  numeric="decimal"
                  maxLength={40}
                  className="narrow"
                />
                <RowTools
                  rowName={rowName}
                  index={i}
                  count={draft.sections.length}
                  onMove={(d) => setSections(move(draft.sections, i, d))}
                  onRemove={() => setSections(removeAt(draft.sections, i))}
                />
                <ProblemList problems={byField.rest} />
              </li>
            );
          })}
        </ol>
        <button
          type="button"
          className="button"
          onClick={() => setSections([...draft.sections, { ...blankSection(nextKey), id: String(draft.sections.length + 1) }])}
        >
          {t("schemeBuilder.addSection")}
        </button>
      </fieldset>

      <div className="builder-modules">
        <h2>{t("schemeBuilder.modules")}</h2>
        <ProblemList problems={at(schemeBlocks.modules)} />
        {draft.modules.map((m, i) => (
          <ModuleEditor
            key={m.key}
            module={m}
            index={i}
            count={draft.modules.length}
            sections={draft.sections}
            allAspectIds={allAspectIds}
            problemsAt={at}
            nextKey={nextKey}
            onChange={(module) => setModules(replaceAt(draft.modules, i, module))}
            onMove={(d) => setModules(move(draft.modules, i, d))}
            onRemove={() => setModules(removeAt(draft.modules, i))}
          />
        ))}
        <button
          type="button"
          className="button"
          onClick={() =>
            setModules([
              ...draft.modules,
              {
                ...blankModule(nextKey),
                id: suggestedId(
                  draft.modules.map((x) => x.id),
                  null,
                ),
              },
            ])
          }
        >
          {t("schemeBuilder.addModule")}
        </button>
      </div>

      <div className="builder-bar">
        <Link to={cancelTo} className="button ghost">
          {t("admin.cancel")}
        </Link>
        <button type="submit" className="button primary" disabled={busy || !scripted}>
          {busy ? t("schemeBuilder.saving") : t("schemeBuilder.save")}
        </button>
      </div>
    </Form>
  );
}

/** Brings the first field with a problem (or the first row with one) into view and focus. */
function focusFirstProblem(form: HTMLFormElement | null) {
  const target = form?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? form?.querySelector<HTMLElement>(".has-problems");
  if (!target) return;
  target.scrollIntoView({ block: "center" });
  target.focus({ preventScroll: true });
}

interface RowProps<T> {
  index: number;
  count: number;
  sections: readonly EditorSection[];
  allAspectIds: readonly string[];
  problemsAt: (key: string) => EditorProblem[];
  nextKey: KeyMaker;
  onChange: (value: T) => void;
  onMove: (delta: -1 | 1) => void;
  onRemove: () => void;
}

function ModuleEditor({
  module: m,
  index,
  count,
  sections,
  allAspectIds,
  problemsAt,
  nextKey,
  onChange,
  onMove,
  onRemove,
}: RowProps<EditorModule> & { module: EditorModule }) {
  const { t } = useTranslation();
  const rowName = t("schemeBuilder.moduleRow", { id: m.id || index + 1 });
  const problems = problemsAt(m.key);
  const byField = problemsByField(problems, ["id", "name"]);
  const setSubCriteria = (subCriteria: EditorSubCriterion[]) => onChange({ ...m, subCriteria });
  const last = m.subCriteria[m.subCriteria.length - 1];
  return (
    <fieldset className={`fieldset builder-row builder-module${problems.length > 0 ? " has-problems" : ""}`}>
      <legend>{rowName}</legend>
      <RowTools rowName={rowName} index={index} count={count} onMove={onMove} onRemove={onRemove} />
      <ProblemList problems={byField.rest} />
      <div className="builder-grid">
        <TextInput label={t("schemeBuilder.moduleId")} value={m.id} onChange={(id) => onChange({ ...m, id })} problems={byField.of("id")} maxLength={40} />
        <TextInput label={t("schemeBuilder.moduleName")} value={m.name} onChange={(name) => onChange({ ...m, name })} problems={byField.of("name")} wide />
      </div>
      {m.subCriteria.map((sc, i) => (
        <SubCriterionEditor
          key={sc.key}
          subCriterion={sc}
          index={i}
          count={m.subCriteria.length}
          sections={sections}
          allAspectIds={allAspectIds}
          problemsAt={problemsAt}
          nextKey={nextKey}
          onChange={(value) => setSubCriteria(replaceAt(m.subCriteria, i, value))}
          onMove={(d) => setSubCriteria(move(m.subCriteria, i, d))}
          onRemove={() => setSubCriteria(removeAt(m.subCriteria, i))}
        />
      ))}
      <button
        type="button"
        className="button"
        onClick={() =>
          setSubCriteria([
            ...m.subCriteria,
            {
              ...blankSubCriterion(nextKey, last?.markingDay ?? "1"),
              id: suggestedId(
                m.subCriteria.map((x) => x.id),
                m.id,
              ),
            },
          ])
        }
      >
        {t("schemeBuilder.addSubCriterion", { module: m.id })}
      </button>
    </fieldset>
  );
}

function SubCriterionEditor({
  subCriterion: sc,
  index,
  count,
  sections,
  allAspectIds,
  problemsAt,
  nextKey,
  onChange,
  onMove,
  onRemove,
}: RowProps<EditorSubCriterion> & { subCriterion: EditorSubCriterion }) {
  const { t } = useTranslation();
  const rowName = t("schemeBuilder.subCriterionRow", { id: sc.id || index + 1 });
  const problems = problemsAt(sc.key);
  const byField = problemsByField(problems, ["id", "name", "markingDay"]);
  const setAspects = (aspects: EditorSubCriterion["aspects"]) => onChange({ ...sc, aspects });
  const last = sc.aspects[sc.aspects.length - 1];
  return (
    <fieldset className={`builder-row builder-sub-criterion${problems.length > 0 ? " has-problems" : ""}`}>
      <legend>{rowName}</legend>
      <RowTools rowName={rowName} index={index} count={count} onMove={onMove} onRemove={onRemove} />
      <ProblemList problems={byField.rest} />
      <div className="builder-grid">
        <TextInput
          label={t("schemeBuilder.subCriterionId")}
          value={sc.id}
          onChange={(id) => onChange({ ...sc, id })}
          problems={byField.of("id")}
          maxLength={40}
        />
        <TextInput
          label={t("schemeBuilder.markingDay")}
          value={sc.markingDay}
          onChange={(markingDay) => onChange({ ...sc, markingDay })}
          problems={byField.of("markingDay")}
          numeric="numeric"
          maxLength={2}
        />
        <TextInput
          label={t("schemeBuilder.subCriterionName")}
          value={sc.name}
          onChange={(name) => onChange({ ...sc, name })}
          problems={byField.of("name")}
          wide
        />
      </div>
      {sc.aspects.map((a, i) => (
        <AspectEditor
          key={a.key}
          aspect={a}
          index={i}
          count={sc.aspects.length}
          sections={sections}
          problems={problemsAt(a.key)}
          nextKey={nextKey}
          onChange={(value) => setAspects(replaceAt(sc.aspects, i, value))}
          onMove={(d) => setAspects(move(sc.aspects, i, d))}
          onRemove={() => setAspects(removeAt(sc.aspects, i))}
        />
      ))}
      <button
        type="button"
        className="button"
        onClick={() =>
          setAspects([...sc.aspects, { ...blankAspect(nextKey, last?.section ?? sections[0]?.id.trim() ?? ""), id: suggestedId(allAspectIds, sc.id, ".") }])
        }
      >
        {t("schemeBuilder.addAspect", { subCriterion: sc.id })}
      </button>
    </fieldset>
  );
}
