// A judge's own marking teams in the plan in force: module, team-mates, aspects and the
// competitors' anonymous codes — nothing about other teams, never a name of a competitor.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { localized } from "~/i18n/i18n";
import { requireMarker } from "~/web/require.server";
import { notFoundUnless, uuidParam } from "~/web/forms.server";
import { loadMyAssignment } from "~/services/judging/judge-assignment.server";
import { getSkill } from "~/services/queries.server";
import { useLocale } from "~/components/use-locale";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const scope = { competitionId: uuidParam(params, "competitionId"), skillId: uuidParam(params, "skillId") };
  const user = await requireMarker(request, context, scope);
  const skill = notFoundUnless(await getSkill(context.deps.db, scope.competitionId, scope.skillId));
  return { skill: { nameZh: skill.nameZh, nameEn: skill.nameEn }, mine: await loadMyAssignment(context.deps.db, scope, user.userId) };
}

export default function MyAssignment() {
  const { skill, mine } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <section className="panel">
      <p className="eyebrow">{localized(locale, skill.nameZh, skill.nameEn)}</p>
      <h1>{t("assignment.mine")}</h1>
      {!mine || mine.teams.length === 0 ? <p>{t("assignment.noneForMe")}</p> : null}
      <ul className="registration-list">
        {mine?.teams.map((team) => (
          <li key={team.name} className="registration-card">
            <div className="card-head">
              <strong>{team.name}</strong>
              <span className="badge">
                {t("assignment.columns.module")} {team.moduleCode}
              </span>
            </div>
            <dl className="card-facts">
              <dt>{t("assignment.columns.members")}</dt>
              <dd>{team.members.join("、")}</dd>
              <dt>{t("assignment.columns.aspects")}</dt>
              <dd className="code-text">{team.aspectCodes.join(" ")}</dd>
              <dt>{t("assignment.columns.competitors")}</dt>
              <dd className="code-text">{team.competitorCodes.join(" ")}</dd>
            </dl>
          </li>
        ))}
      </ul>
    </section>
  );
}
