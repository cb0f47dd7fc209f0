// The organizer's workspace for one competition: its tabs and the competition every tab uses.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getCompetition } from "~/services/queries.server";
import { readRuleSettings } from "~/domain/competition/rule-settings";
import { localized } from "~/i18n/i18n";
import { requireOrganizer } from "~/web/require.server";
import { notFoundUnless, uuidParam } from "~/web/forms.server";
import { localeOfMatches } from "~/components/meta";
import { useLocale } from "~/components/use-locale";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  data ? [{ title: localized(localeOfMatches(matches), data.competition.nameZh, data.competition.nameEn) }] : [];

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const competitionId = uuidParam(params, "competitionId");
  await requireOrganizer(request, context, competitionId);
  const competition = notFoundUnless(await getCompetition(context.deps.db, competitionId));
  return { competition: { ...competition, ruleSettings: readRuleSettings(competition.ruleSettings) } };
}

export default function CompetitionWorkspace() {
  const { competition } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const locale = useLocale();
  const base = `/admin/competitions/${competition.id}`;
  return (
    <>
      <section className="panel hero compact">
        <p className="eyebrow">
          {t(`level.${competition.level}`)} · {t(`status.${competition.status}`)}
        </p>
        <h1>{localized(locale, competition.nameZh, competition.nameEn)}</h1>
        <nav className="tabs" aria-label={t("admin.title")}>
          <NavLink to={base} end>
            {t("admin.tabs.settings")}
          </NavLink>
          <NavLink to={`${base}/skills`}>{t("admin.tabs.skills")}</NavLink>
          <NavLink to={`${base}/delegations`}>{t("admin.tabs.delegations")}</NavLink>
          <NavLink to={`${base}/people`}>{t("admin.tabs.people")}</NavLink>
          <NavLink to={`${base}/relations`}>{t("admin.tabs.relations")}</NavLink>
          <NavLink to={`${base}/registrations`}>{t("admin.tabs.registrations")}</NavLink>
          <NavLink to={`${base}/draws`}>{t("admin.tabs.draws")}</NavLink>
          <NavLink to={`${base}/check-in`}>{t("admin.tabs.checkIn")}</NavLink>
          <NavLink to={`${base}/live`}>{t("admin.tabs.live")}</NavLink>
          <NavLink to={`${base}/rehearsal`}>{t("admin.tabs.rehearsal")}</NavLink>
          <NavLink to={`${base}/advancement`}>{t("advancement.title")}</NavLink>
          {competition.level === "ws_squad" ? <NavLink to={`${base}/squad`}>{t("squad.title")}</NavLink> : null}
          <NavLink to={`${base}/certificates`}>{t("certificates.title")}</NavLink>
          <NavLink to={`/competitions/${competition.id}`}>{t("admin.tabs.publicPage")}</NavLink>
        </nav>
      </section>
      <Outlet />
    </>
  );
}
