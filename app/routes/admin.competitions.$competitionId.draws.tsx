// The draw 抽签 of each skill (docs/decisions/012): where every skill stands (not drawn, check-in
// numbers drawn, workstations drawn); for the chosen skill, the form for the next draw — the
// witnessing supervisor, an optional public seed, a reason when redoing — its record of draws
// with a Verify button each, and the two printouts: the sealed mapping and the workstation list.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import type { DrawKind } from "~/domain/registration/draw";
import { DomainError } from "~/domain/errors";
import { localized } from "~/i18n/i18n";
import { requireOrganizer } from "~/web/require.server";
import { runFormAction, uuidParam } from "~/web/forms.server";
import { loadDrawBoard } from "~/services/registration/draw-board.server";
import { RunDrawSchema, runDraw, verifyDraw } from "~/services/registration/draw.server";
import { DataTable } from "~/components/data-table";
import { FormErrorSummary, SelectField, TextField, type FormState } from "~/components/form";
import { formatDateTime } from "~/components/format";
import { useLocale } from "~/components/use-locale";
import { isUuid } from "~/domain/fields";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const competitionId = uuidParam(params, "competitionId");
  await requireOrganizer(request, context, competitionId);
  const wanted = new URL(request.url).searchParams.get("skill");
  const board = await loadDrawBoard(context.deps.db, competitionId, wanted && isUuid(wanted) ? wanted.toLowerCase() : null);
  return { competitionId, ...board, draws: board.draws.map((d) => ({ ...d, conductedAt: d.conductedAt.toISOString() })) };
}

const DrawFormSchema = z.discriminatedUnion("intent", [
  RunDrawSchema.extend({ intent: z.literal("run"), skillId: z.uuid() }),
  z.object({ intent: z.literal("verify"), drawId: z.uuid() }),
]);

export async function action({ params, request, context }: ActionFunctionArgs) {
  const competitionId = uuidParam(params, "competitionId");
  const user = await requireOrganizer(request, context, competitionId);
  return runFormAction(request, DrawFormSchema, async (input) => {
    if (input.intent === "run") {
      const done = await runDraw(context.deps, user, { competitionId, skillId: input.skillId }, input);
      return { done: { kind: done.kind, entrants: done.entrants, seed: done.seed } };
    }
    const verdict = await verifyDraw(context.deps.db, input.drawId);
    if (verdict.competitionId !== competitionId) throw new DomainError("NOT_FOUND");
    return { verified: verdict.ok ? { drawId: verdict.drawId, ok: true as const } : { drawId: verdict.drawId, ok: false as const, problem: verdict.problem } };
  });
}

type Data = Awaited<ReturnType<typeof loader>>;
type Row = Data["draws"][number];
type Chosen = NonNullable<Data["chosen"]>;
const column = createColumnHelper<Row>();
const skillColumn = createColumnHelper<Data["skills"][number]>();

