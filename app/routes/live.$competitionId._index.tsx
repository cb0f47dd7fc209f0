// A competition's live leaderboards (no sign-in): every skill with its status and top three,
// a link to each skill's board and to the venue's big screen.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { localized } from "~/i18n/i18n";
import { uuidParam, readOrRefuse } from "~/web/forms.server";
import { loadCompetitionBoards } from "~/services/leaderboards/load-competition-boards.server";
import { StatusBadge } from "~/components/leaderboard-parts";
import { localeOfMatches } from "~/components/meta";
import { useLocale } from "~/components/use-locale";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  data ? [{ title: `${localized(localeOfMatches(matches), data.competition.nameZh, data.competition.nameEn)}` }] : [];

export async function loader({ params, context }: LoaderFunctionArgs) {
  return readOrRefuse(async () => {
    const { competition, skills } = await loadCompetitionBoards(context.deps.db, uuidParam(params, "competitionId"), context.deps.now());
    // The overview shows each skill's top three only.
    return {
      competition,
      skills: skills.map((s) => ({
        ...s,
        snapshot: { ...s.snapshot, leaderboard: { ...s.snapshot.leaderboard, rows: s.snapshot.leaderboard.rows.slice(0, 3) } },
      })),
    };
  });
}

export default function LiveCompetitionPage() {
  const { competition, skills } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <>
      <section className="panel hero">
        <p className="eyebrow">{t("live.title")}</p>
        <h1>{localized(locale, competition.nameZh, competition.nameEn)}</h1>
        <p className="lead">{t("live.provisional")}</p>
        <p>
          <Link className="button primary" to={`/live/${competition.id}/screen`}>
            {t("live.bigScreen")}
          </Link>{" "}
          <span className="hint">{t("live.bigScreenHint")}</span>
        </p>
      </section>
      <section className="panel" aria-labelledby="skills-heading">
        <h2 id="skills-heading">{t("live.skillsHeading")}</h2>
        {skills.length === 0 ? <p>{t("live.noSkills")}</p> : null}
        <ul className="live-skill-list">
          {skills.map((s) => {
            const board = s.snapshot.leaderboard;
            return (
              <li key={s.id} className="live-skill">
                <div className="live-skill-head">
                  <h3>
                    <Link to={`/live/${competition.id}/${s.id}`}>{localized(locale, s.nameZh, s.nameEn)}</Link>
                  </h3>
                  <StatusBadge status={board.status} />
                </div>
                {board.status === "hidden" ? null : board.rows.length === 0 ? (
                  <p className="hint">{t("live.noRows")}</p>
                ) : (
                  <ol className="top-three" aria-label={t("live.topThree")}>
                    {board.rows.map((r) => (
                      <li key={r.code}>
                        <span className="rank">{r.rank}</span> <span className="code-text">{r.code}</span> <strong>{r.total}</strong>
                        {r.medal ? <span className={`medal medal-${r.medal}`}>{t(`award.${r.medal}`)}</span> : null}
                      </li>
                    ))}
                  </ol>
                )}
              </li>
            );
          })}
        </ul>
      </section>
    </>
  );
}
