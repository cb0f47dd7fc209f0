import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SignInSchema, signIn } from "~/services/auth/sign-in.server";
import { commitSessionCookie, getSessionUser, safeRedirectTarget } from "~/web/require.server";
import { runFormAction } from "~/web/forms.server";
import { FormErrorSummary, TextField } from "~/components/form";
import { titled } from "~/components/meta";

export const meta: MetaFunction = ({ matches }) => titled(matches, "signIn.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await getSessionUser(request, context);
  if (user) throw redirect(safeRedirectTarget(new URL(request.url).searchParams.get("redirectTo")));
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  return runFormAction(request, SignInSchema, async (input, form) => {
    const session = await signIn(context.deps, { ...input, address: context.clientAddress, userAgent: request.headers.get("User-Agent") });
    return redirect(safeRedirectTarget(form.get("redirectTo")), {
      headers: { "Set-Cookie": await commitSessionCookie(context, session.token, session.expiresAt) },
    });
  });
}

export default function SignInPage() {
  const { t } = useTranslation();
  const state = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  return (
    <section className="panel narrow">
      <h1>{t("signIn.title")}</h1>
      <Form method="post" noValidate>
        <FormErrorSummary state={state} />
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/"} />
        <TextField name="username" label={t("signIn.username")} state={state} autoComplete="username" autoCapitalize="none" required maxLength={40} />
        <TextField name="password" label={t("signIn.password")} state={state} type="password" autoComplete="current-password" required maxLength={200} />
        <button type="submit" className="button primary wide" disabled={busy}>
          {t("signIn.submit")}
        </button>
      </Form>
      <p className="hint">
        {t("signIn.tabletHint")} <Link to="/tablet">{t("signIn.tabletLink")}</Link>
      </p>
    </section>
  );
}
