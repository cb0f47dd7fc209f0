// An appeal's attachment, for whoever may read the appeal; served as a download under its
// recognised type (never as the type the uploader claimed), so a file cannot run as a page.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/web/require.server";
import { readOrRefuse, uuidParam } from "~/web/forms.server";
import { loadAttachment } from "~/services/publication/load-appeal.server";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const file = await readOrRefuse(loadAttachment(context.deps.db, user, uuidParam(params, "appealId"), uuidParam(params, "attachmentId")));
  return new Response(Buffer.from(file.content), {
    headers: {
      "Content-Type": file.contentType,
      "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
}
