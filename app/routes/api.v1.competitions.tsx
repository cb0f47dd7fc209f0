// GET /api/v1/competitions — public competitions (not drafts), newest first.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { listPublicCompetitions } from "~/services/queries.server";

export async function loader({ context }: LoaderFunctionArgs) {
  const competitions = await listPublicCompetitions(context.deps.db);
  return Response.json({ competitions }, { headers: { "Cache-Control": "public, max-age=30" } });
}
