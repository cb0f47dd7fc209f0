// A delegation's registration 报名 page, for its team leader (and the organizer): the window and
// the documents to supply, the quota of each skill, every registration as a card (status, the
// reason it was returned, registration, check-in and workstation numbers once drawn, the days),
// entering one competitor or team, importing the Excel template (checked first, nothing imported
// until the leader chooses), and submitting drafts for review. Laid out for a phone first.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { canManageCompetition } from "~/domain/access/policy";
import { isUuid } from "~/domain/fields";
import { maxRegistrationFileBytes, registrationFields, type RegistrationRowInput } from "~/domain/registration/registrations";
import { localized } from "~/i18n/i18n";
import { requireRegistrar } from "~/web/require.server";
import { notFoundUnless, uuidParam, replyToRefusal } from "~/web/forms.server";
import { loadDelegationRegistrations } from "~/services/registration/registration-board.server";
import { checkRegistrationImport } from "~/services/registration/check-registration-import.server";
import { commitRegistrationImport } from "~/services/registration/commit-registration-import.server";
import { deleteRegistration } from "~/services/registration/delete-registration.server";
import { saveRegistrationRows } from "~/services/registration/save-registration-rows.server";
import { submitRegistrations } from "~/services/registration/submit-registrations.server";
import { updateRegistration } from "~/services/registration/update-registration.server";
import { listQualifiedForCompetition } from "~/services/advancement/qualified-persons.server";
import { formatDateTime } from "~/components/format";
import { useLocale } from "~/components/use-locale";
import { localeOfMatches } from "~/components/meta";
import { QualifiedEntrants } from "~/components/qualified-entrants";
import { EntryForm } from "~/components/registration/entry-form";
import { ImportPanel, type CheckedImport } from "~/components/registration/import-panel";
import { useProblemText, type Problem } from "~/components/registration/problems";
import { RegistrationCard } from "~/components/registration/registration-card";
import { SubmitPanel } from "~/components/registration/submit-panel";

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

type ActionReply =
  | { done: "saved" | "submitted" | "deleted" | "updated" | "imported"; count: number; repeated?: boolean }
  | { problems: Problem[]; values?: Record<string, string> }
  | { checked: CheckedImport }
  | { error: { code: string; params: Record<string, string | number> } };

/** A file input's value (a Blob with a name); anything else is no file. */
const FileField = z
  .custom<File>((v) => typeof v === "object" && v !== null && typeof (v as Blob).arrayBuffer === "function")
  .nullable()
  .catch(null);
// One schema per intent. The entry form's member fields (`m0.name`, …) stay on the object: the
// skill chosen says how many members there are.
const AddRegistrationSchema = z.looseObject({ intent: z.literal("add"), skillId: z.string().catch("") });
const UpdateRegistrationSchema = AddRegistrationSchema.extend({ intent: z.literal("update"), registrationId: z.uuid(), version: z.coerce.number().int() });
const SubmitRegistrationsSchema = z.object({
  intent: z.literal("submit"),
  registrationId: z.array(z.string()).transform((ids) => ids.filter(isUuid)),
  document: z.array(z.string()),
});
const DeleteRegistrationSchema = z.object({ intent: z.literal("delete"), registrationId: z.uuid() });
const CheckRegistrationImportSchema = z.object({ intent: z.literal("check"), file: FileField });
const CommitRegistrationImportSchema = z.object({ intent: z.literal("commit"), importId: z.uuid(), mode: z.enum(["all", "clean_only"]).catch("all") });
const RegistrationFormSchema = z.discriminatedUnion("intent", [
  AddRegistrationSchema,
  UpdateRegistrationSchema,
  SubmitRegistrationsSchema,
  DeleteRegistrationSchema,
  CheckRegistrationImportSchema,
  CommitRegistrationImportSchema,
]);
/** Fields a form repeats (the selected registrations, the documents declared). */
const repeatedFields = new Set(["registrationId", "document"]);

/** The form as one object: each field's first value, the repeated ones as lists (a single id too, for the delete and edit forms). */
function formFields(form: FormData): Record<string, unknown> {
  const fields: Record<string, unknown> = { registrationId: [], document: [] };
  for (const [key, value] of form.entries()) {
    if (repeatedFields.has(key)) (fields[key] as unknown[]).push(value);
    else if (!(key in fields)) fields[key] = value;
  }
  if (form.get("intent") !== "submit") fields.registrationId = form.get("registrationId") ?? undefined;
  return fields;
}

const memberFields = registrationFields.filter((f) => f !== "skill" && f !== "group" && f !== "team");

/** The entry form's members as template rows: one per member, the skill and a team label shared. */
function rowsOfForm(fields: Record<string, unknown>, skill: { nameZh: string; entrantGroup: string; teamSize: number }): RegistrationRowInput[] {
  const value = (name: string) => (typeof fields[name] === "string" ? (fields[name] as string).trim() : "");
  return Array.from({ length: skill.teamSize }, (_, i) => {
    const row = { row: i + 1, skill: skill.nameZh, group: skill.entrantGroup, team: skill.teamSize > 1 ? "T" : "" } as RegistrationRowInput;
    for (const field of memberFields) row[field] = value(`m${i}.${field}`);
    return row;
  });
}

