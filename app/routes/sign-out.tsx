import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { endSession } from "~/web/require.server";

export async function action({ request, context }: ActionFunctionArgs) {
  return redirect("/", { headers: { "Set-Cookie": await endSession(request, context) } });
}

export function loader() {
  return redirect("/");
}
