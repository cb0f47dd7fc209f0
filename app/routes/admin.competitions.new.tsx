import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireCompetitionCreator } from "~/web/require.server";
import { CompetitionInputSchema } from "~/domain/competition/inputs";
import { saveCompetition } from "~/services/competitions/save-competition.server";
import { runFormAction } from "~/web/forms.server";
import { CompetitionForm } from "~/components/competition-form";
import { titled } from "~/components/meta";

export const meta: MetaFunction = ({ matches }) => titled(matches, "admin.newCompetition");

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireCompetitionCreator(request, context);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireCompetitionCreator(request, context);
  return runFormAction(request, CompetitionInputSchema, async (input) => {
    const { competitionId } = await saveCompetition(context.deps, user, input, null);
    return redirect(`/admin/competitions/${competitionId}/skills`);
  });
}

export default function NewCompetitionPage() {
  const { t } = useTranslation();
  const state = useActionData<typeof action>();
  return (
    <section className="panel">
      <h1>{t("admin.newCompetition")}</h1>
      <CompetitionForm stored={null} state={state} submitLabel={t("admin.save")} />
    </section>
  );
}
