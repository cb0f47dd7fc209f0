// Registration 报名 for the organizer: the settings (window in Beijing time, quota, age cut-off,
// documents), each skill's rules, and the review table across delegations — filtered by skill,
// delegation and status, approve or return with a reason, export the roster to Excel.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { competitionLevels, skillLevels } from "~/domain/competition/ladder";
import { registrationStatuses, type RegistrationStatus } from "~/domain/registration/registrations";
import { instantToShanghaiLocal } from "~/domain/time";
import { localized } from "~/i18n/i18n";
import { requireOrganizer } from "~/web/require.server";
import { runFormAction, uuidParam } from "~/web/forms.server";
import { loadRegistrationReview, type RegistrationRow } from "~/services/registration/registration-board.server";
import {
  RegistrationSettingsInputSchema,
  SkillRegistrationRuleInputSchema,
  saveRegistrationSettings,
  saveSkillRegistrationRule,
} from "~/services/registration/registration-settings.server";
import { reviewRegistrations } from "~/services/registration/review-registrations.server";
import { optionalText, isUuid } from "~/domain/fields";
import { DataTable } from "~/components/data-table";
import { CheckboxField, FormErrorSummary, SelectField, TextField, type FormState } from "~/components/form";
import { formatDate, formatDateTime } from "~/components/format";
import { useLocale } from "~/components/use-locale";
import { SelectAll } from "~/components/select-all";
import { QualifiedEntrants } from "~/components/qualified-entrants";
import { listQualifiedForCompetition } from "~/services/advancement/qualified-persons.server";
import { registrationFiltersOf, reviewPageOf, reviewPageSize } from "~/domain/registration/review-filters";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const competitionId = uuidParam(params, "competitionId");
  await requireOrganizer(request, context, competitionId);
  const search = new URL(request.url).searchParams;
  const filters = registrationFiltersOf(search);
  const page = reviewPageOf(search);
  const review = await loadRegistrationReview(context.deps.db, competitionId, filters, context.deps.now(), {
    offset: (page - 1) * reviewPageSize,
    limit: reviewPageSize,
  });
  const qualified = await listQualifiedForCompetition(context.deps.db, competitionId, null);
  return { competitionId, filters, page, pages: Math.max(1, Math.ceil(review.total / reviewPageSize)), ...review, qualified };
}

const RuleFormSchema = SkillRegistrationRuleInputSchema.extend({ skillId: z.uuid() });
const ReviewFormSchema = z.object({ intent: z.enum(["approve", "reject"]), reason: optionalText(1000) });

export async function action({ params, request, context }: ActionFunctionArgs) {
  const competitionId = uuidParam(params, "competitionId");
  const user = await requireOrganizer(request, context, competitionId);
  const intent = (
    await request
      .clone()
      .formData()
      .catch(() => null)
  )?.get("intent");
  if (intent === "settings") {
    return runFormAction(request, RegistrationSettingsInputSchema, async (input) => {
      await saveRegistrationSettings(context.deps, user, competitionId, input);
      return { done: "settings" as const };
    });
  }
  if (intent === "rule") {
    return runFormAction(request, RuleFormSchema, async (input) => {
      await saveSkillRegistrationRule(context.deps, user, { competitionId, skillId: input.skillId }, input);
      return { done: "rule" as const };
    });
  }
  return runFormAction(request, ReviewFormSchema, async (input, form) => {
    const ids = form.getAll("registrationId").filter(isUuid);
    if (ids.length === 0) return { fieldErrors: { _form: { key: "review.nothingSelected" } }, values: {} };
    const { changed } = await reviewRegistrations(context.deps, user, competitionId, { registrationIds: ids, decision: input.intent, reason: input.reason });
    return { done: input.intent, count: changed };
  });
}

type Data = Awaited<ReturnType<typeof loader>>;
const column = createColumnHelper<RegistrationRow>();

