// The medal table 奖牌榜 per delegation: only the award columns some delegation has, so a Chinese
// prize scheme shows 一/二/三等奖 and 优胜奖, a WorldSkills one medals and medal points. Shared by
// the competition's results page and the venue's big screen.
import { useTranslation } from "react-i18next";
import { localized } from "~/i18n/i18n";
import { useLocale } from "./use-locale";

type Award = "gold" | "silver" | "bronze" | "medallion" | "first" | "second" | "third" | "merit";
const columns: Award[] = ["gold", "silver", "bronze", "medallion", "first", "second", "third", "merit"];

export interface MedalTableRowView {
  delegationId: string;
  delegationNameZh: string;
  delegationNameEn: string | null;
  counts: Record<Award, number>;
  medalPoints: number;
  bestOfNation: number;
  place: number;
}

export function MedalTable({ rows, big = false }: { rows: readonly MedalTableRowView[]; big?: boolean }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const shown = columns.filter((c) => rows.some((r) => r.counts[c] > 0));
  const ws = shown.some((c) => c === "gold" || c === "silver" || c === "bronze" || c === "medallion");
  return (
    <div className="data-table">
      <table className={`medal-table${big ? " big" : ""}`}>
        <caption className="visually-hidden">{t("publication.results.medalTable")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("publication.results.medalCol.place")}</th>
            <th scope="col">{t("publication.results.medalCol.delegation")}</th>
            {shown.map((c) => (
              <th key={c} scope="col" className={`num medal-${c}`}>
                {t(`publication.results.medalCol.${c}`)}
              </th>
            ))}
            {ws ? (
              <>
                <th scope="col" className="num">
                  {t("publication.results.medalCol.points")}
                </th>
                <th scope="col" className="num">
                  {t("publication.results.medalCol.bestOfNation")}
                </th>
              </>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.delegationId}>
              <td>{r.place}</td>
              <th scope="row">{localized(locale, r.delegationNameZh, r.delegationNameEn)}</th>
              {shown.map((c) => (
                <td key={c} className="num">
                  {r.counts[c]}
                </td>
              ))}
              {ws ? (
                <>
                  <td className="num">{r.medalPoints}</td>
                  <td className="num">{r.bestOfNation}</td>
                </>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
