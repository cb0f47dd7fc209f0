// One route for adding ("new") and editing a skill.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getCompetition, getSkill } from "~/services/queries.server";
import { requireOrganizer } from "~/web/require.server";
import { SkillInputSchema } from "~/domain/competition/inputs";
import { saveSkill } from "~/services/competitions/save-skill.server";
import { notFoundUnless, runFormAction, uuidParam } from "~/web/forms.server";
import { SkillForm } from "~/components/skill-form";

function skillIdOf(params: Record<string, string | undefined>): string | null {
  return params.skillId === "new" ? null : uuidParam(params, "skillId");
}

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const competitionId = uuidParam(params, "competitionId");
  const skillId = skillIdOf(params);
  await requireOrganizer(request, context, competitionId);
  const competition = notFoundUnless(await getCompetition(context.deps.db, competitionId));
  const skill = skillId ? notFoundUnless(await getSkill(context.deps.db, competitionId, skillId)) : null;
  return { competitionId, skill, defaultDay: competition.startsOn };
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const competitionId = uuidParam(params, "competitionId");
  const skillId = skillIdOf(params);
  const user = await requireOrganizer(request, context, competitionId);
  return runFormAction(request, SkillInputSchema, async (input) => {
    await saveSkill(context.deps, user, competitionId, input, skillId);
    return redirect(`/admin/competitions/${competitionId}/skills`);
  });
}

export default function SkillPage() {
  const { competitionId, skill, defaultDay } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <section className="panel">
      <SkillForm stored={skill} state={state} defaultDay={defaultDay} title={t(skill ? "admin.skillForm.editTitle" : "admin.skillForm.newTitle")} />
      {skill ? (
        <p className="subsection">
          <Link to={`/judging/${competitionId}/${skill.id}/scheme`}>{t("judging.scheme")}</Link> ·{" "}
          <Link to={`/judging/${competitionId}/${skill.id}/results`}>{t("judging.results")}</Link> ·{" "}
          <Link to={`/judging/${competitionId}/${skill.id}/score-sheets`}>{t("scoreSheets.link")}</Link> ·{" "}
          <Link to={`/admin/competitions/${competitionId}/live`}>{t("live.controls.title")}</Link> ·{" "}
          <Link to={`/live/${competitionId}/${skill.id}`}>{t("live.title")}</Link>
        </p>
      ) : null}
    </section>
  );
}
