// The venue's big screen (1080p, no header or footer): one skill's live leaderboard at a time,
// cycling through the competition's skills (?every=15 seconds, ?skill= to start with one).
// Each skill's board is current the moment it shows: joining its room brings the snapshot.
// Once skills are published, the medal table per delegation takes its turn after the skills.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useRevalidator, useSearchParams } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { localized } from "~/i18n/i18n";
import { uuidParam, readOrRefuse } from "~/web/forms.server";
import { loadCompetitionBoards } from "~/services/leaderboards/load-competition-boards.server";
import { useLeaderboard, type LeaderboardStart } from "~/realtime/use-leaderboard";
import { LeaderboardTable } from "~/components/leaderboard-table";
import { ConnectionBadge, LeaderboardNotices, StatusBadge } from "~/components/leaderboard-parts";
import { localeOfMatches } from "~/components/meta";
import { useLocale } from "~/components/use-locale";
import { formatTime } from "~/components/format";
import { MedalTable } from "~/components/medal-table";
import { loadCompetitionResults } from "~/services/publication/published-results.server";

/** The root layout leaves out the site header and footer. */
export const handle = { chrome: false };

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  data ? [{ title: localized(localeOfMatches(matches), data.competition.nameZh, data.competition.nameEn) }] : [];

/** Rows that fit a 1080-pixel-high screen at the screen's type size. */
const rowsPerScreen = 14;

export async function loader({ params, context }: LoaderFunctionArgs) {
  return readOrRefuse(async () => {
    const competitionId = uuidParam(params, "competitionId");
    const [boards, results] = await Promise.all([
      loadCompetitionBoards(context.deps.db, competitionId, context.deps.now()),
      loadCompetitionResults(context.deps.db, competitionId),
    ]);
    return { ...boards, medalTable: results.medalTable };
  });
}

function ScreenBoard({ title, start, seconds }: { title: string; start: LeaderboardStart<"public">; seconds: number }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const revalidator = useRevalidator();
  const live = useLeaderboard(start, () => revalidator.revalidate());
  const board = live.board;
  // A skill with more competitors than fit shows its pages in turn within its time on screen.
  const pages = Math.max(1, Math.ceil(board.rows.length / rowsPerScreen));
  const [page, setPage] = useState(0);
  useEffect(() => {
    if (pages < 2) return;
    const timer = setInterval(() => setPage((p) => (p + 1) % pages), Math.max(5, seconds / pages) * 1000);
    return () => clearInterval(timer);
  }, [pages, seconds]);
  const shown = page % pages;
  return (
    <>
      <div className="screen-skill">
        <h2>{title}</h2>
        <div className="live-badges">
          <StatusBadge status={board.status} />
          <ConnectionBadge state={live.connection} />
        </div>
      </div>
      <LeaderboardNotices status={board.status} staff={false} />
      {board.status === "hidden" ? null : board.rows.length === 0 ? (
        <p className="screen-empty">{t("live.noRows")}</p>
      ) : (
        <LeaderboardTable board={board} moves={live.moves} version={live.version} caption={title} offset={shown * rowsPerScreen} limit={rowsPerScreen} />
      )}
      <p className="screen-foot">
        {pages > 1 ? <span>{t("live.page", { page: shown + 1, pages })} · </span> : null}
        {t("live.asOf", { time: formatTime(locale, board.asOf) })} · {t("live.codesOnly")}
      </p>
    </>
  );
}

export default function BigScreen() {
  const { competition, skills, medalTable } = useLoaderData<typeof loader>();
  const [search] = useSearchParams();
  const { t } = useTranslation();
  const locale = useLocale();
  const every = Math.min(120, Math.max(5, Number(search.get("every")) || 15));
  const first = Math.max(
    0,
    skills.findIndex((s) => s.id === search.get("skill")),
  );
  const [index, setIndex] = useState(first);
  // The skills in turn, then the medal table when some skill is published.
  const slides = skills.length + (medalTable.length > 0 ? 1 : 0);
  useEffect(() => {
    if (slides < 2) return;
    const timer = setInterval(() => setIndex((i) => (i + 1) % slides), every * 1000);
    return () => clearInterval(timer);
  }, [slides, every]);
  const showMedals = medalTable.length > 0 && index % Math.max(1, slides) === skills.length;
  const skill = showMedals ? undefined : skills[index % Math.max(1, slides)];
  return (
    <div className="big-screen">
      <header className="screen-head">
        <div>
          <p className="screen-eyebrow">{t("live.title")}</p>
          <h1>{localized(locale, competition.nameZh, competition.nameEn)}</h1>
        </div>
        {slides > 1 ? <p className="screen-cycle">{t("live.cycling", { index: (index % slides) + 1, count: slides, seconds: every })}</p> : null}
      </header>
      {showMedals ? (
        <>
          <div className="screen-skill">
            <h2>{t("publication.results.medalTable")}</h2>
          </div>
          <MedalTable rows={medalTable.slice(0, rowsPerScreen)} big />
        </>
      ) : skill ? (
        <ScreenBoard key={skill.id} title={localized(locale, skill.nameZh, skill.nameEn)} start={skill.snapshot} seconds={every} />
      ) : (
        <p className="screen-empty">{t("live.noSkills")}</p>
      )}
    </div>
  );
}