const tooLarge = { code: "IMPORT_TOO_LARGE", params: { maxMegabytes: maxRegistrationFileBytes / 1024 / 1024 } };

export async function action({ params, request, context }: ActionFunctionArgs) {
  const reply = (body: ActionReply, init?: { status: number }) => data<ActionReply>(body, init);
  const scope = { competitionId: uuidParam(params, "competitionId"), delegationId: uuidParam(params, "delegationId") };
  const user = await requireRegistrar(request, context, scope);
  if (Number(request.headers.get("Content-Length") ?? 0) > maxRegistrationFileBytes + 64 * 1024) return reply({ error: tooLarge }, { status: 413 });
  const form = await request.formData().catch(() => null);
  if (!form) return reply({ error: { code: "VALIDATION", params: {} } }, { status: 400 });
  const parsed = RegistrationFormSchema.safeParse(formFields(form));
  if (!parsed.success) {
    // A malformed id is an id that does not exist.
    const badId = parsed.error.issues.some((i) => i.path[0] === "registrationId" || i.path[0] === "importId");
    return reply({ error: { code: badId ? "NOT_FOUND" : "VALIDATION", params: {} } }, { status: badId ? 404 : 400 });
  }
  const input = parsed.data;
  try {
    switch (input.intent) {
      case "add":
      case "update": {
        const board = notFoundUnless(await loadDelegationRegistrations(context.deps.db, scope.competitionId, scope.delegationId, context.deps.now()));
        const skill = board.skills.find((s) => s.id === input.skillId);
        const values = Object.fromEntries([...form].filter((e): e is [string, string] => typeof e[1] === "string" && !e[0].endsWith(".idNumber")));
        if (!skill) return reply({ problems: [{ row: 1, field: "skill", code: "REQUIRED_FIELD", params: {} }], values }, { status: 400 });
        const rows = rowsOfForm(input, skill);
        if (input.intent === "update") {
          const result = await updateRegistration(context.deps, user, scope.competitionId, input.registrationId, { version: input.version, rows });
          if (!result.ok) return reply({ problems: result.check.problems, values }, { status: 400 });
          return reply({ done: "updated", count: 1 });
        }
        const result = await saveRegistrationRows(context.deps, user, scope, rows, { mode: "all", submit: false });
        if (!result.ok) return reply({ problems: result.check.problems, values }, { status: 400 });
        return reply({ done: "saved", count: result.created });
      }
      case "submit": {
        if (input.registrationId.length === 0) return reply({ error: { code: "NOTHING_SELECTED", params: {} } }, { status: 400 });
        const { submitted } = await submitRegistrations(context.deps, user, scope, { registrationIds: input.registrationId, documents: input.document });
        return reply({ done: "submitted", count: submitted });
      }
      case "delete":
        await deleteRegistration(context.deps, user, scope.competitionId, input.registrationId);
        return reply({ done: "deleted", count: 1 });
      case "check": {
        const file = input.file;
        if (!file || file.size === 0) return reply({ error: { code: "NO_FILE", params: {} } }, { status: 400 });
        if (file.size > maxRegistrationFileBytes) return reply({ error: tooLarge }, { status: 413 });
        const checked = await checkRegistrationImport(context.deps, user, scope, { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) });
        if (!checked.ok)
          return reply({ problems: checked.fileProblems.map((p) => ({ row: 0, field: null, code: p.code, params: p.params })) }, { status: 400 });
        const { importId, rowCount, cleanRows, cleanEntries, rowsWithProblems, problems } = checked;
        return reply({ checked: { importId, rowCount, cleanRows, cleanEntries, rowsWithProblems: rowsWithProblems.length, problems } });
      }
      case "commit": {
        const result = await commitRegistrationImport(context.deps, user, scope, { importId: input.importId, mode: input.mode });
        if (!result.ok) return reply({ problems: result.check.problems }, { status: 409 });
        return reply({ done: "imported", count: result.imported, repeated: result.repeated });
      }
    }
  } catch (error) {
    return replyToRefusal(error, (refusal): ActionReply => ({ error: refusal }));
  }
}

export default function DelegationRegistration() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionReply | undefined;
  const { t } = useTranslation();
  const locale = useLocale();
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
        {open && submittable.length > 0 ? <SubmitPanel documents={data.settings.requiredDocuments} /> : null}
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
              skills={data.skills}
              editing={editing}
              problems={fromFile || checked ? [] : problems}
              values={result && "values" in result ? result.values : prefillValues}
            />
          </section>
          <ImportPanel templateHref={`${base}/template.xlsx`} fileProblems={fromFile ? problems : []} checked={checked} />
        </>
      ) : null}
    </>
  );
}
