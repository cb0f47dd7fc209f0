// /people/:personId — a person's pathway 成长路径: every competition entered, in time order, with
// what each result earned, and a chart of the results over time (with a table beside it). The
// service projects it for the viewer (staff, the person, the public); this page only shows it.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { approximate, parseDecimal, parseRatio, toFixed } from "~/domain/results/exact";
import type { PathwayEntry } from "~/domain/advancement/advancement";
import { localized } from "~/i18n/i18n";
import { getSessionUser } from "~/web/require.server";
import { uuidParam, readOrRefuse } from "~/web/forms.server";
import { loadPathway } from "~/services/pathway/pathway.server";
import { PathwayChart } from "~/components/pathway-chart";
import { formatDate } from "~/components/format";
import { localeOfMatches } from "~/components/meta";
import { useLocale } from "~/components/use-locale";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const title = localeOfMatches(matches) === "en" ? "Pathway" : "成长路径";
  return [{ title: data?.person ? `${data.person.name} · ${title}` : title }];
};

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const personId = uuidParam(params, "personId");
  const viewer = await getSessionUser(request, context);
  return readOrRefuse(loadPathway(context.deps.db, personId, viewer));
}

const exactOf = (text: string) => parseDecimal(text) ?? parseRatio(text);
/** Display only: two places for a total, the integer for points. */
const shown = (value: string, scale: "points" | "total") => (scale === "points" ? value : toFixed(exactOf(value) ?? exactOf("0")!, 2));

function EntryCard({ entry }: { entry: PathwayEntry }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const r = entry.result;
  const titles = entry.honours.filter((h) => h.kind === "title");
  const promotions = entry.honours.filter((h) => h.kind === "promotion");
  const dates =
    entry.competition.startsOn === entry.competition.endsOn
      ? formatDate(locale, entry.competition.startsOn)
      : `${formatDate(locale, entry.competition.startsOn)} – ${formatDate(locale, entry.competition.endsOn)}`;
  return (
    <li className="registration-card pathway-entry">
      <div className="card-head">
        <strong>{localized(locale, entry.competition.nameZh, entry.competition.nameEn)}</strong>
        <span className="badge">{t(`level.${entry.competition.level}`)}</span>
        {r?.status === "provisional" ? <span className="badge warn">{t("pathway.provisional")}</span> : null}
      </div>
      <dl className="card-facts">
        <dt>{t("pathway.dates")}</dt>
        <dd>{dates}</dd>
        <dt>{t("pathway.skill")}</dt>
        <dd>{localized(locale, entry.skill.nameZh, entry.skill.nameEn)}</dd>
        <dt>{t("pathway.delegation")}</dt>
        <dd>{localized(locale, entry.delegation.nameZh, entry.delegation.nameEn)}</dd>
        {r ? (
          <>
            <dt>{t("pathway.rank")}</dt>
            <dd>{t("pathway.rankValue", { rank: r.rank })}</dd>
            <dt>{t("pathway.total")}</dt>
            <dd>{shown(r.total, "total")}</dd>
            {r.points !== null ? (
              <>
                <dt>{t("pathway.points")}</dt>
                <dd>{r.points}</dd>
              </>
            ) : null}
            {r.award ? (
              <>
                <dt>{t("pathway.award")}</dt>
                <dd>{t(`award.${r.award}`)}</dd>
              </>
            ) : null}
          </>
        ) : (
          <>
            <dt>{t("pathway.rank")}</dt>
            <dd>{t("pathway.noResult")}</dd>
          </>
        )}
        {titles.length > 0 ? (
          <>
            <dt>{t("pathway.titles")}</dt>
            <dd>{titles.map((h) => localized(locale, h.labelZh, h.labelEn)).join("、")}</dd>
          </>
        ) : null}
        {promotions.length > 0 ? (
          <>
            <dt>{t("pathway.promotions")}</dt>
            <dd>{promotions.map((h) => localized(locale, h.labelZh, h.labelEn)).join("、")}</dd>
          </>
        ) : null}
        {entry.advancements.length > 0 ? (
          <>
            <dt>{t("pathway.advancement")}</dt>
            <dd>
              {entry.advancements.map((a, i) => (
                <span key={i} className="pathway-line">
                  {t("pathway.advancementItem", {
                    kind: t(`advancement.kind.${a.kind}`),
                    target: a.targetCompetition ? localized(locale, a.targetCompetition.nameZh, a.targetCompetition.nameEn) : t(`level.${a.targetLevel}`),
                    rank: a.rank,
                  })}
                </span>
              ))}
            </dd>
          </>
        ) : null}
        {entry.certificates.length > 0 ? (
          <>
            <dt>{t("pathway.certificates")}</dt>
            <dd>
              {entry.certificates.map((c) => (
                <span key={c.number} className="pathway-line">
                  <a href={`/verify/${c.number}`} className="code-text">
                    {c.number}
                  </a>{" "}
                  {localized(locale, c.labelZh, c.labelEn)}
                  {c.revoked ? <span className="badge warn">{t("pathway.certificateRevoked")}</span> : null}
                </span>
              ))}
            </dd>
          </>
        ) : null}
        {entry.squadRound ? (
          <>
            <dt>{t("pathway.squadRound")}</dt>
            <dd>{t("pathway.squadRoundItem", { roundNo: entry.squadRound.roundNo, outcome: t(`pathway.squadOutcome.${entry.squadRound.outcome}`) })}</dd>
          </>
        ) : null}
      </dl>
    </li>
  );
}

