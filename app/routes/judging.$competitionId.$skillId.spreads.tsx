// Judgement spreads over the limit, for the chief judge to resolve: each case shows the team's
// scores, where it stands (awaiting a justification, justified, approved, rejected) and the
// justification. The chief judge records a justification the team wrote on paper, and approves
// or rejects it; judges justify from their tablets (or the API). Re-scoring is a correction of
// a mark, after which the case is judged afresh.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { canRunJudging } from "~/domain/access/policy";
import { localized } from "~/i18n/i18n";
import { getSkill } from "~/services/queries.server";
import { requireChiefJudge, requireResultsReader } from "~/web/require.server";
import { notFoundUnless, runFormAction, uuidParam } from "~/web/forms.server";
import { loadSkillResults } from "~/services/results/load-skill-results.server";
import { decideSpread, justifySpread, loadSpreadCases, spreadsOverLimit } from "~/services/marks/spread-resolution.server";
import { DataTable } from "~/components/data-table";
import { FormErrorSummary } from "~/components/form";
import { titled } from "~/components/meta";
import { useLocale } from "~/components/use-locale";

export const meta: MetaFunction = ({ matches }) => titled(matches, "spreads.title");

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const scope = { competitionId: uuidParam(params, "competitionId"), skillId: uuidParam(params, "skillId") };
  const user = await requireResultsReader(request, context, scope);
  const skill = notFoundUnless(await getSkill(context.deps.db, scope.competitionId, scope.skillId));
  const over = spreadsOverLimit(await loadSkillResults(context.deps.db, scope));
  const cases = await loadSpreadCases(context.deps.db, scope.skillId, over);
  const judgeIds = [...new Set(over.flatMap((o) => o.entries.map((e) => e.judgeUserId)))];
  const judges = judgeIds.length ? await context.deps.db.selectFrom("appUser").select(["id", "displayName"]).where("id", "in", judgeIds).execute() : [];
  const judgeName = new Map(judges.map((j) => [j.id, j.displayName]));
  return {
    skill: { nameZh: skill.nameZh, nameEn: skill.nameEn },
    canDecide: canRunJudging(user, scope),
    cases: over.map((o, i) => ({
      id: `${o.competitorId}|${o.aspectCode}`,
      competitorId: o.competitorId,
      code: o.code,
      aspectCode: o.aspectCode,
      scores: o.entries.map((e) => `${judgeName.get(e.judgeUserId) ?? ""}: ${"score" in e.value ? e.value.score : "–"}`).join("；"),
      state: cases[i]!.state,
      justification: cases[i]!.justification,
      decisionNote: cases[i]!.decisionNote,
    })),
  };
}

const SpreadFormSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("justify"), competitorId: z.uuid(), aspectCode: z.string().trim().min(1).max(30), text: z.string().trim().min(1).max(2000) }),
  z.object({
    intent: z.enum(["approve", "reject"]),
    competitorId: z.uuid(),
    aspectCode: z.string().trim().min(1).max(30),
    note: z.string().trim().min(1).max(2000),
  }),
]);

export async function action({ params, request, context }: ActionFunctionArgs) {
  const scope = { competitionId: uuidParam(params, "competitionId"), skillId: uuidParam(params, "skillId") };
  const user = await requireChiefJudge(request, context, scope);
  return runFormAction(request, SpreadFormSchema, async (input) => {
    const target = { competitorId: input.competitorId, aspectCode: input.aspectCode };
    const done =
      input.intent === "justify"
        ? await justifySpread(context.deps, user, scope, { ...target, text: input.text })
        : await decideSpread(context.deps, user, scope, { ...target, approve: input.intent === "approve", note: input.note });
    return { done: { ...target, state: done.state } };
  });
}

type Row = Awaited<ReturnType<typeof loader>>["cases"][number];
const column = createColumnHelper<Row>();

function CaseActions({ row }: { row: Row }) {
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  if (row.state === "approved") return <small className="hint">{row.decisionNote}</small>;
  if (row.state === "justified")
    return (
      <Form method="post" className="inline-form">
        <input type="hidden" name="competitorId" value={row.competitorId} />
        <input type="hidden" name="aspectCode" value={row.aspectCode} />
        <label>
          {t("spreads.note")}
          <input name="note" required maxLength={2000} />
        </label>
        <button type="submit" name="intent" value="approve" className="button primary" disabled={busy}>
          {t("spreads.approve")}
        </button>
        <button type="submit" name="intent" value="reject" className="button" disabled={busy}>
          {t("spreads.reject")}
        </button>
      </Form>
    );
  return (
    <Form method="post" className="inline-form">
      <input type="hidden" name="competitorId" value={row.competitorId} />
      <input type="hidden" name="aspectCode" value={row.aspectCode} />
      <label>
        {t("spreads.paperJustification")}
        <textarea name="text" required maxLength={2000} rows={2} />
      </label>
      <button type="submit" name="intent" value="justify" className="button" disabled={busy}>
        {t("spreads.recordJustification")}
      </button>
    </Form>
  );
}

export default function SpreadsPage() {
  const data = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const { t } = useTranslation();
  const locale = useLocale();
  const state = reply && "fieldErrors" in reply ? reply : undefined;
  const columns = useMemo(
    () => [
      column.accessor("code", { header: t("results.columns.code") }),
      column.accessor("aspectCode", { header: t("results.columns.aspect") }),
      column.accessor("scores", { header: t("spreads.scores") }),
      column.accessor((r) => t(`spreads.state.${r.state}`), {
        id: "state",
        header: t("spreads.stateLabel"),
        cell: (c) => <span className={`badge${c.row.original.state === "approved" ? "" : " warn"}`}>{c.getValue()}</span>,
      }),
      column.accessor((r) => r.justification ?? "", {
        id: "justification",
        header: t("spreads.justification"),
        cell: (c) =>
          c.row.original.state === "rejected" ? `${c.getValue()} — ${t("spreads.rejectedBecause", { note: c.row.original.decisionNote })}` : c.getValue(),
      }),
      ...(data.canDecide ? [column.display({ id: "actions", header: t("spreads.actions"), cell: (c) => <CaseActions row={c.row.original} /> })] : []),
    ],
    [t, data.canDecide],
  );
  return (
    <section className="panel">
      <p className="eyebrow">{localized(locale, data.skill.nameZh, data.skill.nameEn)}</p>
      <h1>{t("spreads.title")}</h1>
      <p>{t("spreads.intro")}</p>
      <FormErrorSummary state={state} />
      {reply && "done" in reply ? (
        <p className="notice" role="status">
          {t(`spreads.done.${reply.done.state}`, { code: reply.done.aspectCode })}
        </p>
      ) : null}
      {data.cases.length === 0 ? (
        <p>{t("spreads.none")}</p>
      ) : (
        <DataTable data={data.cases} columns={columns} caption={t("spreads.title")} pageSize={50} getRowId={(r) => r.id} />
      )}
    </section>
  );
}
