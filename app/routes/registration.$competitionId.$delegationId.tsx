// A delegation's registration 报名 page, for its team leader (and the organizer): the window and
// the documents to supply, the quota of each skill, every registration as a card (status, the
// reason it was returned, registration, check-in and workstation numbers once drawn, the days),
// entering one competitor or team, importing the Excel template (checked first, nothing imported
// until the leader chooses), and submitting drafts for review. Laid out for a phone first.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { canManageCompetition } from "~/domain/access/policy";
import { DomainError, isDomainError } from "~/domain/errors";
import { registrationFields, type RegistrationField, type RegistrationRowInput } from "~/domain/registration/registrations";
import { localized } from "~/i18n/i18n";
import { requireRegistrar } from "~/services/auth/require.server";
import { notFoundUnless, uuidParam } from "~/services/forms.server";
import { loadDelegationRegistrations, type RegistrationRow } from "~/services/registration/registration-board.server";
import { maxRegistrationFileBytes } from "~/services/registration/registration-xlsx";
import {
  checkRegistrationImport,
  commitRegistrationImport,
  deleteRegistration,
  saveRegistrationRows,
  submitRegistrations,
  updateRegistration,
} from "~/services/registration/registrations.server";
import { formatDate, formatDateTime } from "~/components/format";
import { useLocale } from "~/components/use-locale";
import { localeOfMatches } from "~/components/meta";
import { SelectAll } from "~/components/select-all";
import { QualifiedEntrants } from "~/components/qualified-entrants";
import { listQualifiedForCompetition } from "~/services/advancement/qualified-persons.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  data
    ? [
        {
          title: `${localized(localeOfMatches(matches), data.delegation.nameZh, data.delegation.nameEn)} · ${localized(localeOfMatches(matches), data.competition.nameZh, data.competition.nameEn)}`,
        },
      ]
    : [];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const scope = { competitionId: uuidParam(params, "competitionId"), delegationId: uuidParam(params, "delegationId") };
  const user = await requireRegistrar(request, context, scope);
  const board = notFoundUnless(await loadDelegationRegistrations(context.deps.db, scope.competitionId, scope.delegationId, context.deps.now()));
  const isOrganizer = canManageCompetition(user, scope.competitionId);
  // 已获晋级资格: the delegation's qualified persons (organizers see all).
  const qualified = await listQualifiedForCompetition(context.deps.db, scope.competitionId, isOrganizer ? null : scope.delegationId);
  return { ...board, isOrganizer, qualified };
}

type Problem = { row: number; field: RegistrationField | null; code: string; params: Record<string, string | number> };
type ActionReply =
  | { done: "saved" | "submitted" | "deleted" | "updated" | "imported"; count: number; repeated?: boolean }
  | { problems: Problem[]; values?: Record<string, string> }
  | { checked: { importId: string; rowCount: number; cleanRows: number; cleanEntries: number; rowsWithProblems: number; problems: Problem[] } }
  | { error: { code: string; params: Record<string, string | number> } };

const uuid = z.uuid();
const memberFields = registrationFields.filter((f) => f !== "skill" && f !== "group" && f !== "team");

