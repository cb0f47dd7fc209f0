// POST /api/v1/competitions/:competitionId/skills/:skillId/marks — a judge records or corrects a
// mark; see answerRecordMark. The server's marking lane answers this POST before the route table
// is consulted (server/marking-lane.ts, decision 021) with the same function; this route answers
// the other methods, and the POST wherever the app runs without that server.
import type { ActionFunctionArgs } from "@remix-run/node";
import { answerRecordMark } from "~/web/record-mark-api.server";

export function action({ params, request, context }: ActionFunctionArgs) {
  return answerRecordMark(request, params, context);
}

export function loader() {
  return Response.json({ error: { code: "METHOD_NOT_ALLOWED", message: "POST a mark" } }, { status: 405 });
}
