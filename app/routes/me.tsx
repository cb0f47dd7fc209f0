// /me — a competitor's own entries on a phone: registrations still in review (or returned, with
// the reason) and every competitor entry with its numbers, days and check-in state.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { localized } from "~/i18n/i18n";
import { requireUser } from "~/web/require.server";
import { loadMyEntries } from "~/services/registration/my-entries.server";
import { loadPersonCertificates } from "~/services/certificates/certificate-board.server";
import { personOfUser } from "~/services/certificates/certificate-files.server";
import { formatDateTime } from "~/components/format";
import { useLocale } from "~/components/use-locale";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const personId = await personOfUser(context.deps.db, user.userId);
  return {
    mine: await loadMyEntries(context.deps.db, user.userId, context.deps.now()),
    certificates: personId ? await loadPersonCertificates(context.deps.db, personId) : [],
  };
}

export default function MyEntries() {
  const { mine, certificates } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const locale = useLocale();
  const days = (r: { startsAt: string; endsAt: string; venueArea: string | null }) =>
    `${formatDateTime(locale, r.startsAt)} – ${formatDateTime(locale, r.endsAt)}${r.venueArea ? ` · ${r.venueArea}` : ""}`;
  if (!mine) {
    return (
      <section className="panel">
        <h1>{t("me.title")}</h1>
        <p>{t("me.notLinked")}</p>
      </section>
    );
  }
  return (
    <>
      <section className="panel hero compact">
        <h1>{t("me.title")}</h1>
        <p>
          {mine.person.name} · <span className="code-text">{mine.person.idNumberMasked}</span>
        </p>
        <p>
          <Link className="button" to={`/people/${mine.person.id}`}>
            {t("pathway.myPathway")}
          </Link>
        </p>
      </section>
      <section className="panel" aria-labelledby="my-entries">
        <h2 id="my-entries">{t("me.entries")}</h2>
        {mine.entries.length === 0 && mine.registrations.length === 0 ? <p>{t("me.none")}</p> : null}
        <ul className="registration-list">
          {mine.registrations.map((r) => (
            <li key={r.id} className="registration-card">
              <div className="card-head">
                <strong>{localized(locale, r.skillNameZh, r.skillNameEn)}</strong>
                <span className={`badge${r.status === "rejected" ? " warn" : ""}`}>{t(`registration.status.${r.status}`)}</span>
              </div>
              <p>
                {localized(locale, r.competitionNameZh, r.competitionNameEn)} · {localized(locale, r.delegationNameZh, r.delegationNameEn)}
              </p>
              {r.rejectionReason ? <p className="form-errors">{t("registration.rejectedBecause", { reason: r.rejectionReason })}</p> : null}
              <dl className="card-facts">
                <dt>{t("registration.days")}</dt>
                <dd>{days(r)}</dd>
              </dl>
            </li>
          ))}
          {mine.entries.map((e) => (
            <li key={e.id} className="registration-card">
              <div className="card-head">
                <strong>{localized(locale, e.skillNameZh, e.skillNameEn)}</strong>
                <span className="badge ok">{t(`checkIn.state.${e.state}`)}</span>
              </div>
              <p>
                {localized(locale, e.competitionNameZh, e.competitionNameEn)} · {localized(locale, e.delegationNameZh, e.delegationNameEn)}
              </p>
              <dl className="card-facts">
                <dt>{t("registration.days")}</dt>
                <dd>{days(e)}</dd>
                <dt>{t("registration.registrationNo")}</dt>
                <dd className="code-text">{e.registrationNo}</dd>
                <dt>{t("registration.checkInNo")}</dt>
                <dd className="code-text">{e.checkInNo ?? t("registration.notDrawn")}</dd>
                <dt>{t("registration.workstation")}</dt>
                <dd className="code-text">{e.workstationNo ?? t("registration.notDrawn")}</dd>
                {e.result ? (
                  <>
                    <dt>{t("me.result")}</dt>
                    <dd>{t("me.rankTotal", { rank: e.result.rank, total: e.result.total })}</dd>
                  </>
                ) : null}
              </dl>
            </li>
          ))}
        </ul>
      </section>
      {certificates.length > 0 ? (
        <section className="panel" aria-labelledby="my-certificates">
          <h2 id="my-certificates">{t("certificates.mine.title")}</h2>
          <ul className="registration-list">
            {certificates.map((c) => (
              <li key={c.number} className="registration-card">
                <div className="card-head">
                  <strong>{locale === "en" ? c.labelEn : c.labelZh}</strong>
                  <span className={`badge${c.revoked ? " refused" : " ok"}`}>
                    {t(c.revoked ? "certificates.verify.status.revoked" : "certificates.mine.issued")}
                  </span>
                </div>
                <p>
                  {localized(locale, c.competitionNameZh, c.competitionNameEn)} · {localized(locale, c.skillNameZh, c.skillNameEn)}
                </p>
                <p className="code-text">{c.number}</p>
                <p className="cert-actions">
                  <a className="button" href={`/certificates/${c.number}.pdf`}>
                    {t("certificates.mine.pdf")}
                  </a>
                  <a href={`/verify/${c.number}`}>{t("certificates.admin.verifyLink")}</a>
                </p>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
