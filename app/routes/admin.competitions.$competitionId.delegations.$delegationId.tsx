// One route for adding ("new") and editing a delegation.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getDelegation, listDelegations } from "~/services/queries.server";
import { requireOrganizer } from "~/web/require.server";
import { DelegationInputSchema } from "~/domain/competition/inputs";
import { saveDelegation } from "~/services/competitions/save-delegation.server";
import { notFoundUnless, runFormAction, uuidParam } from "~/web/forms.server";
import { DelegationForm } from "~/components/delegation-form";
import { Fieldset, TextField } from "~/components/form";

function delegationIdOf(params: Record<string, string | undefined>): string | null {
  return params.delegationId === "new" ? null : uuidParam(params, "delegationId");
}

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const competitionId = uuidParam(params, "competitionId");
  const delegationId = delegationIdOf(params);
  await requireOrganizer(request, context, competitionId);
  const delegation = delegationId ? notFoundUnless(await getDelegation(context.deps.db, competitionId, delegationId)) : null;
  const teamLeaders = delegationId ? ((await listDelegations(context.deps.db, competitionId)).find((d) => d.id === delegationId)?.teamLeaders ?? []) : [];
  return { competitionId, delegation, teamLeaders };
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const competitionId = uuidParam(params, "competitionId");
  const delegationId = delegationIdOf(params);
  const user = await requireOrganizer(request, context, competitionId);
  return runFormAction(request, DelegationInputSchema, async (input) => {
    await saveDelegation(context.deps, user, competitionId, input, delegationId);
    return redirect(`/admin/competitions/${competitionId}/delegations`);
  });
}

export default function DelegationPage() {
  const { competitionId, delegation, teamLeaders } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <section className="panel">
      <DelegationForm stored={delegation} state={state} title={t(delegation ? "admin.delegationForm.editTitle" : "admin.delegationForm.newTitle")} />
      {delegation ? (
        <div className="subsection">
          <h3>{t("admin.delegationForm.teamLeaders")}</h3>
          <p>{teamLeaders.length ? teamLeaders.join("、") : t("admin.people.none")}</p>
          {/* Granted through People & roles, which shows the outcome. */}
          <Form method="post" action={`/admin/competitions/${competitionId}/people?intent=grant`} className="stacked-form">
            <input type="hidden" name="role" value="team_leader" />
            <input type="hidden" name="delegationId" value={delegation.id} />
            <Fieldset legend={t("admin.delegationForm.addTeamLeader")}>
              <TextField name="username" label={t("admin.people.username")} required maxLength={40} autoCapitalize="none" />
              <TextField name="displayName" label={t("admin.people.displayName")} maxLength={100} />
              <TextField name="password" label={t("admin.people.password")} type="password" autoComplete="new-password" maxLength={200} />
            </Fieldset>
            <div className="form-actions">
              <button type="submit" className="button">
                {t("admin.people.grant")}
              </button>
            </div>
          </Form>
        </div>
      ) : null}
    </section>
  );
}
