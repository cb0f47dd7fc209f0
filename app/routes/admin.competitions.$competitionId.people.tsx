// People & roles: grant a role in this competition (creating the account if new) or revoke one.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { listRoleAssignments, listDelegations, listSkills } from "~/services/queries.server";
import { personalRoles, roles } from "~/domain/access/roles";
import { localized } from "~/i18n/i18n";
import { requireOrganizer } from "~/web/require.server";
import { GrantRoleSchema, grantRole } from "~/services/accounts/grant-role.server";
import { revokeRole } from "~/services/accounts/revoke-role.server";
import { CreateApiTokenSchema, createApiToken } from "~/services/auth/api-tokens.server";
import { runFormAction, uuidParam } from "~/web/forms.server";
import { DataTable } from "~/components/data-table";
import { Fieldset, FormErrorSummary, SelectField, TextField } from "~/components/form";
import { formatDateTime } from "~/components/format";
import { useLocale } from "~/components/use-locale";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const competitionId = uuidParam(params, "competitionId");
  await requireOrganizer(request, context, competitionId);
  const db = context.deps.db;
  const [assignments, skills, delegations] = await Promise.all([
    listRoleAssignments(db, competitionId),
    listSkills(db, competitionId),
    listDelegations(db, competitionId),
  ]);
  return {
    assignments,
    skills: skills.map((s) => ({ id: s.id, nameZh: s.nameZh, nameEn: s.nameEn })),
    delegations: delegations.map((d) => ({ id: d.id, nameZh: d.nameZh, nameEn: d.nameEn })),
  };
}

const RevokeSchema = z.object({ roleAssignmentId: z.uuid() });

export async function action({ params, request, context }: ActionFunctionArgs) {
  const competitionId = uuidParam(params, "competitionId");
  const user = await requireOrganizer(request, context, competitionId);
  const intent = new URL(request.url).searchParams.get("intent");
  if (intent === "token") {
    return runFormAction(request, CreateApiTokenSchema, async (input) => {
      const { token } = await createApiToken(context.deps, user, competitionId, input);
      return { token };
    });
  }
  if (intent === "revoke") {
    return runFormAction(request, RevokeSchema, async ({ roleAssignmentId }) => {
      await revokeRole(context.deps, user, competitionId, roleAssignmentId);
      return { done: "revoked" as const };
    });
  }
  return runFormAction(request, GrantRoleSchema, async (input) => {
    await grantRole(context.deps, user, competitionId, input);
    return { done: "granted" as const };
  });
}

type Row = Awaited<ReturnType<typeof loader>>["assignments"][number];
const column = createColumnHelper<Row>();

export default function PeopleTab() {
  const { assignments, skills, delegations } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const { t } = useTranslation();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  // The token form's reply carries its `label`; the grant form has none.
  const replied = reply && "fieldErrors" in reply ? reply : undefined;
  const state = replied && !("label" in replied.values) ? replied : undefined;
  const tokenState = replied && "label" in replied.values ? replied : undefined;
  const issuedToken = reply && "token" in reply ? reply.token : null;
  const columns = useMemo(
    () => [
      column.accessor("displayName", { header: t("admin.people.columns.name") }),
      column.accessor("username", { header: t("admin.people.columns.username") }),
      column.accessor((a) => t(`role.${a.role}`), { id: "role", header: t("admin.people.columns.role") }),
      column.accessor(
        (a) =>
          a.skillNameZh
            ? localized(locale, a.skillNameZh, a.skillNameEn)
            : a.delegationNameZh
              ? localized(locale, a.delegationNameZh, a.delegationNameEn)
              : t("admin.people.wholeCompetition"),
        { id: "scope", header: t("admin.people.columns.scope") },
      ),
      column.accessor((a) => new Date(a.grantedAt).getTime(), {
        id: "grantedAt",
        header: t("admin.people.columns.grantedAt"),
        cell: (c) => formatDateTime(locale, c.row.original.grantedAt),
      }),
      column.display({
        id: "actions",
        header: t("admin.people.revoke"),
        cell: (c) => (
          <Form method="post" action="?intent=revoke">
            <input type="hidden" name="roleAssignmentId" value={c.row.original.id} />
            <button
              type="submit"
              className="button ghost small"
              aria-label={`${t("admin.people.revokeConfirm")}: ${c.row.original.displayName} · ${t(`role.${c.row.original.role}`)}`}
            >
              {t("admin.people.revoke")}
            </button>
          </Form>
        ),
      }),
    ],
    [t, locale],
  );
  return (
    <>
      <section className="panel">
        <h2>{t("admin.people.title")}</h2>
        <p>{t("admin.people.intro")}</p>
        <Form method="post" action="?intent=grant" noValidate className="stacked-form" key={reply && "done" in reply ? assignments.length : "form"}>
          <FormErrorSummary state={state} />
          {reply && "done" in reply ? (
            <p className="notice" role="status">
              {reply.done === "granted" ? t("admin.people.granted") : t("admin.saved")}
            </p>
          ) : null}
          <Fieldset legend={t("admin.people.grant")}>
            <TextField name="username" label={t("admin.people.username")} state={state} required maxLength={40} autoCapitalize="none" />
            <TextField name="displayName" label={t("admin.people.displayName")} state={state} maxLength={100} />
            <TextField name="password" label={t("admin.people.password")} type="password" autoComplete="new-password" state={state} maxLength={200} />
            <SelectField
              name="role"
              label={t("admin.people.role")}
              state={state}
              stored="judge"
              options={roles.map((r) => ({ value: r, label: t(`role.${r}`) }))}
              required
            />
            <SelectField
              name="skillId"
              label={t("admin.people.skill")}
              state={state}
              emptyOption={t("admin.people.wholeCompetition")}
              options={skills.map((s) => ({ value: s.id, label: localized(locale, s.nameZh, s.nameEn) }))}
            />
            <SelectField
              name="delegationId"
              label={t("admin.people.delegation")}
              state={state}
              emptyOption={t("admin.people.none")}
              options={delegations.map((d) => ({ value: d.id, label: localized(locale, d.nameZh, d.nameEn) }))}
            />
          </Fieldset>
          <div className="form-actions">
            <button type="submit" className="button primary" disabled={busy}>
              {t("admin.people.grant")}
            </button>
          </div>
        </Form>
      </section>
      <section className="panel">
        <DataTable data={assignments} columns={columns} caption={t("admin.people.title")} getRowId={(a) => a.id} />
      </section>
      <section className="panel">
        <h2>{t("admin.tokens.title")}</h2>
        <p>{t("admin.tokens.intro")}</p>
        {issuedToken ? (
          <output className="tablet-code" aria-live="polite">
            <small>{t("admin.tokens.issued")}</small>
            <code className="token">{issuedToken}</code>
          </output>
        ) : null}
        <Form method="post" action="?intent=token" noValidate className="stacked-form">
          <FormErrorSummary state={tokenState} />
          <Fieldset legend={t("admin.tokens.create")}>
            <TextField name="label" label={t("admin.tokens.label")} state={tokenState} required maxLength={100} />
            <TextField name="username" label={t("admin.people.username")} state={tokenState} required maxLength={40} autoCapitalize="none" />
            <SelectField
              name="role"
              label={t("admin.people.role")}
              state={tokenState}
              stored="organizer"
              options={roles.filter((r) => !personalRoles.has(r)).map((r) => ({ value: r, label: t(`role.${r}`) }))}
              required
            />
          </Fieldset>
          <div className="form-actions">
            <button type="submit" className="button" disabled={busy}>
              {t("admin.tokens.create")}
            </button>
          </div>
        </Form>
      </section>
    </>
  );
}
