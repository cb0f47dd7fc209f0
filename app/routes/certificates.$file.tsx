// GET /certificates/<number>.pdf — a certificate's PDF, for its holder, the competition's
// organizers, the team leader of the competitor's delegation and platform admins (others: 403,
// unknown numbers: 404, each with a translated message). A revoked certificate is served stamped
// 已作废 / VOID across the page, never as a valid one.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { normalizeCertificateNumber } from "~/domain/certificates/certificate-number";
import { translator } from "~/i18n/i18n";
import { getLocale } from "~/i18n/locale.server";
import { requireUser } from "~/web/require.server";
import { canDownloadCertificate, certificateFileName, personOfUser } from "~/services/certificates/certificate-files.server";
import { renderCertificatePdf } from "~/services/certificates/certificate-pdf.server";
import { loadCertificate } from "~/services/certificates/certificate-record.server";
import { fileResponse, fileTypes } from "~/web/download.server";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const { t } = translator(await getLocale(request));
  const refuse = (status: 403 | 404) =>
    new Response(t(status === 404 ? "certificates.download.notFound" : "certificates.download.forbidden"), {
      status,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  const file = params.file ?? "";
  const number = file.toLowerCase().endsWith(".pdf") ? normalizeCertificateNumber(file.slice(0, -4)) : null;
  const record = number ? await loadCertificate(context.deps.db, number) : undefined;
  if (!record) return refuse(404);
  if (!canDownloadCertificate(user, await personOfUser(context.deps.db, user.userId), record)) return refuse(403);
  const pdf = await renderCertificatePdf(record, new URL(request.url).origin);
  return fileResponse(
    pdf,
    { name: certificateFileName(record), asciiName: `${record.number}.pdf`, type: fileTypes.pdf, inline: true },
    { "Cache-Control": "private, no-store" },
  );
}
