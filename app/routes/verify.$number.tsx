// /verify/:number — what the QR code on a certificate opens: the holder's name and masked ID
// number, the award, competition, skill and dates, and unmistakably whether the certificate is
// valid, provisional (notice period running), revoked (with the reason and its replacement) or
// unknown (404). Public; unknown numbers are throttled per client.
import { data, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { normalizeCertificateNumber } from "~/domain/certificates/certificate-number";
import { localized } from "~/i18n/i18n";
import { verifyCertificate, type CertificateVerification } from "~/services/certificates/verify-certificate.server";
import { CertificateVerifyForm } from "~/components/certificate-verify-form";
import { titled } from "~/components/meta";
import { useLocale } from "~/components/use-locale";
import { replyToRefusal } from "~/web/forms.server";

export const meta: MetaFunction = ({ matches }) => [...titled(matches, "certificates.verify.title"), { name: "robots", content: "noindex" }];

type VerifyData = CertificateVerification | { status: "throttled"; number: string; minutes: number };

export async function loader({ params, context }: LoaderFunctionArgs) {
  const typed = (params.number ?? "").slice(0, 60);
  const number = normalizeCertificateNumber(typed);
  // One address per certificate: a hand-typed variant goes to the canonical page.
  if (number && number !== typed) throw redirect(`/verify/${number}`);
  try {
    const view = await verifyCertificate(context.deps, { number: typed, address: context.clientAddress });
    return data<VerifyData>(view, { status: view.status === "unknown" ? 404 : 200, headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    // The one refusal of a look-up is the throttle (SIGN_IN_THROTTLED: 429 with Retry-After).
    return replyToRefusal(error, (refusal): VerifyData => ({ status: "throttled", number: typed, minutes: Number(refusal.params.minutes ?? 15) }));
  }
}

const beijingDate = (locale: string, iso: string) =>
  new Intl.DateTimeFormat(locale, { year: "numeric", month: "long", day: "numeric", timeZone: "Asia/Shanghai" }).format(new Date(iso));

function Found({ view }: { view: Exclude<CertificateVerification, { status: "unknown" }> }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const explain =
    view.status === "valid"
      ? t("certificates.verify.validExplain")
      : view.status === "provisional"
        ? t("certificates.verify.provisionalExplain", { date: beijingDate(locale, view.noticeEndsAt) })
        : t("certificates.verify.revokedExplain", { date: beijingDate(locale, view.revokedAt!) });
  return (
    <>
      <div className={`verify-status verify-${view.status}`} role="status">
        <strong className="verify-status-text">{t(`certificates.verify.status.${view.status}`)}</strong>
        <p>{explain}</p>
        {view.status === "revoked" ? (
          <dl className="card-facts">
            {view.revokedReason ? (
              <>
                <dt>{t("certificates.verify.revokedReason")}</dt>
                <dd>{view.revokedReason}</dd>
              </>
            ) : null}
            {view.replacementNumber ? (
              <>
                <dt>{t("certificates.verify.replacement")}</dt>
                <dd>
                  <Link to={`/verify/${view.replacementNumber}`} className="code-text">
                    {view.replacementNumber}
                  </Link>
                </dd>
              </>
            ) : null}
          </dl>
        ) : null}
      </div>
      <dl className="card-facts verify-facts">
        <dt>{t("certificates.verify.holder")}</dt>
        <dd className="verify-holder">{view.holderName}</dd>
        <dt>{t("certificates.verify.idNumber")}</dt>
        <dd className="code-text">{view.idNumberMasked}</dd>
        <dt>{t("certificates.verify.label")}</dt>
        <dd>
          <span className="verify-label">{locale === "en" ? view.labelEn : view.labelZh}</span>
          <small className="hint block">
            {t(`certificates.kind.${view.kind}`)} · {locale === "en" ? view.labelZh : view.labelEn}
          </small>
        </dd>
        <dt>{t("certificates.verify.competition")}</dt>
        <dd>{localized(locale, view.competitionNameZh, view.competitionNameEn)}</dd>
        <dt>{t("certificates.verify.skill")}</dt>
        <dd>{localized(locale, view.skillNameZh, view.skillNameEn)}</dd>
        <dt>{t("certificates.verify.organizer")}</dt>
        <dd>{view.organizerName}</dd>
        <dt>{t("certificates.verify.issuedAt")}</dt>
        <dd>{beijingDate(locale, view.issuedAt)}</dd>
        <dt>{t("certificates.verify.numberShown")}</dt>
        <dd className="code-text">{view.number}</dd>
      </dl>
      <p className="hint">{t("certificates.verify.privacy")}</p>
    </>
  );
}

export default function VerifyCertificate() {
  const view = useLoaderData<typeof loader>() as VerifyData;
  const { t } = useTranslation();
  return (
    <section className="panel narrow verify-page">
      <h1>{t("certificates.verify.title")}</h1>
      {view.status === "unknown" ? (
        <div className="verify-status verify-unknown" role="alert">
          <strong className="verify-status-text">{t("certificates.verify.status.unknown")}</strong>
          <p className="code-text">{view.number}</p>
          <p>{t("certificates.verify.unknownExplain")}</p>
        </div>
      ) : view.status === "throttled" ? (
        <div className="verify-status verify-unknown" role="alert">
          <strong className="verify-status-text">{t("certificates.verify.throttled", { minutes: view.minutes })}</strong>
        </div>
      ) : (
        <Found view={view} />
      )}
      <h2 className="verify-another">{t("certificates.verify.another")}</h2>
      <CertificateVerifyForm />
    </section>
  );
}
