// The check-in desk 检录台 of one skill on competition day (docs/decisions/013), for a tablet at the
// desk: search (name, the masked ID number's tail, a code), the list with each competitor's state,
// and for the chosen competitor the identity check, the steps the signed-in person may take and
// the history. Organizers and supervisors see who competitors are; the skill's chief judge sees
// codes only. Live: a state changed elsewhere reloads the page's data.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useRevalidator } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { actionsAvailable, maxExtraMinutes, parseCheckInQuery, type CompetitorState } from "~/domain/registration/check-in";
import { localized } from "~/i18n/i18n";
import { roomName } from "~/realtime/rooms";
import { useRoom } from "~/realtime/use-room";
import { getSkill } from "~/services/queries.server";
import { requireCheckInReader } from "~/web/require.server";
import { notFoundUnless, runFormAction, uuidParam } from "~/web/forms.server";
import { capacitiesOf, ChangeCompetitorStateSchema, changeCompetitorState } from "~/services/registration/change-competitor-state.server";
import { listCheckInCodes, listCheckInIdentities, listCheckInWitnesses, loadStateHistory } from "~/services/registration/check-in-desk.server";
import { checkbox, isUuid } from "~/domain/fields";
import { CheckInActions } from "~/components/check-in-actions";
import { DataTable } from "~/components/data-table";
import { formatDate, formatDateTime } from "~/components/format";
import { titled } from "~/components/meta";
import { useLocale } from "~/components/use-locale";
import { canSeeIdentities } from "~/domain/access/policy";

export const meta: MetaFunction = ({ matches }) => titled(matches, "checkIn.title");

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const scope = { competitionId: uuidParam(params, "competitionId"), skillId: uuidParam(params, "skillId") };
  const user = await requireCheckInReader(request, context, scope);
  const db = context.deps.db;
  const skill = notFoundUnless(await getSkill(db, scope.competitionId, scope.skillId));
  const url = new URL(request.url);
  const q = url.searchParams.get("q") ?? "";
  const wanted = url.searchParams.get("competitor");
  const chosenId = wanted && isUuid(wanted) ? wanted.toLowerCase() : null;
  const view = canSeeIdentities(user, scope) ? ("identity" as const) : ("codes" as const);
  const capacities = capacitiesOf(user, scope);

  // One row shape for both views; the codes view leaves every identifying field null.
  const list = async (query: ReturnType<typeof parseCheckInQuery>) =>
    view === "identity"
      ? (await listCheckInIdentities(db, context.deps.secrets, scope, query)).map((c) => ({
          id: c.id,
          code: c.workstationNo ?? c.registrationNo,
          registrationNo: c.registrationNo,
          checkInNo: c.checkInNo,
          workstationNo: c.workstationNo,
          members: c.members,
          delegation: { nameZh: c.delegationNameZh, nameEn: c.delegationNameEn },
          state: c.state,
          extraMinutes: c.extraMinutes,
        }))
      : (await listCheckInCodes(db, scope, query)).map((c) => ({
          id: c.id,
          code: c.code,
          registrationNo: null,
          checkInNo: null,
          workstationNo: null,
          members: null,
          delegation: null,
          state: c.state,
          extraMinutes: c.extraMinutes,
        }));
  const rows = await list(parseCheckInQuery(q));
  const chosen = chosenId ? (rows.find((r) => r.id === chosenId) ?? (await list(null)).find((r) => r.id === chosenId) ?? null) : null;
  const history = chosen ? await loadStateHistory(db, scope, chosen.id) : [];
  return {
    competitionId: scope.competitionId,
    skillId: scope.skillId,
    skill: { nameZh: skill.nameZh, nameEn: skill.nameEn },
    view,
    isOrganizer: capacities.isCheckInStaff,
    q,
    rows,
    chosen: chosen ? { ...chosen, actions: actionsAvailable(chosen.state, capacities) } : null,
    history: history.map((h) => ({ ...h, occurredAt: h.occurredAt.toISOString() })),
    witnesses: capacities.isCheckInStaff && chosen ? await listCheckInWitnesses(db, scope) : [],
    // A fresh id for the next submission; a repeat of the same one is answered from the record.
    submissionId: crypto.randomUUID(),
    maxExtraMinutes,
  };
}