function RunDrawForm({
  base,
  chosen,
  witnesses,
  drawnKinds,
  state,
}: {
  base: string;
  chosen: Chosen;
  witnesses: Data["witnesses"];
  drawnKinds: ReadonlySet<DrawKind>;
  state?: FormState;
}) {
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  // The next draw first; once both are drawn, only redos.
  const kinds: DrawKind[] = chosen.state === "none" ? ["check_in"] : ["workstation", "check_in"];
  const [kind, setKind] = useState<DrawKind>((state?.values?.kind as DrawKind | undefined) ?? kinds[0]!);
  const isRedo = (k: DrawKind) => drawnKinds.has(k);
  const label = (k: DrawKind) => (isRedo(k) ? t(`draws.redoOption.${k}`) : t(`draws.kindOption.${k}`));
  return (
    <Form method="post" action={`${base}/draws?skill=${chosen.id}`} className="stacked-form" aria-labelledby="run-draw-title">
      <h3 id="run-draw-title">{t(kinds.every(isRedo) ? "draws.formTitle.redo" : "draws.formTitle.next")}</h3>
      <input type="hidden" name="intent" value="run" />
      <input type="hidden" name="skillId" value={chosen.id} />
      <div className="field-grid">
        {kinds.length === 1 ? (
          <p className="field">
            <input type="hidden" name="kind" value={kinds[0]} />
            <span>{t("draws.kind")}</span>
            <strong>{label(kinds[0]!)}</strong>
          </p>
        ) : (
          <SelectField
            name="kind"
            label={t("draws.kind")}
            state={state}
            stored={kind}
            required
            options={kinds.map((k) => ({ value: k, label: label(k) }))}
            onChange={(v) => setKind(v as DrawKind)}
          />
        )}
        <SelectField
          name="witnessUserId"
          label={t("draws.witness")}
          hint={t("draws.witnessHint")}
          state={state}
          required
          emptyOption=""
          options={witnesses.map((w) => ({ value: w.id, label: `${w.displayName} (${w.username})` }))}
        />
        <TextField
          name="seed"
          label={t("draws.seed")}
          hint={t("draws.seedHint")}
          state={state}
          maxLength={200}
          autoComplete="off"
          spellCheck={false}
          className="code-text"
        />
        {isRedo(kind) ? <TextField name="reason" label={t("draws.reason")} hint={t("draws.reasonHint")} state={state} required maxLength={1000} /> : null}
      </div>
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={busy}>
          {isRedo(kind) ? t(`draws.redoOption.${kind}`) : t(`draws.submit.${kind}`)}
        </button>
      </div>
    </Form>
  );
}

function VerifyCell({ action, row, verified }: { action: string; row: Row; verified: { drawId: string; ok: boolean; problem?: string } | null }) {
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  const verdict = verified?.drawId === row.id ? verified : null;
  return (
    <Form method="post" action={action} className="verify-cell">
      <input type="hidden" name="intent" value="verify" />
      <input type="hidden" name="drawId" value={row.id} />
      <button type="submit" className="button" disabled={busy}>
        {t("draws.verify")}
      </button>
      {verdict ? (
        <span role="status" className={`badge ${verdict.ok ? "ok" : "warn"}`}>
          {verdict.ok ? t("draws.verdict.ok") : t("draws.verdict.failed", { problem: t(`draws.problem.${verdict.problem}`) })}
        </span>
      ) : null}
    </Form>
  );
}

