// A judge signs in on a venue tablet with the one-time code the chief judge issued.
import { redirect, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { RedeemTabletCodeSchema, redeemTabletCode } from "~/services/auth/tablet-codes.server";
import { commitSessionCookie } from "~/web/require.server";
import { runFormAction } from "~/web/forms.server";
import { FormErrorSummary, TextField } from "~/components/form";
import { titled } from "~/components/meta";

export const meta: MetaFunction = ({ matches }) => titled(matches, "tablet.title");

export async function action({ request, context }: ActionFunctionArgs) {
  return runFormAction(request, RedeemTabletCodeSchema, async ({ code }) => {
    const session = await redeemTabletCode(context.deps, { code, address: context.clientAddress, userAgent: request.headers.get("User-Agent") });
    return redirect("/judging", { headers: { "Set-Cookie": await commitSessionCookie(context, session.token, session.expiresAt) } });
  });
}

export default function TabletSignInPage() {
  const { t } = useTranslation();
  const state = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <section className="panel narrow tablet-sign-in">
      <h1>{t("tablet.title")}</h1>
      <p>{t("tablet.intro")}</p>
      <Form method="post" noValidate>
        <FormErrorSummary state={state} />
        <TextField
          name="code"
          label={t("tablet.code")}
          state={state}
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9 -]*"
          maxLength={12}
          className="code-input"
          required
        />
        <button type="submit" className="button primary wide" disabled={busy}>
          {t("tablet.submit")}
        </button>
      </Form>
    </section>
  );
}
