// /me/api-tokens — a judge, chief judge, supervisor or arbitrator makes an API token for their own
// device, signed in as themselves: a token of a personal role is never made by someone else.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { personalRoles, roles } from "~/domain/access/roles";
import { localized } from "~/i18n/i18n";
import { requireUser } from "~/web/require.server";
import { createApiToken } from "~/services/auth/api-tokens.server";
import { runFormAction } from "~/web/forms.server";
import { listCompetitionsByIds } from "~/services/queries.server";
import { choice, text } from "~/domain/fields";
import { Fieldset, FormErrorSummary, SelectField, TextField } from "~/components/form";
import { useLocale } from "~/components/use-locale";

const CreateOwnApiTokenSchema = z.object({
  label: text(100),
  competitionId: z.uuid({ message: "invalidChoice" }),
  role: choice(roles),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const own = user.grants.filter((g) => personalRoles.has(g.role));
  const competitions = await listCompetitionsByIds(context.deps.db, [...new Set(own.map((g) => g.competitionId))]);
  return {
    competitions: competitions.map((c) => ({ id: c.id, nameZh: c.nameZh, nameEn: c.nameEn })),
    roles: [...new Set(own.map((g) => g.role))],
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  return runFormAction(request, CreateOwnApiTokenSchema, async ({ competitionId, ...input }) => {
    const { token } = await createApiToken(context.deps, user, competitionId, { ...input, username: user.username });
    return { token };
  });
}

export default function MyApiTokens() {
  const { competitions, roles: myRoles } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const { t } = useTranslation();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const state = reply && "fieldErrors" in reply ? reply : undefined;
  const issuedToken = reply && "token" in reply ? reply.token : null;
  return (
    <section className="panel">
      <h1>{t("me.tokens.title")}</h1>
      <p>{t("me.tokens.intro")}</p>
      {issuedToken ? (
        <output className="tablet-code" aria-live="polite">
          <small>{t("admin.tokens.issued")}</small>
          <code className="token">{issuedToken}</code>
        </output>
      ) : null}
      {competitions.length === 0 ? (
        <p>{t("me.tokens.none")}</p>
      ) : (
        <Form method="post" noValidate className="stacked-form">
          <FormErrorSummary state={state} />
          <Fieldset legend={t("admin.tokens.create")}>
            <TextField name="label" label={t("admin.tokens.label")} state={state} required maxLength={100} />
            <SelectField
              name="competitionId"
              label={t("me.tokens.competition")}
              state={state}
              options={competitions.map((c) => ({ value: c.id, label: localized(locale, c.nameZh, c.nameEn) }))}
              required
            />
            <SelectField
              name="role"
              label={t("admin.people.role")}
              state={state}
              options={myRoles.map((r) => ({ value: r, label: t(`role.${r}`) }))}
              required
            />
          </Fieldset>
          <div className="form-actions">
            <button type="submit" className="button primary" disabled={busy}>
              {t("admin.tokens.create")}
            </button>
          </div>
        </Form>
      )}
    </section>
  );
}
