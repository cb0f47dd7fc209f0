import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { isLocale } from "~/i18n/i18n";
import { localeCookie } from "~/i18n/locale.server";
import { safeRedirectTarget } from "~/web/require.server";

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const locale = form.get("locale");
  const target = safeRedirectTarget(form.get("redirectTo"));
  if (!isLocale(locale)) return redirect(target);
  return redirect(target, { headers: { "Set-Cookie": await localeCookie.serialize(locale) } });
}

export function loader() {
  return redirect("/");
}
