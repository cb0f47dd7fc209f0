// A skill's official results 公示成绩, public: names, delegations, awards, titles and promotions
// of the current publication, its version and notice period. Before publication the page says so
// and points to the (provisional, code-only) live leaderboard. A republication after an appeal
// reaches an open page over Socket.io (`results.published`) and the page reloads.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { localized } from "~/i18n/i18n";
import { roomName } from "~/realtime/rooms";
import { useRoom } from "~/realtime/use-room";
import { readOrRefuse, uuidParam } from "~/web/forms.server";
import { loadPublishedSkill } from "~/services/publication/published-results.server";
import { formatDate, formatDateTime } from "~/components/format";
import { useLocale } from "~/components/use-locale";
import { titled } from "~/components/meta";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => titled(matches, "publication.title", data?.skill.nameZh);

export async function loader({ params, context }: LoaderFunctionArgs) {
  const scope = { competitionId: uuidParam(params, "competitionId"), skillId: uuidParam(params, "skillId") };
  return { ...scope, ...(await readOrRefuse(loadPublishedSkill(context.deps.db, scope, context.deps.now()))) };
}

export default function PublishedSkillResults() {
  const page = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const locale = useLocale();
  const revalidator = useRevalidator();
  useRoom(roomName({ audience: "public", competitionId: page.competitionId, skillId: page.skillId }), {
    onEvent: (event) => {
      if (event.type === "results.published") revalidator.revalidate();
    },
    onResync: () => revalidator.revalidate(),
  });
  const skillName = localized(locale, page.skill.nameZh, page.skill.nameEn);
  const p = page.publication;
  return (
    <>
      <section className="panel hero compact">
        <p className="eyebrow">
          <Link to={`/results/${page.competitionId}`}>{localized(locale, page.competition.nameZh, page.competition.nameEn)}</Link>
        </p>
        <h1>{t("publication.results.title", { skill: skillName })}</h1>
        {p ? (
          <>
            <p>
              <span className={`badge${p.phase === "final" ? " ok" : ""}`}>{t(`publication.phase.${p.phase}`)}</span>{" "}
              {t("publication.results.version", { version: p.version, at: formatDateTime(locale, p.publishedAt) })}
            </p>
            <p role="status">
              {p.phase === "notice"
                ? t("publication.results.noticeUntil", { date: formatDate(locale, p.noticeEndsOn) })
                : p.phase === "final"
                  ? t("publication.results.final")
                  : t("publication.results.appealPending")}
            </p>
            {p.reason ? <p className="notice">{t("publication.results.republished", { reason: p.reason })}</p> : null}
            {p.selectionOnly ? <p className="notice">{t("publication.results.selectionOnly")}</p> : null}
          </>
        ) : (
          <>
            <p className="badge">{t("publication.provisional")}</p>
            <p>{t("publication.results.provisionalText")}</p>
            <p>
              <Link className="button" to={`/live/${page.competitionId}/${page.skillId}`}>
                {t("publication.results.liveLink")}
              </Link>
            </p>
          </>
        )}
      </section>
      {p ? (
        <section className="panel" aria-labelledby="official-title">
          <h2 id="official-title">{t("publication.results.official")}</h2>
          <div className="data-table">
            <table className="published-results">
              <caption className="visually-hidden">{t("publication.results.title", { skill: skillName })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("publication.results.col.rank")}</th>
                  <th scope="col">{t("publication.results.col.name")}</th>
                  <th scope="col">{t("publication.results.col.delegation")}</th>
                  <th scope="col">{t("publication.results.col.code")}</th>
                  <th scope="col" className="num">
                    {t("publication.results.col.total")}
                  </th>
                  {page.skill.track === "ws" ? (
                    <th scope="col" className="num">
                      {t("publication.results.col.points")}
                    </th>
                  ) : null}
                  <th scope="col">{t("publication.results.col.award")}</th>
                  <th scope="col">{t("publication.results.col.honours")}</th>
                </tr>
              </thead>
              <tbody>
                {page.rows.map((r) => (
                  <tr key={r.code} className={r.award ? `award-${r.award}` : undefined}>
                    <td>{r.rank}</td>
                    <td>{r.names.join("、")}</td>
                    <td>{localized(locale, r.delegationNameZh, r.delegationNameEn)}</td>
                    <td>{r.code}</td>
                    <td className="num">{r.total}</td>
                    {page.skill.track === "ws" ? <td className="num">{r.points ?? "—"}</td> : null}
                    <td>
                      {r.award ? t(`award.${r.award}`) : "—"}
                      {r.bestOfNation ? <span className="badge">{t("publication.results.bestOfNation")}</span> : null}
                    </td>
                    <td>{r.honours.map((h) => localized(locale, h.labelZh, h.labelEn)).join("；") || "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
    </>
  );
}
