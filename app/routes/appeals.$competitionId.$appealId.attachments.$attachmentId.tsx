// An appeal's attachment, for whoever may read the appeal; served as a download under its
// recognised type (never as the type the uploader claimed), so a file cannot run as a page.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/web/require.server";
import { readOrRefuse, uuidParam } from "~/web/forms.server";
import { loadAttachment } from "~/services/publication/load-appeal.server";
import { fileResponse } from "~/web/download.server";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const file = await readOrRefuse(loadAttachment(context.deps.db, user, uuidParam(params, "appealId"), uuidParam(params, "attachmentId")));
  return fileResponse(
    Buffer.from(file.content),
    { name: file.fileName, asciiName: "attachment", type: file.contentType },
    { "Cache-Control": "private, no-store" },
  );
}