export default function DrawsTab() {
  const data = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const { t } = useTranslation();
  const locale = useLocale();
  const base = `/admin/competitions/${data.competitionId}`;
  const state = reply && "fieldErrors" in reply ? reply : undefined;
  const verified = reply && "verified" in reply ? reply.verified : null;
  const chosen = data.chosen;
  const skillColumns = useMemo(
    () => [
      skillColumn.accessor((s) => localized(locale, s.nameZh, s.nameEn), { id: "skill", header: t("draws.skill") }),
      skillColumn.accessor("competitorCount", { header: t("draws.competitors") }),
      skillColumn.accessor((s) => t(`draws.state.${s.state}`), {
        id: "state",
        header: t("draws.stateLabel"),
        cell: (c) => (
          <span className={`badge${c.row.original.state === "workstation" ? " ok" : c.row.original.state === "none" ? " warn" : ""}`}>{c.getValue()}</span>
        ),
      }),
      skillColumn.display({
        id: "open",
        header: t("draws.open"),
        cell: (c) => (
          <Link
            className="button"
            to={`${base}/draws?skill=${c.row.original.id}`}
            aria-current={c.row.original.id === chosen?.id ? "page" : undefined}
            aria-label={`${t("draws.open")} · ${localized(locale, c.row.original.nameZh, c.row.original.nameEn)}`}
          >
            {t("draws.open")}
          </Link>
        ),
      }),
    ],
    [t, locale, base, chosen?.id],
  );
  const columns = useMemo(
    () => [
      column.accessor((r) => formatDateTime(locale, r.conductedAt), { id: "conductedAt", header: t("draws.columns.conductedAt") }),
      column.accessor((r) => t(`draws.kindName.${r.kind}`), { id: "kind", header: t("draws.columns.kind") }),
      column.accessor("entrantCount", { header: t("draws.columns.entrants") }),
      column.accessor("seed", { header: t("draws.columns.seed"), cell: (c) => <code className="seed">{c.getValue()}</code> }),
      column.accessor((r) => t(`draws.seedSource.${r.seedSource}`), { id: "seedSource", header: t("draws.columns.seedSource") }),
      column.accessor("conductorName", { header: t("draws.columns.conductor") }),
      column.accessor("witnessName", { header: t("draws.columns.witness") }),
      column.accessor((r) => (r.inForce ? t("draws.inForce") : t("draws.superseded")), {
        id: "status",
        header: t("draws.columns.status"),
        cell: (c) => <span className={`badge${c.row.original.inForce ? " ok" : ""}`}>{c.getValue()}</span>,
      }),
      column.accessor((r) => r.reason ?? "", { id: "reason", header: t("draws.columns.reason") }),
      column.display({
        id: "verify",
        header: t("draws.columns.verify"),
        cell: (c) => <VerifyCell action={`${base}/draws?skill=${chosen?.id ?? ""}`} row={c.row.original} verified={verified} />,
      }),
    ],
    [t, locale, verified, base, chosen?.id],
  );
  const drawnKinds = new Set(data.draws.map((d) => d.kind));
  const skillName = chosen ? localized(locale, chosen.nameZh, chosen.nameEn) : "";
  return (
    <>
      <section className="panel">
        <h2>{t("draws.title")}</h2>
        <p>{t("draws.intro")}</p>
        {data.skills.length === 0 ? (
          <p>{t("draws.noSkills")}</p>
        ) : (
          <DataTable data={data.skills} columns={skillColumns} caption={t("draws.title")} pageSize={50} getRowId={(s) => s.id} />
        )}
      </section>
      {chosen ? (
        <section className="panel" aria-labelledby="chosen-skill">
          <div className="panel-heading">
            <h2 id="chosen-skill">{t("draws.chosen", { skill: skillName })}</h2>
            <span className={`badge${chosen.state === "workstation" ? " ok" : ""}`}>{t(`draws.state.${chosen.state}`)}</span>
          </div>
          {chosen.state !== "none" ? (
            <p className="form-actions">
              <Link className="button" to={`${base}/draws/${chosen.id}/sealed`}>
                {t("draws.printSealed")}
              </Link>
              {chosen.state === "workstation" ? (
                <Link className="button" to={`${base}/draws/${chosen.id}/codes`}>
                  {t("draws.printCodes")}
                </Link>
              ) : null}
            </p>
          ) : null}
          <FormErrorSummary state={state} />
          {reply && "done" in reply ? (
            <div className="notice" role="status">
              <p>{t(`draws.done.${reply.done.kind}`, { entrants: reply.done.entrants })}</p>
              <p>
                <code className="seed">{t("draws.seedUsed", { seed: reply.done.seed })}</code>
              </p>
            </div>
          ) : null}
          {chosen.marked ? (
            <p className="notice">{t("draws.marked")}</p>
          ) : chosen.competitorCount === 0 ? (
            <p>{t("draws.noCompetitors")}</p>
          ) : data.witnesses.length === 0 ? (
            <p className="form-errors">{t("draws.noWitnesses")}</p>
          ) : (
            <>
              {chosen.state !== "none" && chosen.withoutCheckIn > 0 ? (
                <p className="hint">{t("draws.lateEntrants", { count: chosen.withoutCheckIn })}</p>
              ) : null}
              <RunDrawForm
                key={`${chosen.id}:${chosen.state}:${data.draws.length}`}
                base={base}
                chosen={chosen}
                witnesses={data.witnesses}
                drawnKinds={drawnKinds}
                state={state}
              />
            </>
          )}
          <h3 className="subsection">{t("draws.history")}</h3>
          {data.draws.length === 0 ? (
            <p>{t("draws.none")}</p>
          ) : (
            <DataTable data={data.draws} columns={columns} caption={t("draws.history")} filterable={false} getRowId={(r) => r.id} />
          )}
        </section>
      ) : null}
    </>
  );
}