/** The entry form's members as template rows: one per member, the skill and a team label shared. */
function rowsOfForm(form: FormData, skill: { nameZh: string; entrantGroup: string; teamSize: number }): RegistrationRowInput[] {
  const value = (name: string) => String(form.get(name) ?? "").trim();
  return Array.from({ length: skill.teamSize }, (_, i) => {
    const row = { row: i + 1, skill: skill.nameZh, group: skill.entrantGroup, team: skill.teamSize > 1 ? "T" : "" } as RegistrationRowInput;
    for (const field of memberFields) row[field] = value(`m${i}.${field}`);
    return row;
  });
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const reply = (body: ActionReply, init?: { status: number }) => data<ActionReply>(body, init);
  const scope = { competitionId: uuidParam(params, "competitionId"), delegationId: uuidParam(params, "delegationId") };
  const user = await requireRegistrar(request, context, scope);
  const contentLength = Number(request.headers.get("Content-Length") ?? 0);
  if (contentLength > maxRegistrationFileBytes + 64 * 1024)
    return reply({ error: { code: "IMPORT_TOO_LARGE", params: { maxMegabytes: maxRegistrationFileBytes / 1024 / 1024 } } }, { status: 413 });
  const form = await request.formData().catch(() => null);
  if (!form) return reply({ error: { code: "VALIDATION", params: {} } }, { status: 400 });
  const intent = form.get("intent");
  try {
    if (intent === "add" || intent === "update") {
      const board = notFoundUnless(await loadDelegationRegistrations(context.deps.db, scope.competitionId, scope.delegationId, context.deps.now()));
      const skill = board.skills.find((s) => s.id === form.get("skillId"));
      const values = Object.fromEntries([...form].filter((e): e is [string, string] => typeof e[1] === "string" && !e[0].endsWith(".idNumber")));
      if (!skill) return reply({ problems: [{ row: 1, field: "skill", code: "REQUIRED_FIELD", params: {} }], values }, { status: 400 });
      const rows = rowsOfForm(form, skill);
      if (intent === "update") {
        const registrationId = String(form.get("registrationId") ?? "");
        if (!uuid.safeParse(registrationId).success) throw new DomainError("NOT_FOUND");
        const result = await updateRegistration(context.deps, user, scope.competitionId, registrationId, { version: Number(form.get("version")), rows });
        if (!result.ok) return reply({ problems: result.check.problems, values }, { status: 400 });
        return reply({ done: "updated", count: 1 });
      }
      const result = await saveRegistrationRows(context.deps, user, scope, rows, { mode: "all", submit: false });
      if (!result.ok) return reply({ problems: result.check.problems, values }, { status: 400 });
      return reply({ done: "saved", count: result.created });
    }
    if (intent === "submit") {
      const ids = form
        .getAll("registrationId")
        .map(String)
        .filter((v) => uuid.safeParse(v).success);
      if (ids.length === 0) return reply({ error: { code: "NOTHING_SELECTED", params: {} } }, { status: 400 });
      const { submitted } = await submitRegistrations(context.deps, user, scope, { registrationIds: ids, documents: form.getAll("document").map(String) });
      return reply({ done: "submitted", count: submitted });
    }
    if (intent === "delete") {
      const id = String(form.get("registrationId") ?? "");
      if (!uuid.safeParse(id).success) throw new DomainError("NOT_FOUND");
      await deleteRegistration(context.deps, user, scope.competitionId, id);
      return reply({ done: "deleted", count: 1 });
    }
    if (intent === "check") {
      const file = form.get("file");
      if (!file || typeof file === "string" || file.size === 0) return reply({ error: { code: "NO_FILE", params: {} } }, { status: 400 });
      if (file.size > maxRegistrationFileBytes)
        return reply({ error: { code: "IMPORT_TOO_LARGE", params: { maxMegabytes: maxRegistrationFileBytes / 1024 / 1024 } } }, { status: 413 });
      const checked = await checkRegistrationImport(context.deps, user, scope, { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) });
      if (!checked.ok) return reply({ problems: checked.fileProblems.map((p) => ({ row: 0, field: null, code: p.code, params: p.params })) }, { status: 400 });
      return reply({
        checked: {
          importId: checked.importId,
          rowCount: checked.rowCount,
          cleanRows: checked.cleanRows,
          cleanEntries: checked.cleanEntries,
          rowsWithProblems: checked.rowsWithProblems.length,
          problems: checked.problems,
        },
      });
    }
    if (intent === "commit") {
      const importId = String(form.get("importId") ?? "");
      const mode = form.get("mode") === "clean_only" ? "clean_only" : "all";
      if (!uuid.safeParse(importId).success) throw new DomainError("NOT_FOUND");
      const result = await commitRegistrationImport(context.deps, user, scope, { importId, mode });
      if (!result.ok) return reply({ problems: result.check.problems }, { status: 409 });
      return reply({ done: "imported", count: result.imported, repeated: result.repeated });
    }
    return reply({ error: { code: "VALIDATION", params: {} } }, { status: 400 });
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return reply({ error: { code: error.code, params: error.params } }, { status: error.code === "FORBIDDEN" ? 403 : error.code === "NOT_FOUND" ? 404 : 409 });
  }
}

