import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { getCompetition, listDelegations, listSkills } from "~/services/queries.server";
import { canManageCompetition } from "~/domain/access/policy";
import { localized } from "~/i18n/i18n";
import { notFoundUnless, uuidParam } from "~/web/forms.server";
import { getSessionUser } from "~/web/require.server";
import { roomName } from "~/realtime/rooms";
import { useRoom } from "~/realtime/use-room";
import { DataTable } from "~/components/data-table";
import { formatDate, formatDay, formatTime } from "~/components/format";
import { localeOfMatches } from "~/components/meta";
import { useLocale } from "~/components/use-locale";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  if (!data) return [];
  return [{ title: localized(localeOfMatches(matches), data.competition.nameZh, data.competition.nameEn) }];
};

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const competitionId = uuidParam(params, "competitionId");
  const db = context.deps.db;
  const competition = notFoundUnless(await getCompetition(db, competitionId));
  if (competition.status === "draft") {
    // A draft is visible only to those preparing it.
    const user = await getSessionUser(request, context);
    if (!user || !canManageCompetition(user, competitionId)) throw new Response("Not found", { status: 404 });
  }
  const [skills, delegations] = await Promise.all([listSkills(db, competitionId), listDelegations(db, competitionId)]);
  const { ruleSettings: _rules, ...publicCompetition } = competition;
  // The public projection: team leaders' names stay with the organizers.
  return { competition: publicCompetition, skills, delegations: delegations.map(({ teamLeaders: _leaders, ...d }) => d) };
}

type Data = Awaited<ReturnType<typeof loader>>;
const skillColumn = createColumnHelper<Data["skills"][number]>();
const delegationColumn = createColumnHelper<Data["delegations"][number]>();

export default function CompetitionPage() {
  const { competition, skills, delegations } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const locale = useLocale();
  const revalidator = useRevalidator();
  const connection = useRoom(roomName({ audience: "public", competitionId: competition.id }), {
    onEvent: () => revalidator.revalidate(),
    onResync: () => revalidator.revalidate(),
  });

  const skillColumns = useMemo(
    () => [
      skillColumn.accessor((s) => localized(locale, s.nameZh, s.nameEn), { id: "name", header: t("competition.skillColumns.name") }),
      skillColumn.accessor((s) => t(`track.${s.track}`), { id: "track", header: t("competition.skillColumns.track") }),
      skillColumn.accessor("occupationCode", { header: t("competition.skillColumns.occupation") }),
      skillColumn.accessor((s) => t(`group.${s.entrantGroup}`), { id: "group", header: t("competition.skillColumns.group") }),
      skillColumn.accessor("teamSize", { header: t("competition.skillColumns.teamSize") }),
      skillColumn.accessor("competitorCount", { header: t("competition.skillColumns.competitors") }),
    ],
    [t, locale],
  );
  const scheduleColumns = useMemo(
    () => [
      skillColumn.accessor((s) => new Date(s.startsAt).getTime(), {
        id: "day",
        header: t("competition.scheduleColumns.day"),
        cell: (c) => formatDay(locale, c.row.original.startsAt),
      }),
      skillColumn.accessor((s) => `${formatTime(locale, s.startsAt)}–${formatTime(locale, s.endsAt)}`, {
        id: "time",
        header: t("competition.scheduleColumns.time"),
        enableSorting: false,
      }),
      skillColumn.accessor((s) => localized(locale, s.nameZh, s.nameEn), { id: "skill", header: t("competition.scheduleColumns.skill") }),
      skillColumn.accessor((s) => s.venueArea ?? "", { id: "area", header: t("competition.scheduleColumns.area") }),
    ],
    [t, locale],
  );
  const delegationColumns = useMemo(
    () => [
      delegationColumn.accessor((d) => localized(locale, d.nameZh, d.nameEn), { id: "name", header: t("competition.delegationColumns.name") }),
      delegationColumn.accessor((d) => t(`delegationKind.${d.kind}`), { id: "kind", header: t("competition.delegationColumns.kind") }),
      delegationColumn.accessor((d) => d.regionCode ?? "", { id: "region", header: t("competition.delegationColumns.region") }),
      delegationColumn.accessor("competitorCount", { header: t("competition.delegationColumns.competitors") }),
    ],
    [t, locale],
  );

  return (
    <>
      <section className="panel hero">
        <p className="eyebrow">
          {t(`level.${competition.level}`)} · {t(`status.${competition.status}`)}
          {connection === "live" ? <span className="live-dot">{t("competition.live")}</span> : null}
        </p>
        <h1>{localized(locale, competition.nameZh, competition.nameEn)}</h1>
        {competition.status === "draft" ? null : (
          <p>
            <Link className="button primary" to={`/live/${competition.id}`}>
              {t("live.title")}
            </Link>{" "}
            <Link className="button" to={`/results/${competition.id}`}>
              {t("publication.results.medalTable")}
            </Link>{" "}
            <Link className="button" to={`/appeals/${competition.id}`}>
              {t("appeals.link")}
            </Link>
          </p>
        )}
        <dl className="facts">
          <div>
            <dt>{t("home.columns.dates")}</dt>
            <dd>{t("competition.dates", { from: formatDate(locale, competition.startsOn), to: formatDate(locale, competition.endsOn) })}</dd>
          </div>
          <div>
            <dt>{t("competition.venue")}</dt>
            <dd>{competition.venue}</dd>
          </div>
          <div>
            <dt>{t("competition.organizer")}</dt>
            <dd>{competition.organizerName}</dd>
          </div>
        </dl>
      </section>
      <section className="panel" aria-labelledby="skills-heading">
        <h2 id="skills-heading">{t("competition.skills")}</h2>
        {skills.length === 0 ? (
          <p>{t("competition.noSkills")}</p>
        ) : (
          <DataTable data={skills} columns={skillColumns} caption={t("competition.skills")} getRowId={(s) => s.id} />
        )}
      </section>
      {skills.length > 0 ? (
        <section className="panel" aria-labelledby="schedule-heading">
          <h2 id="schedule-heading">{t("competition.schedule")}</h2>
          <DataTable
            data={skills}
            columns={scheduleColumns}
            caption={t("competition.schedule")}
            initialSorting={[{ id: "day", desc: false }]}
            filterable={false}
            getRowId={(s) => s.id}
          />
        </section>
      ) : null}
      <section className="panel" aria-labelledby="delegations-heading">
        <h2 id="delegations-heading">{t("competition.delegations")}</h2>
        {delegations.length === 0 ? (
          <p>{t("competition.noDelegations")}</p>
        ) : (
          <DataTable data={delegations} columns={delegationColumns} caption={t("competition.delegations")} pageSize={10} getRowId={(d) => d.id} />
        )}
      </section>
    </>
  );
}
