import type { ActionFunctionArgs } from "@remix-run/node";
import { useActionData, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireOrganizer } from "~/web/require.server";
import { CompetitionInputSchema } from "~/domain/competition/inputs";
import { saveCompetition } from "~/services/competitions/save-competition.server";
import { runFormAction, uuidParam } from "~/web/forms.server";
import { CompetitionForm } from "~/components/competition-form";
import type { loader as workspaceLoader } from "./admin.competitions.$competitionId";

export async function action({ params, request, context }: ActionFunctionArgs) {
  const competitionId = uuidParam(params, "competitionId");
  const user = await requireOrganizer(request, context, competitionId);
  return runFormAction(request, CompetitionInputSchema, async (input) => {
    await saveCompetition(context.deps, user, input, competitionId);
    return { saved: true };
  });
}

export default function CompetitionSettings() {
  const data = useRouteLoaderData<typeof workspaceLoader>("routes/admin.competitions.$competitionId");
  const reply = useActionData<typeof action>();
  const { t } = useTranslation();
  if (!data) return null;
  const state = reply && "fieldErrors" in reply ? reply : undefined;
  return (
    <section className="panel">
      {reply && "saved" in reply ? (
        <p className="notice" role="status">
          {t("admin.saved")}
        </p>
      ) : null}
      <CompetitionForm key={JSON.stringify(data.competition)} stored={data.competition} state={state} submitLabel={t("admin.save")} />
    </section>
  );
}