export default function PersonPathway() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const locale = useLocale();
  const { entries, points } = data.pathway;
  const entryOf = useMemo(() => new Map(entries.map((e) => [e.competitorId, e])), [entries]);
  const chartPoints = useMemo(
    () =>
      points.map((p) => {
        const entry = entryOf.get(p.competitorId)!;
        return {
          label: `${p.on.slice(0, 7)} ${localized(locale, entry.skill.nameZh, entry.skill.nameEn)}`,
          value: approximate(exactOf(p.value) ?? exactOf("0")!),
          provisional: p.status === "provisional",
        };
      }),
    [points, entryOf, locale],
  );
  return (
    <>
      <section className="panel hero compact">
        <p className="eyebrow">{t("pathway.title")}</p>
        <h1>{data.person ? data.person.name : t("pathway.title")}</h1>
        {data.person?.idNumberMasked ? (
          <p>
            {t("pathway.idNumber")} <span className="code-text">{data.person.idNumberMasked}</span>
          </p>
        ) : null}
        <p>{t("pathway.intro")}</p>
        <p className="hint" role="note">
          {t(`pathway.audience.${data.audience}`)}
        </p>
      </section>
      {entries.length === 0 ? (
        <section className="panel">
          <p>{data.audience === "public" ? t("pathway.nothingPublished") : t("pathway.none")}</p>
        </section>
      ) : (
        <>
          {points.length > 0 ? (
            <section className="panel pathway-results" aria-labelledby="pathway-chart-title">
              <h2 id="pathway-chart-title">{t("pathway.chartTitle")}</h2>
              <p className="hint">{t("pathway.chartHint")}</p>
              <div className="pathway-chart-layout">
                <PathwayChart points={chartPoints} label={t("pathway.chartLabel")} />
                <div className="data-table">
                  <table>
                    <caption>{t("pathway.chartTitle")}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t("pathway.table.date")}</th>
                        <th scope="col">{t("pathway.table.competition")}</th>
                        <th scope="col">{t("pathway.table.skill")}</th>
                        <th scope="col">{t("pathway.table.value")}</th>
                        <th scope="col">{t("pathway.table.scale")}</th>
                        <th scope="col">{t("pathway.table.status")}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {points.map((p) => {
                        const entry = entryOf.get(p.competitorId)!;
                        return (
                          <tr key={p.competitorId}>
                            <td data-label={t("pathway.table.date")}>{formatDate(locale, p.on)}</td>
                            <td data-label={t("pathway.table.competition")}>{localized(locale, entry.competition.nameZh, entry.competition.nameEn)}</td>
                            <td data-label={t("pathway.table.skill")}>{localized(locale, entry.skill.nameZh, entry.skill.nameEn)}</td>
                            <td data-label={t("pathway.table.value")}>{shown(p.value, p.scale)}</td>
                            <td data-label={t("pathway.table.scale")}>{t(`pathway.scale.${p.scale}`)}</td>
                            <td data-label={t("pathway.table.status")}>{t(`pathway.status.${p.status}`)}</td>
                          </tr>
                        );
                      })}
                    </tbody>
                  </table>
                </div>
              </div>
            </section>
          ) : null}
          <section className="panel" aria-labelledby="pathway-entries">
            <h2 id="pathway-entries">{t("pathway.title")}</h2>
            <ol className="registration-list pathway-list">
              {entries.map((e) => (
                <EntryCard key={e.competitorId} entry={e} />
              ))}
            </ol>
          </section>
        </>
      )}
    </>
  );
}
