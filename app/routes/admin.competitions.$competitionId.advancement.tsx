// The organizer's 晋级 tab: the competition's advancement rules (add; withdraw with a reason) and
// the persons its published results have qualified so far, per skill (name, masked ID number,
// delegation, rank, award, kind, target). The rules run on every publication (decision 018).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { tracks } from "~/domain/competition/ladder";
import { advancementKinds } from "~/domain/advancement/advancement";
import { localized } from "~/i18n/i18n";
import { requireOrganizer } from "~/web/require.server";
import { runFormAction, uuidParam } from "~/web/forms.server";
import {
  CreateAdvancementRuleSchema,
  WithdrawAdvancementRuleSchema,
  createAdvancementRule,
  listAdvancementRules,
  listTargetCompetitions,
  withdrawAdvancementRule,
} from "~/services/advancement/advancement-rules.server";
import { qualifiedCells, qualifiedHeaders, type QualifiedColumn } from "~/components/advancement/qualified-cells";
import { listQualifiedFromCompetition } from "~/services/advancement/qualified-persons.server";
import { DataTable } from "~/components/data-table";
import { FormErrorSummary, SelectField, TextField } from "~/components/form";
import { useLocale } from "~/components/use-locale";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const competitionId = uuidParam(params, "competitionId");
  await requireOrganizer(request, context, competitionId);
  const db = context.deps.db;
  const [rules, targets, qualified] = await Promise.all([
    listAdvancementRules(db, competitionId),
    listTargetCompetitions(db, competitionId),
    listQualifiedFromCompetition(db, competitionId),
  ]);
  return { competitionId, rules, targets, qualified };
}

const AdvancementFormSchema = z.discriminatedUnion("intent", [
  CreateAdvancementRuleSchema.extend({ intent: z.literal("create") }),
  WithdrawAdvancementRuleSchema.extend({ intent: z.literal("withdraw") }),
]);

export async function action({ params, request, context }: ActionFunctionArgs) {
  const competitionId = uuidParam(params, "competitionId");
  const user = await requireOrganizer(request, context, competitionId);
  return runFormAction(request, AdvancementFormSchema, async (input) => {
    if (input.intent === "create") {
      const { intent: _intent, ...rule } = input;
      const { added } = await createAdvancementRule(context.deps, user, competitionId, rule);
      return { done: "created" as const, count: added };
    }
    const { revoked } = await withdrawAdvancementRule(context.deps, user, competitionId, input);
    return { done: "withdrawn" as const, count: revoked };
  });
}

type Data = Awaited<ReturnType<typeof loader>>;
type QualifiedRow = Data["qualified"][number];
const column = createColumnHelper<QualifiedRow>();

