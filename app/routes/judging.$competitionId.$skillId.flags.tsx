// Problems judges flagged from their tablets, for the chief judge: open ones first, each closed
// with a note. Updated live: a new flag in the skill's staff room reloads the list.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { localized } from "~/i18n/i18n";
import { roomName } from "~/realtime/rooms";
import { useRoom } from "~/realtime/use-room";
import { getSkill } from "~/services/queries.server";
import { requireChiefJudge } from "~/web/require.server";
import { notFoundUnless, runFormAction, uuidParam } from "~/web/forms.server";
import { listJudgeFlags, resolveJudgeFlag, ResolveJudgeFlagSchema, type JudgeFlagView } from "~/services/judging/judge-flags.server";
import { DataTable } from "~/components/data-table";
import { FormErrorSummary } from "~/components/form";
import { formatDateTime } from "~/components/format";
import { titled } from "~/components/meta";
import { useLocale } from "~/components/use-locale";

export const meta: MetaFunction = ({ matches }) => titled(matches, "flags.title");

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const scope = { competitionId: uuidParam(params, "competitionId"), skillId: uuidParam(params, "skillId") };
  await requireChiefJudge(request, context, scope);
  const skill = notFoundUnless(await getSkill(context.deps.db, scope.competitionId, scope.skillId));
  return { scope, skill: { nameZh: skill.nameZh, nameEn: skill.nameEn }, flags: await listJudgeFlags(context.deps.db, scope) };
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const scope = { competitionId: uuidParam(params, "competitionId"), skillId: uuidParam(params, "skillId") };
  const user = await requireChiefJudge(request, context, scope);
  return runFormAction(request, ResolveJudgeFlagSchema, async (input) => {
    await resolveJudgeFlag(context.deps, user, scope, input);
    return { done: input.flagId };
  });
}

const column = createColumnHelper<JudgeFlagView>();

function ResolveForm({ flag }: { flag: JudgeFlagView }) {
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  if (flag.resolution) return <span className="badge ok">{t("flags.stateResolved", { note: flag.resolution.note })}</span>;
  return (
    <Form method="post" className="inline-form">
      <input type="hidden" name="flagId" value={flag.id} />
      <span className="badge warn">{t("flags.stateOpen")}</span>
      <label>
        {t("flags.note")}
        <input name="note" required maxLength={2000} />
      </label>
      <button type="submit" className="button" disabled={busy}>
        {t("flags.resolve")}
      </button>
    </Form>
  );
}

export default function FlagsPage() {
  const { scope, skill, flags } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const { t } = useTranslation();
  const locale = useLocale();
  const revalidator = useRevalidator();
  useRoom(roomName({ audience: "staff", ...scope }), {
    onEvent: (event) => {
      if (event.type === "flag.raised" || event.type === "flag.resolved") revalidator.revalidate();
    },
    onResync: () => revalidator.revalidate(),
  });
  const columns = useMemo(
    () => [
      column.accessor("code", { header: t("flags.columns.code") }),
      column.accessor((f) => f.aspectCode ?? "—", { id: "aspect", header: t("flags.columns.aspect") }),
      column.accessor("judgeName", { header: t("flags.columns.judge") }),
      column.accessor("text", { header: t("flags.columns.text") }),
      column.accessor("raisedAt", { header: t("flags.columns.raisedAt"), cell: (c) => formatDateTime(locale, c.getValue()) }),
      column.display({ id: "state", header: t("flags.columns.state"), cell: (c) => <ResolveForm flag={c.row.original} /> }),
    ],
    [t, locale],
  );
  const open = flags.filter((f) => !f.resolution).length;
  return (
    <section className="panel">
      <p className="eyebrow">{localized(locale, skill.nameZh, skill.nameEn)}</p>
      <h1>{t("flags.title")}</h1>
      <p>{t("flags.intro")}</p>
      <FormErrorSummary state={reply && "fieldErrors" in reply ? reply : undefined} />
      {reply && "done" in reply ? (
        <p className="notice" role="status">
          {t("flags.resolved")}
        </p>
      ) : null}
      {flags.length === 0 ? (
        <p>{t("flags.none")}</p>
      ) : (
        <>
          <p>
            <span className="badge warn">{t("flags.open", { count: open })}</span>
          </p>
          <DataTable data={flags} columns={columns} caption={t("flags.title")} pageSize={50} getRowId={(f) => f.id} />
        </>
      )}
    </section>
  );
}
