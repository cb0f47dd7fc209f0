// The public live leaderboard of one skill (no sign-in), for phones and desktops: rank, code,
// module marks, total, points and medal (ws track), updated over Socket.io as marks are
// committed. Organizers, the skill's chief judges, supervisors and arbitrators see the live
// rows even while the public sees a frozen or hidden board.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { canReadProvisionalResults } from "~/domain/access/policy";
import { localized } from "~/i18n/i18n";
import { getCompetition, getSkill } from "~/services/queries.server";
import { getSessionUser } from "~/web/require.server";
import { notFoundUnless, uuidParam, readOrRefuse } from "~/web/forms.server";
import { loadLeaderboardSnapshot } from "~/services/leaderboards/leaderboard-state.server";
import { useLeaderboard } from "~/realtime/use-leaderboard";
import { LeaderboardTable } from "~/components/leaderboard-table";
import { ConnectionBadge, LeaderboardNotices, StatusBadge } from "~/components/leaderboard-parts";
import { localeOfMatches } from "~/components/meta";
import { useLocale } from "~/components/use-locale";
import { formatTime } from "~/components/format";
import { currentPublication } from "~/services/publication/publication-rows.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  if (!data) return [];
  const locale = localeOfMatches(matches);
  return [{ title: `${localized(locale, data.skill.nameZh, data.skill.nameEn)} · ${localized(locale, data.competition.nameZh, data.competition.nameEn)}` }];
};

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const scope = { competitionId: uuidParam(params, "competitionId"), skillId: uuidParam(params, "skillId") };
  const db = context.deps.db;
  const [competition, skill, user] = await Promise.all([
    getCompetition(db, scope.competitionId),
    getSkill(db, scope.competitionId, scope.skillId),
    getSessionUser(request, context),
  ]);
  notFoundUnless(competition && skill);
  const isStaff = !!user && canReadProvisionalResults(user, scope);
  return readOrRefuse(async () => {
    const snapshot = isStaff
      ? await loadLeaderboardSnapshot(db, scope, "staff", context.deps.now())
      : await loadLeaderboardSnapshot(db, scope, "public", context.deps.now());
    const publication = await currentPublication(db, scope.skillId);
    return {
      competition: { id: competition!.id, nameZh: competition!.nameZh, nameEn: competition!.nameEn },
      skill: { id: skill!.id, nameZh: skill!.nameZh, nameEn: skill!.nameEn },
      snapshot,
      publishedVersion: publication?.version ?? null,
    };
  });
}

export default function LiveSkillPage() {
  const { competition, skill, snapshot, publishedVersion } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const locale = useLocale();
  const revalidator = useRevalidator();
  const live = useLeaderboard(snapshot, () => revalidator.revalidate());
  const staff = snapshot.audience === "staff";
  const board = live.board;
  const showRows = staff || board.status !== "hidden";
  return (
    <section className="panel live-board" aria-labelledby="live-heading">
      <p className="eyebrow">
        <Link to={`/live/${competition.id}`}>{localized(locale, competition.nameZh, competition.nameEn)}</Link>
        <span aria-hidden="true">·</span>
        {t("live.title")}
      </p>
      <div className="panel-heading">
        <h1 id="live-heading">{localized(locale, skill.nameZh, skill.nameEn)}</h1>
        <div className="live-badges">
          <StatusBadge status={board.status} />
          <ConnectionBadge state={live.connection} />
        </div>
      </div>
      {publishedVersion ? (
        <p className="notice">
          {t("publication.results.official")} · <Link to={`/results/${competition.id}/${skill.id}`}>{t("publication.publicPage")}</Link>
        </p>
      ) : null}
      <LeaderboardNotices status={board.status} staff={staff} />
      {showRows ? (
        board.rows.length === 0 ? (
          <p>{t("live.noRows")}</p>
        ) : (
          <LeaderboardTable board={board} moves={live.moves} version={live.version} caption={localized(locale, skill.nameZh, skill.nameEn)} staff={staff} />
        )
      ) : null}
      <p className="hint" aria-live="polite">
        {t("live.asOf", { time: formatTime(locale, board.asOf) })}
      </p>
      <p className="hint">
        {t("live.provisional")} {t("live.codesOnly")}
      </p>
      <p>
        <Link className="button" to={`/live/${competition.id}/screen?skill=${skill.id}`}>
          {t("live.bigScreen")}
        </Link>
      </p>
    </section>
  );
}