function SettingsForm({ data, state }: { data: Data; state?: FormState }) {
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  const local = (iso: string | null) => (iso ? instantToShanghaiLocal(new Date(iso)) : null);
  const documents = data.settings.requiredDocuments.map((d) => (d.nameEn && d.nameEn !== d.nameZh ? `${d.nameZh} | ${d.nameEn}` : d.nameZh)).join("\n");
  return (
    <Form method="post" className="stacked-form" aria-labelledby="registration-settings">
      <input type="hidden" name="intent" value="settings" />
      <h3 id="registration-settings">{t("review.settingsTitle")}</h3>
      <div className="field-grid">
        <TextField
          type="datetime-local"
          name="opensAt"
          label={t("review.opensAt")}
          hint={t("review.windowHint")}
          state={state}
          stored={local(data.settings.opensAt)}
        />
        <TextField type="datetime-local" name="closesAt" label={t("review.closesAt")} state={state} stored={local(data.settings.closesAt)} />
        <TextField
          type="number"
          name="defaultQuota"
          label={t("review.defaultQuota")}
          state={state}
          stored={data.settings.defaultQuota}
          min={1}
          max={100}
          required
        />
        <TextField type="date" name="cutOffDate" label={t("review.cutOffDate")} hint={t("review.cutOffHint")} state={state} stored={data.settings.cutOffDate} />
      </div>
      <div className="field">
        <label htmlFor="required-documents">{t("review.requiredDocuments")}</label>
        <textarea
          id="required-documents"
          name="requiredDocuments"
          rows={3}
          defaultValue={state?.values?.requiredDocuments ?? documents}
          aria-describedby="required-documents-hint"
        />
        <small id="required-documents-hint" className="hint">
          {t("review.requiredDocumentsHint")}
        </small>
      </div>
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={busy}>
          {t("review.saveSettings")}
        </button>
      </div>
    </Form>
  );
}

function SkillRules({ data }: { data: Data }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const ruleOf = new Map(data.rules.map((r) => [r.skillId, r]));
  return (
    <details className="subsection">
      <summary>{t("review.skillRules")}</summary>
      <div className="rule-list">
        {data.skills.map((s) => {
          const rule = ruleOf.get(s.id);
          const name = `${localized(locale, s.nameZh, s.nameEn)} · ${t(`group.${s.entrantGroup}`)}`;
          return (
            <Form method="post" key={s.id} className="rule-row" aria-label={name}>
              <input type="hidden" name="intent" value="rule" />
              <input type="hidden" name="skillId" value={s.id} />
              <strong>{name}</strong>
              <TextField
                type="number"
                name="quota"
                label={t("review.quota")}
                placeholder={t("review.quotaDefault", { quota: data.settings.defaultQuota })}
                stored={rule?.quota ?? null}
                min={1}
                max={100}
              />
              <SelectField
                name="requiredSkillLevel"
                label={t("review.requiredLevel")}
                stored={rule?.requiredSkillLevel ?? ""}
                emptyOption={t("review.noLevel")}
                options={skillLevels.map((l) => ({ value: l, label: t(`registration.skillLevel.${l}`) }))}
              />
              <CheckboxField name="requireLocality" label={t("review.locality")} stored={rule?.requireLocality ?? true} />
              <CheckboxField name="requireOccupation" label={t("review.occupation")} stored={rule?.requireOccupation ?? false} />
              <SelectField
                name="requiredResultLevel"
                label={t("review.resultLevel")}
                stored={rule?.requiredResultLevel ?? ""}
                emptyOption={t("review.noResult")}
                options={competitionLevels.filter((l) => l !== "worldskills").map((l) => ({ value: l, label: t(`level.${l}`) }))}
              />
              <TextField type="number" name="requiredResultRank" label={t("review.resultRank")} stored={rule?.requiredResultRank ?? null} min={1} max={100} />
              <button type="submit" className="button" disabled={busy}>
                {t("review.saveRule")}
              </button>
            </Form>
          );
        })}
      </div>
    </details>
  );
}

