// The organizer's live leaderboard controls: each skill's board with what the public sees, and
// buttons to freeze 封榜, reveal 揭晓, hide until publication or show live results again.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { localized } from "~/i18n/i18n";
import { LeaderboardStatusSchema, type LeaderboardStatus } from "~/realtime/events";
import { requireOrganizer } from "~/web/require.server";
import { runFormAction, uuidParam } from "~/web/forms.server";
import { listLeaderboardStates } from "~/services/leaderboards/leaderboard-state.server";
import { setLeaderboardStatus } from "~/services/leaderboards/set-leaderboard-status.server";
import { DataTable } from "~/components/data-table";
import { FormErrorSummary } from "~/components/form";
import { StatusBadge } from "~/components/leaderboard-parts";
import { formatDateTime } from "~/components/format";
import { useLocale } from "~/components/use-locale";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const competitionId = uuidParam(params, "competitionId");
  await requireOrganizer(request, context, competitionId);
  const skills = await listLeaderboardStates(context.deps.db, competitionId);
  return { competitionId, skills: skills.map((s) => ({ ...s, changedAt: s.changedAt ? s.changedAt.toISOString() : null })) };
}

const StatusFormSchema = z.object({ skillId: z.uuid(), status: LeaderboardStatusSchema });

export async function action({ params, request, context }: ActionFunctionArgs) {
  const competitionId = uuidParam(params, "competitionId");
  const user = await requireOrganizer(request, context, competitionId);
  return runFormAction(request, StatusFormSchema, async (input) => {
    const done = await setLeaderboardStatus(context.deps, user, { competitionId, skillId: input.skillId }, { status: input.status });
    return { changed: { skillId: input.skillId, status: done.status } };
  });
}

type Row = Awaited<ReturnType<typeof loader>>["skills"][number];
const column = createColumnHelper<Row>();

/** The changes offered from each status, most usual first. */
const nextStatuses: Record<LeaderboardStatus, Array<{ status: LeaderboardStatus; label: string; primary?: boolean }>> = {
  live: [
    { status: "frozen", label: "live.controls.freeze", primary: true },
    { status: "hidden", label: "live.controls.hide" },
  ],
  frozen: [
    { status: "live", label: "live.controls.reveal", primary: true },
    { status: "hidden", label: "live.controls.hide" },
  ],
  hidden: [{ status: "live", label: "live.controls.show", primary: true }],
};

function StatusButtons({ row }: { row: Row }) {
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="button-row">
      {nextStatuses[row.status].map((next) => (
        <Form method="post" key={next.status} className="inline-form">
          <input type="hidden" name="skillId" value={row.id} />
          <input type="hidden" name="status" value={next.status} />
          <button type="submit" className={`button small${next.primary ? " primary" : ""}`} disabled={busy}>
            {t(next.label)}
          </button>
        </Form>
      ))}
    </div>
  );
}

export default function LiveControlsPage() {
  const { competitionId, skills } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const { t } = useTranslation();
  const locale = useLocale();
  const changed = reply && "changed" in reply ? (reply.changed as { skillId: string; status: LeaderboardStatus }) : null;
  const changedSkill = changed ? skills.find((s) => s.id === changed.skillId) : null;
  const columns = useMemo(
    () => [
      column.accessor((s) => localized(locale, s.nameZh, s.nameEn), { id: "skill", header: t("live.controls.skill") }),
      column.accessor("status", {
        header: t("live.controls.status"),
        cell: (c) => (
          <>
            <StatusBadge status={c.getValue()} />
            {c.row.original.changedAt ? (
              <small className="hint"> {t("live.controls.since", { time: formatDateTime(locale, c.row.original.changedAt) })}</small>
            ) : null}
          </>
        ),
      }),
      column.display({ id: "actions", header: t("live.controls.actions"), cell: (c) => <StatusButtons row={c.row.original} /> }),
      column.display({
        id: "view",
        header: t("live.controls.view"),
        cell: (c) => (
          <>
            <Link to={`/live/${competitionId}/${c.row.original.id}`}>{t("live.open")}</Link> ·{" "}
            <Link to={`/live/${competitionId}/screen?skill=${c.row.original.id}`}>{t("live.bigScreen")}</Link>
          </>
        ),
      }),
    ],
    [t, locale, competitionId],
  );
  return (
    <section className="panel" aria-labelledby="live-controls-heading">
      <h2 id="live-controls-heading">{t("live.controls.title")}</h2>
      <p className="lead">{t("live.controls.lead")}</p>
      {reply && "fieldErrors" in reply ? <FormErrorSummary state={reply} /> : null}
      {changed && changedSkill ? (
        <p className="notice success" role="status">
          {t("live.controls.changed", { skill: localized(locale, changedSkill.nameZh, changedSkill.nameEn), status: t(`live.status.${changed.status}`) })}
        </p>
      ) : null}
      <DataTable data={skills} columns={columns} caption={t("live.controls.title")} getRowId={(s) => s.id} filterable={skills.length > 10} />
      <p>
        <Link to={`/live/${competitionId}`}>{t("live.title")}</Link>
      </p>
    </section>
  );
}