const CheckInFormSchema = ChangeCompetitorStateSchema.extend({ confirmIdentity: checkbox }).superRefine((v, ctx) => {
  // The desk confirms, in so many words, that the document was checked.
  if (v.action === "check_in" && !v.confirmIdentity) ctx.addIssue({ code: "custom", message: "required", path: ["confirmIdentity"] });
});

export async function action({ params, request, context }: ActionFunctionArgs) {
  const scope = { competitionId: uuidParam(params, "competitionId"), skillId: uuidParam(params, "skillId") };
  const user = await requireCheckInReader(request, context, scope);
  return runFormAction(request, CheckInFormSchema, async (input) => {
    const done = await changeCompetitorState(context.deps, user, scope, input);
    return { done: { competitorId: done.competitorId, action: done.action, state: done.state, repeated: done.repeated } };
  });
}

type Data = Awaited<ReturnType<typeof loader>>;
type Row = Data["rows"][number];
type HistoryRow = Data["history"][number];
const column = createColumnHelper<Row>();
const historyColumn = createColumnHelper<HistoryRow>();

function StateBadge({ state }: { state: CompetitorState }) {
  const { t } = useTranslation();
  const tone = state === "ready" || state === "finished" ? " ok" : state === "competing" ? " live" : state === "registered" ? "" : " warn";
  return <span className={`badge state-${state}${tone}`}>{t(`checkIn.state.${state}`)}</span>;
}

function namesOf(row: Row): string {
  return row.members?.map((m) => m.name).join("、") ?? "";
}