function ReviewPager({ data, query }: { data: Data; query: string }) {
  const { t } = useTranslation();
  const href = (page: number) => `?${[query, `page=${page}`].filter(Boolean).join("&")}`;
  const first = (data.page - 1) * reviewPageSize + 1;
  return (
    <nav className="table-pager" aria-label={t("review.pages")}>
      <span>{t("review.range", { first, last: first + data.registrations.length - 1, total: data.total })}</span>
      {data.page > 1 ? (
        <Link className="button" to={href(data.page - 1)}>
          {t("table.previous")}
        </Link>
      ) : null}
      <span>{t("table.page", { page: data.page, pages: data.pages })}</span>
      {data.page < data.pages ? (
        <Link className="button" to={href(data.page + 1)}>
          {t("table.next")}
        </Link>
      ) : null}
    </nav>
  );
}

export function statusBadge(status: RegistrationStatus): string {
  return `badge${status === "approved" ? " ok" : status === "rejected" ? " warn" : ""}`;
}

export default function RegistrationsTab() {
  const data = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const { t } = useTranslation();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const state = reply && "fieldErrors" in reply ? (reply as FormState) : undefined;
  const base = `/admin/competitions/${data.competitionId}`;
  const query = new URLSearchParams(Object.entries(data.filters).filter((e): e is [string, string] => e[1] !== null)).toString();
  const columns = useMemo(
    () => [
      column.display({
        id: "select",
        header: t("registration.select"),
        cell: (c) =>
          c.row.original.status === "submitted" ? (
            <input
              type="checkbox"
              className="big-check"
              name="registrationId"
              value={c.row.original.id}
              form="review-form"
              aria-label={`${t("registration.select")} ${c.row.original.members.map((m) => m.name).join("、")}`}
            />
          ) : null,
      }),
      column.accessor((r) => t(`registration.status.${r.status}`), {
        id: "status",
        header: t("registration.statusLabel"),
        cell: (c) => (
          <>
            <span className={statusBadge(c.row.original.status)}>{c.getValue()}</span>
            {c.row.original.rejectionReason ? <small className="hint block">{c.row.original.rejectionReason}</small> : null}
          </>
        ),
      }),
      column.accessor((r) => `${localized(locale, r.skillNameZh, r.skillNameEn)} · ${t(`group.${r.entrantGroup}`)}`, {
        id: "skill",
        header: t("registration.skill"),
      }),
      column.accessor((r) => localized(locale, r.delegationNameZh, r.delegationNameEn), { id: "delegation", header: t("registration.delegation") }),
      column.accessor((r) => r.members.map((m) => m.name).join("、"), {
        id: "name",
        header: t("registration.fields.name"),
        // Each name opens the person's pathway 成长路径.
        cell: (c) =>
          c.row.original.members.map((m, i) => (
            <span key={m.personId}>
              {i > 0 ? "、" : ""}
              <a href={`/people/${m.personId}`}>{m.name}</a>
            </span>
          )),
      }),
      column.accessor((r) => r.members.map((m) => m.idNumberMasked).join(" "), {
        id: "id",
        header: t("registration.fields.idNumber"),
        cell: (c) => <span className="code-text">{c.getValue()}</span>,
      }),
      column.accessor((r) => r.members.map((m) => formatDate(locale, m.birthDate)).join(" "), { id: "birthDate", header: t("registration.fields.birthDate") }),
      column.accessor((r) => r.members.map((m) => m.employer ?? "").join("、"), { id: "employer", header: t("registration.fields.employer") }),
      column.accessor((r) => r.members.map((m) => (m.skillLevel ? t(`registration.skillLevel.${m.skillLevel}`) : "—")).join("、"), {
        id: "skillLevel",
        header: t("registration.fields.skillLevel"),
      }),
      column.accessor((r) => r.registrationNo ?? "", { id: "registrationNo", header: t("registration.registrationNo") }),
      column.accessor((r) => (r.submittedAt ? formatDateTime(locale, r.submittedAt) : ""), { id: "submittedAt", header: t("review.submittedAt") }),
    ],
    [t, locale],
  );
  const done = reply && "done" in reply ? reply : null;
  const counts = { draft: 0, submitted: 0, approved: 0, rejected: 0, ...data.counts };
  return (
    <>
      <section className="panel">
        <h2>{t("review.title")}</h2>
        <p>{t("review.intro")}</p>
        <p className={`badge ${data.settings.window === "open" ? "ok" : "warn"}`} role="status">
          {data.settings.closesAt
            ? t(`registration.window.${data.settings.window}`, { closesAt: formatDateTime(locale, data.settings.closesAt) })
            : t("registration.windowNotSet")}
        </p>
        <FormErrorSummary state={state} />
        {done?.done === "settings" ? (
          <p className="notice" role="status">
            {t("review.settingsSaved")}
          </p>
        ) : null}
        {done?.done === "rule" ? (
          <p className="notice" role="status">
            {t("review.ruleSaved")}
          </p>
        ) : null}
        <details className="subsection" open={data.settings.opensAt === null}>
          <summary>{t("review.settingsTitle")}</summary>
          <SettingsForm data={data} state={state && (reply as { values?: Record<string, string> }).values?.intent === "settings" ? state : undefined} />
        </details>
        <SkillRules data={data} />
      </section>
      {data.qualified.length > 0 ? <QualifiedEntrants entrants={data.qualified} skills={data.skills} /> : null}
      <section className="panel" aria-labelledby="review-table">
        <h2 id="review-table">{t("review.roster")}</h2>
        <Form method="get" className="filter-bar" aria-label={t("review.filters")}>
          <SelectField
            name="skill"
            label={t("registration.skill")}
            stored={data.filters.skillId}
            emptyOption={t("review.all")}
            options={data.skills.map((s) => ({ value: s.id, label: `${localized(locale, s.nameZh, s.nameEn)} · ${t(`group.${s.entrantGroup}`)}` }))}
          />
          <SelectField
            name="delegation"
            label={t("registration.delegation")}
            stored={data.filters.delegationId}
            emptyOption={t("review.all")}
            options={data.delegations.map((d) => ({ value: d.id, label: localized(locale, d.nameZh, d.nameEn) }))}
          />
          <SelectField
            name="status"
            label={t("registration.statusLabel")}
            stored={data.filters.status}
            emptyOption={t("review.all")}
            options={registrationStatuses.map((s) => ({ value: s, label: t(`registration.status.${s}`) }))}
          />
          <button type="submit" className="button">
            {t("review.apply")}
          </button>
          <a className="button" href={`${base}/registrations.xlsx${query ? `?${query}` : ""}`} download>
            {t("review.exportRoster")}
          </a>
        </Form>
        <p role="status">{t("review.counts", counts)}</p>
        {done && (done.done === "approve" || done.done === "reject") ? (
          <p className="notice" role="status">
            {t(done.done === "approve" ? "review.approved" : "review.rejected", { count: "count" in done ? done.count : 0 })}
          </p>
        ) : null}
        {data.pages > 1 ? <ReviewPager data={data} query={query} /> : null}
        {data.registrations.length === 0 ? (
          <p>{t("registration.none")}</p>
        ) : (
          <DataTable data={data.registrations} columns={columns} caption={t("review.roster")} pageSize={reviewPageSize} getRowId={(r) => r.id} />
        )}
        <Form method="post" id="review-form" className="stacked-form review-actions" aria-label={t("review.title")}>
          <SelectAll formId="review-form" name="registrationId" />
          <TextField name="reason" label={t("review.reason")} hint={t("review.reasonHint")} state={state} maxLength={1000} />
          <div className="form-actions">
            <button type="submit" name="intent" value="approve" className="button primary" disabled={busy}>
              {t("review.approveSelected")}
            </button>
            <button type="submit" name="intent" value="reject" className="button" disabled={busy}>
              {t("review.rejectSelected")}
            </button>
          </div>
        </Form>
        <h3 className="subsection">{t("review.registerFor")}</h3>
        <ul className="link-list">
          {data.delegations.map((d) => (
            <li key={d.id}>
              <Link to={`/registration/${data.competitionId}/${d.id}`}>{localized(locale, d.nameZh, d.nameEn)}</Link>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