type Data = Awaited<ReturnType<typeof loader>>;

function useProblemText() {
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

function ProblemTable({ problems, rowLabel }: { problems: Problem[]; rowLabel: (row: number) => string }) {
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

function EntryForm({
  data,
  editing,
  problems,
  values,
}: {
  data: Data;
  editing: RegistrationRow | null;
  problems: Problem[];
  values: Record<string, string> | undefined;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const [skillId, setSkillId] = useState<string>(values?.skillId ?? editing?.skillId ?? "");
  const skill = data.skills.find((s) => s.id === skillId);
  const memberCount = skill?.teamSize ?? 1;
  const problemOf = (member: number, field: RegistrationField) => problems.find((p) => p.row === member + 1 && p.field === field);
  const text = useProblemText();
  const stored = (i: number, field: RegistrationField): string => {
    if (values?.[`m${i}.${field}`] !== undefined) return values[`m${i}.${field}`]!;
    const m = editing?.members[i];
    if (!m) return "";
    const byField: Partial<Record<RegistrationField, string>> = {
      name: m.name,
      gender: m.gender === "male" ? "男" : "女",
      birthDate: m.birthDate,
      phone: m.phone ?? "",
      employer: m.employer ?? "",
      occupation: m.occupation ?? "",
      skillLevel: m.skillLevel ?? "",
      postCategory: m.retirementCategory === "female_cadre" ? "管理岗位" : m.retirementCategory === "female_worker" ? "工人岗位" : "",
    };
    return byField[field] ?? "";
  };
  const field = (i: number, name: RegistrationField, control: (id: string, describedBy: string | undefined) => React.ReactNode, hint?: string) => {
    const id = `m${i}-${name}`;
    const problem = problemOf(i, name);
    const describedBy = [problem ? `${id}-error` : "", hint ? `${id}-hint` : ""].filter(Boolean).join(" ") || undefined;
    return (
      <div className={`field${problem ? " has-error" : ""}`}>
        <label htmlFor={id}>{t(`registration.fields.${name}`)}</label>
        {control(id, describedBy)}
        {hint ? (
          <small id={`${id}-hint`} className="hint">
            {hint}
          </small>
        ) : null}
        {problem ? (
          <small id={`${id}-error`} className="error">
            {text(problem)}
          </small>
        ) : null}
      </div>
    );
  };
  const otherProblems = problems.filter((p) => p.field === null || p.field === "skill" || p.field === "group" || p.field === "team");
  return (
    <Form method="post" className="stacked-form" aria-labelledby="entry-title" key={editing?.id ?? "new"}>
      <h2 id="entry-title">{editing ? t("registration.editTitle") : t("registration.addTitle")}</h2>
      <p className="hint">{t("registration.addHint")}</p>
      <input type="hidden" name="intent" value={editing ? "update" : "add"} />
      {editing ? (
        <>
          <input type="hidden" name="registrationId" value={editing.id} />
          <input type="hidden" name="version" value={editing.version} />
        </>
      ) : null}
      {otherProblems.length > 0 ? (
        <div className="form-errors" role="alert">
          {otherProblems.map((p, i) => (
            <p key={i}>{text(p)}</p>
          ))}
        </div>
      ) : problems.length > 0 ? (
        <div className="form-errors" role="alert">
          <p>{t("validation.formHasErrors", { count: problems.length })}</p>
        </div>
      ) : null}
      <div className="field">
        <label htmlFor="entry-skill">{t("registration.skill")}</label>
        <select id="entry-skill" name="skillId" required value={skillId} onChange={(e) => setSkillId(e.currentTarget.value)}>
          <option value="">{t("registration.choose")}</option>
          {data.skills.map((s) => (
            <option key={s.id} value={s.id}>
              {localized(locale, s.nameZh, s.nameEn)} · {t(`group.${s.entrantGroup}`)} ({t("registration.quotaUsed", { used: s.used, quota: s.quota })})
            </option>
          ))}
        </select>
      </div>
      {Array.from({ length: memberCount }, (_, i) => (
        <fieldset className="fieldset" key={`${skillId}-${i}`}>
          <legend>{memberCount > 1 ? t("registration.member", { n: i + 1 }) : t("registration.members")}</legend>
          <div className="field-grid">
            {field(i, "name", (id, d) => (
              <input
                id={id}
                name={`m${i}.name`}
                defaultValue={stored(i, "name")}
                required
                maxLength={100}
                autoComplete="off"
                aria-describedby={d}
                aria-invalid={problemOf(i, "name") ? true : undefined}
              />
            ))}
            {field(
              i,
              "idNumber",
              (id, d) => (
                <input
                  id={id}
                  name={`m${i}.idNumber`}
                  required={!editing}
                  maxLength={30}
                  autoComplete="off"
                  spellCheck={false}
                  className="code-text"
                  placeholder={editing?.members[i]?.idNumberMasked}
                  aria-describedby={d}
                  aria-invalid={problemOf(i, "idNumber") ? true : undefined}
                />
              ),
              editing ? editing.members[i]?.idNumberMasked : undefined,
            )}
            {field(i, "gender", (id, d) => (
              <select
                id={id}
                name={`m${i}.gender`}
                defaultValue={stored(i, "gender")}
                required
                aria-describedby={d}
                aria-invalid={problemOf(i, "gender") ? true : undefined}
              >
                <option value="">{t("registration.choose")}</option>
                <option value="男">{t("registration.gender.male")}</option>
                <option value="女">{t("registration.gender.female")}</option>
              </select>
            ))}
            {field(i, "birthDate", (id, d) => (
              <input
                id={id}
                type="date"
                name={`m${i}.birthDate`}
                defaultValue={stored(i, "birthDate")}
                required
                aria-describedby={d}
                aria-invalid={problemOf(i, "birthDate") ? true : undefined}
              />
            ))}
            {field(i, "postCategory", (id, d) => (
              <select
                id={id}
                name={`m${i}.postCategory`}
                defaultValue={stored(i, "postCategory")}
                aria-describedby={d}
                aria-invalid={problemOf(i, "postCategory") ? true : undefined}
              >
                <option value="">—</option>
                <option value="管理岗位">{t("registration.postCategory.cadre")}</option>
                <option value="工人岗位">{t("registration.postCategory.worker")}</option>
              </select>
            ))}
            {field(i, "phone", (id, d) => (
              <input
                id={id}
                type="tel"
                name={`m${i}.phone`}
                defaultValue={stored(i, "phone")}
                maxLength={20}
                aria-describedby={d}
                aria-invalid={problemOf(i, "phone") ? true : undefined}
              />
            ))}
            {field(i, "employer", (id, d) => (
              <input
                id={id}
                name={`m${i}.employer`}
                defaultValue={stored(i, "employer")}
                required
                maxLength={200}
                aria-describedby={d}
                aria-invalid={problemOf(i, "employer") ? true : undefined}
              />
            ))}
            {field(i, "occupation", (id, d) => (
              <input
                id={id}
                name={`m${i}.occupation`}
                defaultValue={stored(i, "occupation")}
                maxLength={100}
                aria-describedby={d}
                aria-invalid={problemOf(i, "occupation") ? true : undefined}
              />
            ))}
            {field(i, "skillLevel", (id, d) => (
              <select
                id={id}
                name={`m${i}.skillLevel`}
                defaultValue={stored(i, "skillLevel")}
                aria-describedby={d}
                aria-invalid={problemOf(i, "skillLevel") ? true : undefined}
              >
                <option value="">—</option>
                {(["level5", "level4", "level3", "level2", "level1", "special_technician", "chief_technician"] as const).map((l) => (
                  <option key={l} value={l}>
                    {t(`registration.skillLevel.${l}`)}
                  </option>
                ))}
              </select>
            ))}
          </div>
        </fieldset>
      ))}
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={busy || !skill}>
          {t("registration.saveDraft")}
        </button>
        {editing ? (
          <Link className="button" to=".">
            {t("admin.cancel")}
          </Link>
        ) : null}
      </div>
    </Form>
  );
}

function RegistrationCard({ r, selectable }: { r: RegistrationRow; selectable: boolean }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const editable = r.status === "draft" || r.status === "rejected";
  const days =
    formatDate(locale, r.startsAt.slice(0, 10)) === formatDate(locale, r.endsAt.slice(0, 10))
      ? formatDateTime(locale, r.startsAt)
      : `${formatDateTime(locale, r.startsAt)} – ${formatDateTime(locale, r.endsAt)}`;
  const names = r.members.map((m) => m.name).join("、");
  return (
    <li className="registration-card">
      <div className="card-head">
        {selectable && editable ? (
          <input
            type="checkbox"
            name="registrationId"
            value={r.id}
            form="submit-form"
            aria-label={`${t("registration.select")} ${names}`}
            className="big-check"
          />
        ) : null}
        <strong>{names}</strong>
        <span className={`badge${r.status === "approved" ? " ok" : r.status === "rejected" ? " warn" : ""}`}>{t(`registration.status.${r.status}`)}</span>
      </div>
      {r.rejectionReason ? <p className="form-errors">{t("registration.rejectedBecause", { reason: r.rejectionReason })}</p> : null}
      <dl className="card-facts">
        <dt>{t("registration.skill")}</dt>
        <dd>
          {localized(locale, r.skillNameZh, r.skillNameEn)} · {t(`group.${r.entrantGroup}`)}
        </dd>
        <dt>{t("registration.days")}</dt>
        <dd>
          {days}
          {r.venueArea ? ` · ${r.venueArea}` : ""}
        </dd>
        <dt>{t("registration.fields.idNumber")}</dt>
        <dd className="code-text">{r.members.map((m) => m.idNumberMasked).join(" ")}</dd>
        {r.registrationNo ? (
          <>
            <dt>{t("registration.registrationNo")}</dt>
            <dd className="code-text">{r.registrationNo}</dd>
            <dt>{t("registration.checkInNo")}</dt>
            <dd className="code-text">{r.checkInNo ?? t("registration.notDrawn")}</dd>
            <dt>{t("registration.workstation")}</dt>
            <dd className="code-text">{r.workstationNo ?? t("registration.notDrawn")}</dd>
          </>
        ) : null}
      </dl>
      {editable ? (
        <div className="form-actions">
          <Link className="button" to={`?edit=${r.id}#entry-title`}>
            {t("registration.edit")}
          </Link>
          <Form method="post" onSubmit={(e) => (window.confirm(t("registration.deleteConfirm")) ? undefined : e.preventDefault())}>
            <input type="hidden" name="intent" value="delete" />
            <input type="hidden" name="registrationId" value={r.id} />
            <button type="submit" className="button" disabled={busy}>
              {t("registration.delete")}
            </button>
          </Form>
        </div>
      ) : null}
    </li>
  );
}

export default function DelegationRegistration() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionReply | undefined;
  const { t } = useTranslation();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const [search] = useSearchParams();
  const text = useProblemText();
  const editing = data.registrations.find((r) => r.id === search.get("edit") && (r.status === "draft" || r.status === "rejected")) ?? null;
  const open = data.settings.window === "open" || data.isOrganizer;
  const submittable = data.registrations.filter((r) => r.status === "draft" || r.status === "rejected");
  const checked = result && "checked" in result ? result.checked : null;
  const problems = result && "problems" in result ? result.problems : [];
  const fromFile = problems.some((p) => p.row === 0) || (result && "problems" in result && !("values" in result));
  const base = `/registration/${data.competition.id}/${data.delegation.id}`;
  // A qualified person's details, taken over into the entry form (the ID number is typed).
  const prefill = editing ? null : (data.qualified.find((q) => q.id === search.get("prefill")) ?? null);
  const prefillSkill = prefill?.skillIds.find((id) => id === search.get("skill")) ?? prefill?.skillIds[0];
  const prefillValues = prefill
    ? {
        skillId: prefillSkill ?? "",
        "m0.name": prefill.prefill.name,
        "m0.gender": prefill.prefill.gender === "male" ? "男" : "女",
        "m0.birthDate": prefill.prefill.birthDate,
        "m0.employer": prefill.prefill.employer,
      }
    : undefined;
  return (
    <>
      <section className="panel hero compact">
        <p className="eyebrow">{localized(locale, data.competition.nameZh, data.competition.nameEn)}</p>
        <h1>
          {localized(locale, data.delegation.nameZh, data.delegation.nameEn)} · {t("registration.title")}
        </h1>
        <p className={`badge ${data.settings.window === "open" ? "ok" : "warn"}`} role="status">
          {data.settings.closesAt
            ? t(`registration.window.${data.settings.window}`, { closesAt: formatDateTime(locale, data.settings.closesAt) })
            : t("registration.windowNotSet")}
        </p>
        <p>{t("registration.intro")}</p>
        <h2 className="subsection">{t("registration.quotas")}</h2>
        <ul className="quota-list">
          {data.skills.map((s) => (
            <li key={s.id}>
              <span>
                {localized(locale, s.nameZh, s.nameEn)} · {t(`group.${s.entrantGroup}`)}
              </span>
              <span className={`badge${s.used >= s.quota ? " warn" : ""}`}>{t("registration.quotaUsed", { used: s.used, quota: s.quota })}</span>
            </li>
          ))}
        </ul>
      </section>

      {result && "done" in result ? (
        <p className="notice" role="status">
          {result.done === "imported" && result.repeated
            ? t("registration.importRepeated", { count: result.count })
            : t(`registration.${result.done}`, { count: result.count })}
        </p>
      ) : null}
      {result && "error" in result ? (
        <p className="form-errors" role="alert">
          {text(result.error)}
        </p>
      ) : null}

      <section className="panel" aria-labelledby="my-registrations">
        <h2 id="my-registrations">{t("registration.members")}</h2>
        {data.registrations.length === 0 ? <p>{t("registration.none")}</p> : null}
        <ul className="registration-list">
          {data.registrations.map((r) => (
            <RegistrationCard key={r.id} r={r} selectable={open} />
          ))}
        </ul>
        {open && submittable.length > 0 ? (
          <Form method="post" id="submit-form" className="stacked-form subsection" aria-labelledby="submit-title">
            <h3 id="submit-title">{t("registration.submitTitle")}</h3>
            <p className="hint">{t("registration.submitHint")}</p>
            <SelectAll formId="submit-form" name="registrationId" />
            <input type="hidden" name="intent" value="submit" />
            {data.settings.requiredDocuments.length === 0 ? <p>{t("registration.noDocuments")}</p> : null}
            {data.settings.requiredDocuments.map((d) => (
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
        ) : null}
      </section>

      {data.qualified.length > 0 || !data.isOrganizer ? (
        <QualifiedEntrants
          entrants={data.qualified}
          skills={data.skills}
          prefillHref={open ? (e, skillId) => `?prefill=${e.id}&skill=${skillId}#entry-title` : undefined}
        />
      ) : null}

      {open ? (
        <>
          <section className="panel">
            {prefill && !(result && "values" in result) ? (
              <p className="notice" role="status">
                {t("advancement.prefilled", { name: prefill.name })}
              </p>
            ) : null}
            <EntryForm
              key={prefill ? `${prefill.id}-${prefillSkill}` : "entry"}
              data={data}
              editing={editing}
              problems={fromFile || checked ? [] : problems}
              values={result && "values" in result ? result.values : prefillValues}
            />
          </section>
          <section className="panel" aria-labelledby="import-title">
            <h2 id="import-title">{t("registration.importTitle")}</h2>
            <p>{t("registration.importHint")}</p>
            <p>
              <a className="button" href={`${base}/template.xlsx`} download>
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
            {fromFile && problems.length > 0 ? <ProblemTable problems={problems} rowLabel={(row) => String(row)} /> : null}
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
        </>
      ) : null}
    </>
  );
}
