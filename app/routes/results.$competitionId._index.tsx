// A competition's results, public: each skill with its publication state (published skills link
// to their official results, the others to the provisional live board) and the medal table per
// delegation over the published skills (WorldSkills medal points 4/3/2/1, Best of Nation).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { localized } from "~/i18n/i18n";
import { roomName } from "~/realtime/rooms";
import { useRoom } from "~/realtime/use-room";
import { readOrRefuse, uuidParam } from "~/web/forms.server";
import { loadCompetitionResults } from "~/services/publication/published-results.server";
import { formatDate } from "~/components/format";
import { useLocale } from "~/components/use-locale";
import { titled } from "~/components/meta";
import { MedalTable } from "~/components/medal-table";

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => titled(matches, "publication.results.medalTable", data?.competition.nameZh);

export async function loader({ params, context }: LoaderFunctionArgs) {
  const competitionId = uuidParam(params, "competitionId");
  return { competitionId, ...(await readOrRefuse(loadCompetitionResults(context.deps.db, competitionId))) };
}

export default function CompetitionResults() {
  const page = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const locale = useLocale();
  const revalidator = useRevalidator();
  useRoom(roomName({ audience: "public", competitionId: page.competitionId }), {
    onEvent: (event) => {
      if (event.type === "results.published") revalidator.revalidate();
    },
    onResync: () => revalidator.revalidate(),
  });
  return (
    <>
      <section className="panel hero compact">
        <h1>{t("publication.results.competitionTitle", { competition: localized(locale, page.competition.nameZh, page.competition.nameEn) })}</h1>
      </section>
      <section className="panel" aria-labelledby="medal-title">
        <h2 id="medal-title">{t("publication.results.medalTable")}</h2>
        <p className="hint">{t("publication.results.medalTableHint")}</p>
        {page.medalTable.length === 0 ? <p>{t("publication.results.noMedals")}</p> : <MedalTable rows={page.medalTable} />}
      </section>
      <section className="panel" aria-labelledby="skills-title">
        <h2 id="skills-title">{t("publication.results.skills")}</h2>
        <ul className="rule-list">
          {page.skills.map((s) => (
            <li key={s.id} className="rule-row">
              <strong>
                <Link to={s.published ? `/results/${page.competitionId}/${s.id}` : `/live/${page.competitionId}/${s.id}`}>
                  {localized(locale, s.nameZh, s.nameEn)}
                </Link>
              </strong>
              <span className={`badge${s.published ? " ok" : ""}`}>
                {s.published
                  ? `${t("publication.results.skillState.published")} · ${formatDate(locale, s.published.noticeEndsOn)}`
                  : t("publication.results.skillState.provisional")}
              </span>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
