// One registration as a card on the leader's phone: members, status, the reason it was returned,
// skill and days, masked ID numbers, the numbers the draw gave, and edit or delete while allowed.
import { Form, Link, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { localized } from "~/i18n/i18n";
import type { RegistrationRow } from "~/services/registration/registration-board.server";
import { formatDate, formatDateTime } from "../format";
import { useLocale } from "../use-locale";

export function RegistrationCard({ r, selectable }: { r: RegistrationRow; selectable: boolean }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const editable = r.status === "draft" || r.status === "rejected";
  const days =
    formatDate(locale, r.startsAt.slice(0, 10)) === formatDate(locale, r.endsAt.slice(0, 10))
      ? formatDateTime(locale, r.startsAt)
      : `${formatDateTime(locale, r.startsAt)} – ${formatDateTime(locale, r.endsAt)}`;
  const names = r.members.map((m) => m.name).join("、");
  return (
    <li className="registration-card">
      <div className="card-head">
        {selectable && editable ? (
          <input
            type="checkbox"
            name="registrationId"
            value={r.id}
            form="submit-form"
            aria-label={`${t("registration.select")} ${names}`}
            className="big-check"
          />
        ) : null}
        <strong>{names}</strong>
        <span className={`badge${r.status === "approved" ? " ok" : r.status === "rejected" ? " warn" : ""}`}>{t(`registration.status.${r.status}`)}</span>
      </div>
      {r.rejectionReason ? <p className="form-errors">{t("registration.rejectedBecause", { reason: r.rejectionReason })}</p> : null}
      <dl className="card-facts">
        <dt>{t("registration.skill")}</dt>
        <dd>
          {localized(locale, r.skillNameZh, r.skillNameEn)} · {t(`group.${r.entrantGroup}`)}
        </dd>
        <dt>{t("registration.days")}</dt>
        <dd>
          {days}
          {r.venueArea ? ` · ${r.venueArea}` : ""}
        </dd>
        <dt>{t("registration.fields.idNumber")}</dt>
        <dd className="code-text">{r.members.map((m) => m.idNumberMasked).join(" ")}</dd>
        {r.registrationNo ? (
          <>
            <dt>{t("registration.registrationNo")}</dt>
            <dd className="code-text">{r.registrationNo}</dd>
            <dt>{t("registration.checkInNo")}</dt>
            <dd className="code-text">{r.checkInNo ?? t("registration.notDrawn")}</dd>
            <dt>{t("registration.workstation")}</dt>
            <dd className="code-text">{r.workstationNo ?? t("registration.notDrawn")}</dd>
          </>
        ) : null}
      </dl>
      {editable ? (
        <div className="form-actions">
          <Link className="button" to={`?edit=${r.id}#entry-title`}>
            {t("registration.edit")}
          </Link>
          <Form method="post" onSubmit={(e) => (window.confirm(t("registration.deleteConfirm")) ? undefined : e.preventDefault())}>
            <input type="hidden" name="intent" value="delete" />
            <input type="hidden" name="registrationId" value={r.id} />
            <button type="submit" className="button" disabled={busy}>
              {t("registration.delete")}
            </button>
          </Form>
        </div>
      ) : null}
    </li>
  );
}
