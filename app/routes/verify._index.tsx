// /verify — the public verification page 证书查验: type a certificate's number (any case, with or
// without spaces and dashes) and go to its page. Nothing is looked up here.
import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { normalizeCertificateNumber } from "~/domain/certificates/certificate-number";
import { CertificateVerifyForm } from "~/components/certificate-verify-form";
import type { FormState } from "~/components/form";
import { titled } from "~/components/meta";

export const meta: MetaFunction = ({ matches }) => [...titled(matches, "certificates.verify.title"), { name: "robots", content: "noindex" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const typed = new URL(request.url).searchParams.get("number");
  if (typed === null || typed.trim() === "") return { state: null };
  const number = normalizeCertificateNumber(typed);
  if (number) throw redirect(`/verify/${number}`);
  return { state: { fieldErrors: { number: { key: "certificates.verify.badFormat" } }, values: { number: typed.slice(0, 60) } } satisfies FormState };
}

export default function VerifyForm() {
  const { state } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <section className="panel narrow verify-page">
      <h1>{t("certificates.verify.title")}</h1>
      <p>{t("certificates.verify.intro")}</p>
      <CertificateVerifyForm state={state ?? undefined} autoFocus />
    </section>
  );
}
