// Declared relations for recusal 回避: the organizer records that a judge is a relative, teacher
// or student of a competitor (or has another tie); from then on the server refuses that judge's
// marks for that competitor. Declarations are withdrawn with a reason, never deleted.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { relationKinds } from "~/domain/judging/conflicts";
import { localized } from "~/i18n/i18n";
import { requireOrganizer } from "~/web/require.server";
import { runFormAction, uuidParam } from "~/web/forms.server";
import {
  DeclareRelationSchema,
  WithdrawRelationSchema,
  declareRelation,
  listDeclaredRelations,
  withdrawRelation,
} from "~/services/judging/declared-relations.server";
import { DataTable } from "~/components/data-table";
import { FormErrorSummary, SelectField, TextField } from "~/components/form";
import { formatDateTime } from "~/components/format";
import { useLocale } from "~/components/use-locale";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const competitionId = uuidParam(params, "competitionId");
  await requireOrganizer(request, context, competitionId);
  const db = context.deps.db;
  const [judges, competitors, relations] = await Promise.all([
    db
      .selectFrom("roleAssignment")
      .innerJoin("appUser", "appUser.id", "roleAssignment.userId")
      .select(["appUser.id", "appUser.displayName", "appUser.username"])
      .distinct()
      .where("roleAssignment.competitionId", "=", competitionId)
      .where("roleAssignment.role", "in", ["judge", "chief_judge", "deputy_chief_judge"])
      .orderBy("appUser.username")
      .execute(),
    db
      .selectFrom("competitor")
      .innerJoin("skill", "skill.id", "competitor.skillId")
      .innerJoin("competitorMember", "competitorMember.competitorId", "competitor.id")
      .innerJoin("person", "person.id", "competitorMember.personId")
      .select(["competitor.id", "competitor.registrationNo", "skill.nameZh", "skill.nameEn", "person.name"])
      .where("competitor.competitionId", "=", competitionId)
      .orderBy("competitor.registrationNo")
      .execute(),
    listDeclaredRelations(context.deps, competitionId),
  ]);
  return {
    judges,
    competitors,
    relations: relations.map((r) => ({ ...r, declaredAt: r.declaredAt.toISOString(), withdrawnAt: r.withdrawnAt?.toISOString() ?? null })),
  };
}

const RelationFormSchema = z.discriminatedUnion("intent", [
  DeclareRelationSchema.extend({ intent: z.literal("declare") }),
  WithdrawRelationSchema.extend({ intent: z.literal("withdraw") }),
]);

export async function action({ params, request, context }: ActionFunctionArgs) {
  const competitionId = uuidParam(params, "competitionId");
  const user = await requireOrganizer(request, context, competitionId);
  return runFormAction(request, RelationFormSchema, async (input) => {
    if (input.intent === "declare") await declareRelation(context.deps, user, competitionId, input);
    else await withdrawRelation(context.deps, user, competitionId, input);
    return { done: input.intent };
  });
}

type Row = Awaited<ReturnType<typeof loader>>["relations"][number];
const column = createColumnHelper<Row>();

export default function RelationsTab() {
  const data = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const { t } = useTranslation();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const state = reply && "fieldErrors" in reply ? reply : undefined;
  const columns = useMemo(
    () => [
      column.accessor("judgeName", { header: t("relations.judge") }),
      column.accessor("personName", { header: t("relations.person") }),
      column.accessor((r) => t(`relations.kind.${r.kind}`), { id: "kind", header: t("relations.kindLabel") }),
      column.accessor((r) => r.note ?? "", { id: "note", header: t("relations.note") }),
      column.accessor((r) => formatDateTime(locale, r.declaredAt), { id: "declaredAt", header: t("relations.declaredAt") }),
      column.display({
        id: "state",
        header: t("relations.state"),
        cell: (c) =>
          c.row.original.withdrawnAt ? (
            <small className="hint">{t("relations.withdrawn", { reason: c.row.original.withdrawnReason })}</small>
          ) : (
            <Form method="post" className="inline-form">
              <input type="hidden" name="relationId" value={c.row.original.id} />
              <label>
                {t("relations.withdrawReason")}
                <input name="reason" required maxLength={500} />
              </label>
              <button type="submit" name="intent" value="withdraw" className="button" disabled={busy}>
                {t("relations.withdraw")}
              </button>
            </Form>
          ),
      }),
    ],
    [t, locale, busy],
  );
  return (
    <section className="panel">
      <h2>{t("relations.title")}</h2>
      <p>{t("relations.intro")}</p>
      <FormErrorSummary state={state} />
      {reply && "done" in reply ? (
        <p className="notice" role="status">
          {t(`relations.done.${reply.done}`)}
        </p>
      ) : null}
      <Form method="post" className="form-grid">
        <SelectField
          name="judgeUserId"
          label={t("relations.judge")}
          state={state}
          required
          emptyOption=""
          options={data.judges.map((j) => ({ value: j.id, label: `${j.displayName} (${j.username})` }))}
        />
        <SelectField
          name="competitorId"
          label={t("relations.competitor")}
          state={state}
          required
          emptyOption=""
          options={data.competitors.map((c) => ({ value: c.id, label: `${c.registrationNo} · ${c.name} · ${localized(locale, c.nameZh, c.nameEn)}` }))}
        />
        <SelectField
          name="kind"
          label={t("relations.kindLabel")}
          state={state}
          required
          options={relationKinds.map((k) => ({ value: k, label: t(`relations.kind.${k}`) }))}
        />
        <TextField name="note" label={t("relations.note")} state={state} maxLength={500} />
        <div className="form-actions">
          <button type="submit" name="intent" value="declare" className="button primary" disabled={busy}>
            {t("relations.declare")}
          </button>
        </div>
      </Form>
      {data.relations.length === 0 ? (
        <p>{t("relations.none")}</p>
      ) : (
        <DataTable data={data.relations} columns={columns} caption={t("relations.title")} getRowId={(r) => r.id} />
      )}
    </section>
  );
}