export default function CheckInPage() {
  const data = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const { t } = useTranslation();
  const locale = useLocale();
  const location = useLocation();
  const revalidator = useRevalidator();
  useRoom(roomName({ audience: "staff", competitionId: data.competitionId, skillId: data.skillId }), {
    onEvent: (event) => {
      if (event.type === "competitor.state_changed") revalidator.revalidate();
    },
    onResync: () => revalidator.revalidate(),
  });
  const identity = data.view === "identity";
  const skillName = localized(locale, data.skill.nameZh, data.skill.nameEn);
  const here = location.pathname;
  const linkTo = (competitorId: string | null) => {
    const search = new URLSearchParams();
    if (data.q) search.set("q", data.q);
    if (competitorId) search.set("competitor", competitorId);
    const s = search.toString();
    return s ? `${here}?${s}` : here;
  };
  const formState = reply && "fieldErrors" in reply ? reply : undefined;
  const done = reply && "done" in reply ? reply.done : null;

  const columns = useMemo(
    () => [
      ...(identity
        ? [
            column.accessor((r) => r.checkInNo ?? "", { id: "checkInNo", header: t("checkIn.columns.checkInNo") }),
            column.accessor((r) => r.workstationNo ?? "", { id: "workstationNo", header: t("checkIn.columns.workstationNo") }),
            column.accessor((r) => r.registrationNo ?? "", { id: "registrationNo", header: t("checkIn.columns.registrationNo") }),
            column.accessor((r) => namesOf(r), { id: "name", header: t("checkIn.columns.name") }),
            column.accessor((r) => r.members?.map((m) => m.idNumberMasked).join(" ") ?? "", {
              id: "idNumber",
              header: t("checkIn.columns.idNumber"),
              cell: (c) => <span className="code-text">{c.getValue()}</span>,
            }),
            column.accessor((r) => (r.delegation ? localized(locale, r.delegation.nameZh, r.delegation.nameEn) : ""), {
              id: "delegation",
              header: t("checkIn.columns.delegation"),
            }),
          ]
        : [column.accessor("code", { header: t("checkIn.columns.code") })]),
      column.accessor((r) => t(`checkIn.state.${r.state}`), {
        id: "state",
        header: t("checkIn.columns.state"),
        cell: (c) => <StateBadge state={c.row.original.state} />,
      }),
      column.accessor((r) => r.extraMinutes ?? 0, {
        id: "extraTime",
        header: t("checkIn.columns.extraTime"),
        cell: (c) => (c.getValue() > 0 ? t("checkIn.minutes", { minutes: c.getValue() }) : ""),
      }),
      column.display({
        id: "open",
        header: t("checkIn.columns.open"),
        cell: (c) => (
          <Link
            className="button"
            to={linkTo(c.row.original.id)}
            aria-current={c.row.original.id === data.chosen?.id ? "true" : undefined}
            aria-label={`${t("checkIn.open")} · ${identity ? namesOf(c.row.original) : c.row.original.code}`}
          >
            {t("checkIn.open")}
          </Link>
        ),
      }),
    ],
    // linkTo depends on the query and the path only.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [t, locale, identity, data.q, here, data.chosen?.id],
  );
  const historyColumns = useMemo(
    () => [
      historyColumn.accessor((h) => formatDateTime(locale, h.occurredAt), { id: "at", header: t("checkIn.historyColumns.at") }),
      historyColumn.accessor((h) => t(`checkIn.actionName.${h.action}`), { id: "action", header: t("checkIn.historyColumns.action") }),
      historyColumn.accessor((h) => `${t(`checkIn.state.${h.fromState}`)} → ${t(`checkIn.state.${h.toState}`)}`, {
        id: "change",
        header: t("checkIn.historyColumns.change"),
      }),
      historyColumn.accessor((h) => (h.extraMinutes ? t("checkIn.minutes", { minutes: h.extraMinutes }) : ""), {
        id: "minutes",
        header: t("checkIn.historyColumns.minutes"),
      }),
      historyColumn.accessor((h) => h.reason ?? "", { id: "reason", header: t("checkIn.historyColumns.reason") }),
      historyColumn.accessor("actorName", { header: t("checkIn.historyColumns.actor") }),
      historyColumn.accessor((h) => h.witnessName ?? "", { id: "witness", header: t("checkIn.historyColumns.witness") }),
    ],
    [t, locale],
  );

  const chosen = data.chosen;
  const chosenTitle = chosen ? (identity ? namesOf(chosen) : t("checkIn.competitor", { code: chosen.code })) : "";
  return (
    <>
      <section className="panel">
        <p className="form-actions">
          <Link to={data.isOrganizer ? `/admin/competitions/${data.competitionId}/check-in` : "/judging"}>
            ← {data.isOrganizer ? t("checkIn.title") : t("judging.title")}
          </Link>
        </p>
        <h1>{t("checkIn.pageTitle", { skill: skillName })}</h1>
        <p>{identity ? t("checkIn.introIdentity") : t("checkIn.introCodes")}</p>
        <Form method="get" action={here} className="check-in-search" role="search">
          <div className="field">
            <label htmlFor="check-in-q">{t("checkIn.search")}</label>
            <input
              id="check-in-q"
              name="q"
              type="search"
              defaultValue={data.q}
              key={data.q}
              maxLength={50}
              autoComplete="off"
              spellCheck={false}
              aria-describedby="check-in-q-hint"
              enterKeyHint="search"
            />
            <small id="check-in-q-hint" className="hint">
              {identity ? t("checkIn.searchHint") : t("checkIn.searchCodesHint")}
            </small>
          </div>
          <button type="submit" className="button primary">
            {t("checkIn.searchButton")}
          </button>
          {data.q ? (
            <Link className="button" to={here}>
              {t("checkIn.clear")}
            </Link>
          ) : null}
        </Form>
      </section>

      {chosen ? (
        <section className="panel" aria-labelledby="chosen-competitor">
          <div className="panel-heading">
            <h2 id="chosen-competitor">{chosenTitle}</h2>
            <StateBadge state={chosen.state} />
          </div>
          {done && done.competitorId === chosen.id ? (
            <p className="notice" role="status">
              {done.repeated
                ? t("checkIn.repeated", { state: t(`checkIn.state.${done.state}`) })
                : t("checkIn.done", { action: t(`checkIn.actionName.${done.action}`), state: t(`checkIn.state.${done.state}`) })}
            </p>
          ) : null}
          {identity ? <h3 className="subsection">{t("checkIn.identity")}</h3> : null}
          <dl className="facts">
            {identity
              ? chosen.members?.map((m) => (
                  <div key={m.idNumberMasked} className="fact-group">
                    <div>
                      <dt>{t("checkIn.fields.name")}</dt>
                      <dd>{m.name}</dd>
                    </div>
                    <div>
                      <dt>{t("checkIn.fields.idNumber")}</dt>
                      <dd className="code-text">{m.idNumberMasked}</dd>
                    </div>
                    <div>
                      <dt>{t("checkIn.fields.birthDate")}</dt>
                      <dd>{formatDate(locale, m.birthDate)}</dd>
                    </div>
                    <div>
                      <dt>{t("checkIn.fields.gender")}</dt>
                      <dd>{t(`checkIn.gender.${m.gender}`)}</dd>
                    </div>
                  </div>
                ))
              : null}
            {identity && chosen.delegation ? (
              <div>
                <dt>{t("checkIn.fields.delegation")}</dt>
                <dd>{localized(locale, chosen.delegation.nameZh, chosen.delegation.nameEn)}</dd>
              </div>
            ) : null}
            {identity ? (
              <>
                <div>
                  <dt>{t("checkIn.fields.registrationNo")}</dt>
                  <dd>{chosen.registrationNo}</dd>
                </div>
                <div>
                  <dt>{t("checkIn.fields.checkInNo")}</dt>
                  <dd>{chosen.checkInNo ?? t("checkIn.notDrawn")}</dd>
                </div>
                <div>
                  <dt>{t("checkIn.fields.workstationNo")}</dt>
                  <dd>{chosen.workstationNo ?? t("checkIn.notDrawn")}</dd>
                </div>
              </>
            ) : null}
            <div>
              <dt>{t("checkIn.fields.extraTime")}</dt>
              <dd>{t("checkIn.minutes", { minutes: chosen.extraMinutes ?? 0 })}</dd>
            </div>
          </dl>
          <CheckInActions
            key={`${chosen.id}:${chosen.state}:${data.history.length}`}
            formAction={linkTo(chosen.id)}
            competitorId={chosen.id}
            state={chosen.state}
            actions={chosen.actions}
            submissionId={data.submissionId}
            witnesses={data.witnesses}
            maxExtraMinutes={data.maxExtraMinutes}
            reply={formState}
          />
          <h3 className="subsection">{t("checkIn.history")}</h3>
          {data.history.length === 0 ? (
            <p>{t("checkIn.noHistory")}</p>
          ) : (
            <DataTable data={data.history} columns={historyColumns} caption={t("checkIn.history")} filterable={false} getRowId={(h) => String(h.id)} />
          )}
          <p>
            <Link to={linkTo(null)}>← {t("checkIn.back")}</Link>
          </p>
        </section>
      ) : null}

      <section className="panel" aria-labelledby="check-in-list">
        <h2 id="check-in-list">{t("checkIn.list")}</h2>
        {data.rows.length === 0 ? (
          <p>{t("checkIn.noResults")}</p>
        ) : (
          <DataTable data={data.rows} columns={columns} caption={t("checkIn.list")} filterable={false} pageSize={50} getRowId={(r) => r.id} />
        )}
      </section>
    </>
  );
}