export default function AdvancementTab() {
  const data = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const { t } = useTranslation();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const state = reply && "fieldErrors" in reply ? reply : undefined;
  const columns = useMemo(() => {
    const headers = qualifiedHeaders(t);
    // Each row's cells once, whichever column asks first.
    const cells = new WeakMap<QualifiedRow, ReturnType<typeof qualifiedCells>>();
    const cellsOf = (r: QualifiedRow) => cells.get(r) ?? cells.set(r, qualifiedCells(r, t, locale)).get(r)!;
    const text = (c: QualifiedColumn) => column.accessor((r) => cellsOf(r)[c], { id: c, header: headers[c] });
    return [
      text("skill"),
      column.accessor("name", {
        header: headers.name,
        cell: (c) => <a href={`/people/${c.row.original.personId}`}>{c.getValue()}</a>,
      }),
      column.accessor("idNumberMasked", { header: headers.idNumberMasked, cell: (c) => <span className="code-text">{c.getValue()}</span> }),
      text("delegation"),
      text("rank"),
      text("award"),
      text("kind"),
      text("target"),
    ];
  }, [t, locale]);
  return (
    <>
      <section className="panel">
        <h2>{t("advancement.rules")}</h2>
        <p>{t("advancement.intro")}</p>
        <FormErrorSummary state={state} />
        {reply && "done" in reply ? (
          <p className="notice" role="status">
            {reply.done === "created" ? t("advancement.created", { count: reply.count }) : t("advancement.withdrawnDone", { count: reply.count })}
          </p>
        ) : null}
        {data.rules.length === 0 ? <p>{t("advancement.noRules")}</p> : null}
        <ul className="registration-list advancement-rules">
          {data.rules.map((rule) => (
            <li key={rule.id} className="registration-card">
              <div className="card-head">
                <strong>{t(`advancement.kind.${rule.kind}`)}</strong>
                <span className="badge">
                  {rule.targetCompetition ? localized(locale, rule.targetCompetition.nameZh, rule.targetCompetition.nameEn) : t(`level.${rule.targetLevel}`)}
                </span>
                <span className={`badge${rule.withdrawnAt ? " warn" : " ok"}`}>
                  {rule.withdrawnAt ? t("advancement.withdrawn", { reason: rule.withdrawnReason }) : t("advancement.active")}
                </span>
              </div>
              <p>
                {rule.topNTeam !== null
                  ? t("advancement.ruleSummaryTeam", { topN: rule.topN, topNTeam: rule.topNTeam })
                  : t("advancement.ruleSummary", { topN: rule.topN })}{" "}
                · {rule.track ? t(`track.${rule.track}`) : t("advancement.anyTrack")}
              </p>
              {rule.withdrawnAt ? null : (
                <Form method="post" className="inline-form">
                  <input type="hidden" name="ruleId" value={rule.id} />
                  <label>
                    {t("advancement.withdrawReason")}
                    <input name="reason" required maxLength={500} />
                  </label>
                  <button type="submit" name="intent" value="withdraw" className="button" disabled={busy}>
                    {t("advancement.withdraw")}
                  </button>
                </Form>
              )}
            </li>
          ))}
        </ul>
        {data.targets.levels.length > 0 ? (
          <Form method="post" className="form-grid subsection" aria-label={t("advancement.addRule")}>
            <h3>{t("advancement.addRule")}</h3>
            <SelectField
              name="kind"
              label={t("advancement.kindLabel")}
              state={state}
              required
              options={advancementKinds.map((k) => ({ value: k, label: t(`advancement.kind.${k}`) }))}
            />
            <SelectField
              name="targetLevel"
              label={t("advancement.targetLevel")}
              state={state}
              required
              options={data.targets.levels.map((l) => ({ value: l, label: t(`level.${l}`) }))}
            />
            <SelectField
              name="targetCompetitionId"
              label={t("advancement.targetCompetition")}
              state={state}
              emptyOption={t("advancement.anyCompetition")}
              options={data.targets.competitions.map((c) => ({ value: c.id, label: `${localized(locale, c.nameZh, c.nameEn)} · ${t(`level.${c.level}`)}` }))}
            />
            <TextField name="topN" label={t("advancement.topN")} state={state} type="number" min={1} max={1000} required inputMode="numeric" stored={5} />
            <TextField name="topNTeam" label={t("advancement.topNTeam")} state={state} type="number" min={1} max={1000} inputMode="numeric" />
            <SelectField
              name="track"
              label={t("advancement.track")}
              state={state}
              emptyOption={t("advancement.anyTrack")}
              options={tracks.map((k) => ({ value: k, label: t(`track.${k}`) }))}
            />
            <div className="form-actions">
              <button type="submit" name="intent" value="create" className="button primary" disabled={busy}>
                {t("advancement.create")}
              </button>
            </div>
          </Form>
        ) : null}
      </section>
      <section className="panel">
        <h2>{t("advancement.qualified")}</h2>
        <p>{t("advancement.qualifiedIntro")}</p>
        {data.qualified.length === 0 ? (
          <p>{t("advancement.noQualified")}</p>
        ) : (
          <>
            <div className="form-actions">
              <a className="button" href={`/admin/competitions/${data.competitionId}/advancement.xlsx`} download>
                {t("advancement.exportXlsx")}
              </a>
            </div>
            <DataTable data={data.qualified} columns={columns} caption={t("advancement.qualified")} getRowId={(r) => r.id} />
          </>
        )}
      </section>
    </>
  );
}
