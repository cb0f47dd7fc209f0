import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, isRouteErrorResponse, useMatches, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { useMemo, type ReactNode } from "react";
import { I18nextProvider, useTranslation } from "react-i18next";
import stylesheet from "~/styles/app.css?url";
import { createI18n, defaultLocale } from "~/i18n/i18n";
import { getLocale } from "~/i18n/locale.server";
import { getSessionUser } from "~/web/require.server";
import { canCreateCompetition, canReadDashboard, marksAnywhere, leadsAnyDelegation } from "~/domain/access/policy";
import { SiteHeader } from "~/components/site-header";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
  { rel: "manifest", href: "/manifest.webmanifest" },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const [locale, user] = await Promise.all([getLocale(request), getSessionUser(request, context)]);
  return {
    locale,
    user: user
      ? {
          displayName: user.displayName,
          canOrganize: canCreateCompetition(user) || user.isPlatformAdmin,
          canReadDashboard: canReadDashboard(user),
          canJudge: marksAnywhere(user),
          canRegister: leadsAnyDelegation(user),
          // Accounts without any role are competitors' own (staff accounts always hold one).
          isCompetitor: user.grants.length === 0 && !user.isPlatformAdmin,
        }
      : null,
  };
}

export type RootData = Awaited<ReturnType<typeof loader>>;

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const locale = data?.locale ?? defaultLocale;
  const i18n = useMemo(() => createI18n(locale), [locale]);
  // A route with `handle = { chrome: false }` (the venue's big screen) shows no header or footer.
  const bare = useMatches().some((m) => (m.handle as { chrome?: boolean } | undefined)?.chrome === false);
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#9f1d20" />
        <Meta />
        <Links />
      </head>
      <body className={bare ? "bare" : undefined}>
        <I18nextProvider i18n={i18n}>
          {bare ? null : <SiteHeader user={data?.user ?? null} locale={locale} />}
          <main id="main" className={bare ? "bare-page" : "page"}>
            {children}
          </main>
          {bare ? null : <Footer />}
        </I18nextProvider>
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

function Footer() {
  const { t } = useTranslation();
  return <footer className="site-footer">{t("app.footer")}</footer>;
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  let title = t("errors.genericTitle");
  let message = t("errors.generic");
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) [title, message] = [t("errors.notFoundTitle"), t("errors.NOT_FOUND")];
    else if (error.status === 403) [title, message] = [t("errors.forbiddenTitle"), t("errors.FORBIDDEN")];
    else if (error.status === 413) [title, message] = [t("errors.tooLargeTitle"), t("errors.tooLargeTitle")];
  }
  return (
    <section className="panel error-page" role="alert">
      <h1>{title}</h1>
      <p>{message}</p>
      <a className="button" href="/">
        {t("errors.backHome")}
      </a>
    </section>
  );
}
