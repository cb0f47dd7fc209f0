// "已获晋级资格": persons an advancement qualified for this competition, each with the result that
// qualified them, and (for whoever may enter them) a link that pre-fills the entry form.
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { localized } from "~/i18n/i18n";
import { useLocale } from "./use-locale";

export interface QualifiedEntrantView {
  id: string;
  personId: string;
  name: string;
  idNumberMasked: string;
  rank: number;
  award: string | null;
  kind: string;
  skill: { nameZh: string; nameEn: string | null };
  source: { nameZh: string; nameEn: string | null; year: number };
  skillIds: string[];
}

export function QualifiedEntrants({
  entrants,
  skills,
  prefillHref,
}: {
  entrants: QualifiedEntrantView[];
  skills: ReadonlyArray<{ id: string; nameZh: string; nameEn: string | null }>;
  prefillHref?: (entrant: QualifiedEntrantView, skillId: string) => string;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <section className="panel" aria-labelledby="qualified-entrants">
      <h2 id="qualified-entrants">{t("advancement.forCompetition")}</h2>
      <p className="hint">{t("advancement.forCompetitionIntro")}</p>
      {entrants.length === 0 ? <p>{t("advancement.forCompetitionNone")}</p> : null}
      <ul className="registration-list">
        {entrants.map((e) => (
          <li key={e.id} className="registration-card">
            <div className="card-head">
              <strong>{e.name}</strong>
              <span className="code-text">{e.idNumberMasked}</span>
              <span className="badge ok">{t(`advancement.kind.${e.kind}`)}</span>
            </div>
            <p>
              {t("advancement.qualifiedBy", {
                competition: localized(locale, e.source.nameZh, e.source.nameEn),
                skill: localized(locale, e.skill.nameZh, e.skill.nameEn),
                rank: e.rank,
              })}
              {e.award ? ` · ${t(`award.${e.award}`)}` : ""}
            </p>
            {prefillHref ? (
              <div className="form-actions">
                {e.skillIds.map((skillId) => {
                  const skill = skills.find((s) => s.id === skillId);
                  return skill ? (
                    <Link key={skillId} className="button" to={prefillHref(e, skillId)}>
                      {t("advancement.prefill", { skill: localized(locale, skill.nameZh, skill.nameEn) })}
                    </Link>
                  ) : null;
                })}
              </div>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
