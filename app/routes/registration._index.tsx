// /registration — the delegations the signed-in team leader registers for, newest competition first.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { localized } from "~/i18n/i18n";
import { requireUser } from "~/web/require.server";
import { loadLedDelegations } from "~/services/registration/registration-board.server";
import { formatDate } from "~/components/format";
import { useLocale } from "~/components/use-locale";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  return { delegations: await loadLedDelegations(context.deps.db, user.userId) };
}

export default function MyRegistrations() {
  const { delegations } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <section className="panel">
      <h1>{t("registration.title")}</h1>
      <h2>{t("registration.myDelegations")}</h2>
      {delegations.length === 0 ? <p>{t("registration.noDelegations")}</p> : null}
      <ul className="registration-list">
        {delegations.map((d) => (
          <li key={`${d.competitionId}:${d.delegationId}`} className="registration-card">
            <div className="card-head">
              <strong>{localized(locale, d.delegationNameZh, d.delegationNameEn)}</strong>
            </div>
            <p>
              {localized(locale, d.competitionNameZh, d.competitionNameEn)} · {formatDate(locale, d.startsOn)}
            </p>
            <Link className="button primary" to={`/registration/${d.competitionId}/${d.delegationId}`}>
              {t("registration.open")}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
