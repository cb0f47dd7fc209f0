import { Form, Link, NavLink, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { Locale } from "~/i18n/i18n";

interface HeaderUser {
  displayName: string;
  canOrganize: boolean;
  canReadDashboard: boolean;
  canJudge: boolean;
  canRegister: boolean;
  isCompetitor: boolean;
}

export function SiteHeader({ user, locale }: { user: HeaderUser | null; locale: Locale }) {
  const { t } = useTranslation();
  const location = useLocation();
  const here = location.pathname + location.search;
  return (
    <header className="site-header">
      <a className="skip-link" href="#main">
        {t("app.skipToContent")}
      </a>
      <Link to="/" className="brand" aria-label={t("app.name")}>
        <span className="brand-mark" aria-hidden="true">
          {t("app.name").slice(0, 1)}
        </span>
        <span className="brand-text">
          <strong>{t("app.name")}</strong>
          <small>{t("app.tagline")}</small>
        </span>
      </Link>
      <nav className="site-nav" aria-label={t("app.name")}>
        <NavLink to="/" end>
          {t("app.nav.competitions")}
        </NavLink>
        {user?.canOrganize ? <NavLink to="/admin">{t("app.nav.admin")}</NavLink> : null}
        {user?.canReadDashboard ? <NavLink to="/dashboard">{t("app.nav.dashboard")}</NavLink> : null}
        {user?.canRegister ? <NavLink to="/registration">{t("app.nav.registration")}</NavLink> : null}
        {user?.isCompetitor ? <NavLink to="/me">{t("app.nav.me")}</NavLink> : null}
        {user?.canJudge ? <NavLink to="/judging">{t("app.nav.judging")}</NavLink> : null}
        {user ? null : <NavLink to="/tablet">{t("app.nav.tablet")}</NavLink>}
        <NavLink to="/verify">{t("certificates.verify.title")}</NavLink>
      </nav>
      <div className="site-tools">
        <Form method="post" action="/locale" className="inline-form">
          <input type="hidden" name="locale" value={locale === "en" ? "zh-CN" : "en"} />
          <input type="hidden" name="redirectTo" value={here} />
          <button type="submit" className="button ghost" aria-label={`${t("app.language")}: ${t("app.switchTo")}`} lang={locale === "en" ? "zh-CN" : "en"}>
            {t("app.switchTo")}
          </button>
        </Form>
        {user ? (
          <Form method="post" action="/sign-out" className="inline-form">
            <span className="who">{t("app.nav.signedInAs", { name: user.displayName })}</span>
            <button type="submit" className="button ghost">
              {t("app.nav.signOut")}
            </button>
          </Form>
        ) : (
          <Link className="button" to={`/sign-in?redirectTo=${encodeURIComponent(here)}`}>
            {t("app.nav.signIn")}
          </Link>
        )}
      </div>
    </header>
  );
}
