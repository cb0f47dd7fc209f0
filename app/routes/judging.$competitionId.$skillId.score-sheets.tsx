// Paper score sheets of a skill (docs/decisions/011): the chief judge enters a sheet as a CSV file
// (a refused file lists every problem by row and column at once); the list shows each sheet's
// state and who entered and who decided it; a sheet's rows show codes only. Another person who
// may run the skill's judging — a chief judge or an organizer — verifies it (its marks then
// count) or rejects it with a reason.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import type { MarkValue } from "~/domain/marking-scheme/mark-value";
import { localized } from "~/i18n/i18n";
import { getSkill } from "~/services/queries.server";
import { requireResultsReader } from "~/web/require.server";
import { notFoundUnless, runFormAction, uuidParam, replyToRefusal } from "~/web/forms.server";
import { text, isUuid } from "~/domain/fields";
import { enterScoreSheet, listScoreSheets, loadScoreSheet, rejectScoreSheet, verifyScoreSheet } from "~/services/marks/score-sheets.server";
import type { ScoreSheetProblem } from "~/services/marks/score-sheet-csv.server";
import { DataTable } from "~/components/data-table";
import { FormErrorSummary, type FormState } from "~/components/form";
import { formatDateTime } from "~/components/format";
import { titled } from "~/components/meta";
import { useLocale } from "~/components/use-locale";
import { canEnterScoreSheet, canVerifyScoreSheet } from "~/domain/access/policy";
import { readUpload } from "~/web/upload.server";

export const meta: MetaFunction = ({ matches }) => titled(matches, "scoreSheets.title");

const maxFileBytes = 2 * 1024 * 1024;

function scopeOf(params: Record<string, string | undefined>) {
  return { competitionId: uuidParam(params, "competitionId"), skillId: uuidParam(params, "skillId") };
}

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const scope = scopeOf(params);
  const user = await requireResultsReader(request, context, scope);
  const skill = notFoundUnless(await getSkill(context.deps.db, scope.competitionId, scope.skillId));
  const selectedId = new URL(request.url).searchParams.get("sheet") ?? "";
  const [sheets, selected] = await Promise.all([
    listScoreSheets(context.deps.db, scope),
    isUuid(selectedId) ? loadScoreSheet(context.deps.db, scope, selectedId.toLowerCase()) : null,
  ]);
  return {
    skill: { nameZh: skill.nameZh, nameEn: skill.nameEn },
    userId: user.userId,
    canEnter: canEnterScoreSheet(user, scope),
    canDecide: canVerifyScoreSheet(user, scope),
    sheets,
    selected: selected ? { sheet: selected.sheet, rows: selected.rows.map((r) => ({ ...r, id: String(r.row) })) } : null,
  };
}

const DecisionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("verify"), sheetId: z.uuid() }),
  z.object({ intent: z.literal("reject"), sheetId: z.uuid(), reason: text(1000) }),
]);

/** A file's problems, or one refusal of the whole file (`noFile`, `fileTooLarge`, or a DomainError as `errors.CODE`). */
type ReplyProblem = Omit<ScoreSheetProblem, "code"> & { code: string };
type ProblemsReply = { intent: "enter" | "verify"; problems: ReplyProblem[] };

export async function action({ params, request, context }: ActionFunctionArgs) {
  const scope = scopeOf(params);
  const user = await requireResultsReader(request, context, scope);
  const url = new URL(request.url);
  const done = (sheetId: string, what: string) => redirect(`${url.pathname}?sheet=${sheetId}&done=${what}`);
  try {
    if (url.searchParams.get("intent") === "enter") {
      const form = await request.formData().catch(() => null);
      const upload = await readUpload(form, maxFileBytes);
      if (!upload.ok) return data<ProblemsReply>({ intent: "enter", problems: [upload.problem] }, { status: upload.status });
      const outcome = await enterScoreSheet(context.deps, user, scope, { fileName: upload.fileName, bytes: upload.bytes });
      return outcome.ok
        ? done(outcome.sheetId, outcome.replayed ? "replayed" : "entered")
        : data<ProblemsReply>({ intent: "enter", problems: outcome.problems }, { status: 400 });
    }
  } catch (error) {
    return replyToRefusal(error, (refusal): ProblemsReply => ({ intent: "enter", problems: [{ code: `errors.${refusal.code}`, params: refusal.params }] }));
  }
  return runFormAction(request, DecisionSchema, async (input) => {
    if (input.intent === "reject") {
      await rejectScoreSheet(context.deps, user, scope, input.sheetId, input.reason);
      return done(input.sheetId, "rejected");
    }
    const outcome = await verifyScoreSheet(context.deps, user, scope, input.sheetId);
    if (outcome.ok) return done(input.sheetId, "verified");
    const reply: ProblemsReply = { intent: "verify", problems: outcome.problems };
    return reply;
  });
}

type Data = Awaited<ReturnType<typeof loader>>;
type SheetRow = Data["sheets"][number];
type LineRow = NonNullable<Data["selected"]>["rows"][number];
const sheetColumn = createColumnHelper<SheetRow>();
const lineColumn = createColumnHelper<LineRow>();

function useValueText() {
  const { t } = useTranslation();
  return (value: MarkValue) =>
    "score" in value
      ? String(value.score)
      : "mark" in value
        ? value.mark
        : "measured" in value
          ? value.measured
          : "choiceId" in value
            ? value.choiceId
            : value.achieved
              ? t("scoreSheets.yes")
              : t("scoreSheets.no");
}

/** Every problem at once, each at its row and column. */
function Problems({ reply }: { reply: ProblemsReply }) {
  const { t } = useTranslation();
  const message = (p: ReplyProblem) => {
    if (p.code === "noFile" || p.code === "fileTooLarge") return t(`scoreSheets.${p.code}`);
    if (p.code.startsWith("errors.")) return t(p.code, p.params);
    const params: Record<string, string | number> = { ...p.params };
    if (p.code === "JUDGE_CONFLICT" && typeof params.reason === "string") params.reason = t(`errors.conflictReason.${params.reason}`);
    return t(`scoreSheets.problem.${p.code}`, params);
  };
  const place = (p: ReplyProblem) => {
    if (p.row === undefined) return null;
    return p.column ? t("scoreSheets.at", { row: p.row, column: t(`scoreSheets.column.${p.column}`) }) : t("scoreSheets.atRow", { row: p.row });
  };
  return (
    <div className="form-errors" role="alert">
      <p>{t(reply.intent === "enter" ? "scoreSheets.problems" : "scoreSheets.verifyProblems", { count: reply.problems.length })}</p>
      <ul>
        {reply.problems.map((p, i) => (
          <li key={i}>
            {place(p) ? `${place(p)}: ` : null}
            {message(p)}
          </li>
        ))}
      </ul>
    </div>
  );
}

function EnterForm({ reply }: { reply: ProblemsReply | null }) {
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  return (
    <Form method="post" action="?intent=enter" encType="multipart/form-data" className="stacked-form">
      <fieldset className="fieldset">
        <legend>{t("scoreSheets.enter")}</legend>
        <p className="hint">{t("scoreSheets.enterHint")}</p>
        {reply ? <Problems reply={reply} /> : null}
        <div className="field">
          <label htmlFor="score-sheet-file">{t("scoreSheets.file")}</label>
          <input id="score-sheet-file" type="file" name="file" accept=".csv,text/csv" required />
        </div>
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={busy}>
            {t("scoreSheets.upload")}
          </button>
        </div>
      </fieldset>
    </Form>
  );
}

function Decision({ sheetId, state }: { sheetId: string; state?: FormState }) {
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="stacked-form">
      <FormErrorSummary state={state} />
      <Form method="post">
        <input type="hidden" name="sheetId" value={sheetId} />
        <p className="hint">{t("scoreSheets.verifyHint")}</p>
        <div className="form-actions">
          <button type="submit" name="intent" value="verify" className="button primary" disabled={busy}>
            {t("scoreSheets.verify")}
          </button>
        </div>
      </Form>
      <Form method="post">
        <input type="hidden" name="sheetId" value={sheetId} />
        <div className={`field${state?.fieldErrors?.reason ? " has-error" : ""}`}>
          <label htmlFor="reject-reason">{t("scoreSheets.rejectReason")}</label>
          <textarea
            id="reject-reason"
            name="reason"
            required
            maxLength={1000}
            rows={2}
            defaultValue={state?.values?.reason ?? ""}
            aria-invalid={state?.fieldErrors?.reason ? true : undefined}
          />
          {state?.fieldErrors?.reason ? <small className="error">{t(state.fieldErrors.reason.key, state.fieldErrors.reason.params ?? {})}</small> : null}
        </div>
        <div className="form-actions">
          <button type="submit" name="intent" value="reject" className="button" disabled={busy}>
            {t("scoreSheets.reject")}
          </button>
        </div>
      </Form>
    </div>
  );
}

function SheetDetail({
  selected,
  canDecide,
  userId,
  reply,
}: {
  selected: NonNullable<Data["selected"]>;
  canDecide: boolean;
  userId: string;
  reply: ReturnType<typeof useActionData<typeof action>>;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const valueText = useValueText();
  const { sheet, rows } = selected;
  const columns = useMemo(
    () => [
      lineColumn.accessor("row", { header: t("scoreSheets.columns.row") }),
      lineColumn.accessor("competitorCode", { header: t("scoreSheets.columns.competitor") }),
      lineColumn.accessor("aspectCode", { header: t("scoreSheets.columns.aspect") }),
      lineColumn.accessor((r) => `${r.judge.name} (${r.judge.username})`, { id: "judge", header: t("scoreSheets.columns.judge") }),
      lineColumn.accessor((r) => valueText(r.value), { id: "value", header: t("scoreSheets.columns.value") }),
      lineColumn.accessor((r) => (r.corrects === null ? t("scoreSheets.firstMark") : t("scoreSheets.corrects", { revision: r.corrects })), {
        id: "corrects",
        header: t("scoreSheets.columns.corrects"),
      }),
      lineColumn.accessor((r) => (r.revision === null ? t("scoreSheets.notWritten") : t("scoreSheets.revision", { revision: r.revision })), {
        id: "mark",
        header: t("scoreSheets.columns.mark"),
      }),
    ],
    [t, valueText],
  );
  const verifyReply = reply && "intent" in reply && reply.intent === "verify" ? reply : null;
  const formState = reply && "fieldErrors" in reply ? reply : undefined;
  return (
    <section className="panel" aria-labelledby="sheet-heading">
      <div className="panel-heading">
        <h2 id="sheet-heading">{t("scoreSheets.detail", { file: sheet.fileName })}</h2>
        <span className={`badge${sheet.state === "verified" ? " ok" : sheet.state === "entered" ? " warn" : ""}`}>{t(`scoreSheets.state.${sheet.state}`)}</span>
      </div>
      <p>{t("scoreSheets.enteredBy", { name: sheet.enteredBy.name, at: formatDateTime(locale, sheet.enteredAt) })}</p>
      {sheet.decidedBy && sheet.decidedAt ? (
        <p>
          {sheet.state === "verified"
            ? t("scoreSheets.verifiedBy", { name: sheet.decidedBy.name, at: formatDateTime(locale, sheet.decidedAt) })
            : t("scoreSheets.rejectedBy", { name: sheet.decidedBy.name, at: formatDateTime(locale, sheet.decidedAt), reason: sheet.rejectReason ?? "" })}
        </p>
      ) : null}
      {sheet.state === "verified" ? (
        <p>
          <Link className="button" to="../results" relative="path">
            {t("scoreSheets.results")}
          </Link>
        </p>
      ) : null}
      {verifyReply ? <Problems reply={verifyReply} /> : null}
      {sheet.state === "entered" && canDecide ? (
        sheet.enteredBy.id === userId ? (
          <p className="hint">{t("scoreSheets.ownSheet")}</p>
        ) : (
          <Decision sheetId={sheet.id} state={formState} />
        )
      ) : null}
      <DataTable data={rows} columns={columns} caption={t("scoreSheets.detail", { file: sheet.fileName })} pageSize={50} getRowId={(r) => r.id} />
    </section>
  );
}

export default function ScoreSheetsPage() {
  const data = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const { t } = useTranslation();
  const locale = useLocale();
  const [search] = useSearchParams();
  const done = search.get("done");
  const enterReply = reply && "intent" in reply && reply.intent === "enter" ? reply : null;
  const columns = useMemo(
    () => [
      sheetColumn.accessor("fileName", {
        header: t("scoreSheets.columns.file"),
        cell: (c) => (
          <Link className="button" to={{ search: `?sheet=${c.row.original.id}` }} aria-label={t("scoreSheets.open", { file: c.getValue() })}>
            {c.getValue()}
          </Link>
        ),
      }),
      sheetColumn.accessor("rowCount", { header: t("scoreSheets.columns.rows") }),
      sheetColumn.accessor((s) => t(`scoreSheets.state.${s.state}`), {
        id: "state",
        header: t("scoreSheets.columns.state"),
        cell: (c) => (
          <span className={`badge${c.row.original.state === "verified" ? " ok" : c.row.original.state === "entered" ? " warn" : ""}`}>{c.getValue()}</span>
        ),
      }),
      sheetColumn.accessor((s) => t("scoreSheets.by", { name: s.enteredBy.name, at: formatDateTime(locale, s.enteredAt) }), {
        id: "enteredBy",
        header: t("scoreSheets.columns.enteredBy"),
      }),
      sheetColumn.accessor(
        (s) => (s.decidedBy && s.decidedAt ? t("scoreSheets.by", { name: s.decidedBy.name, at: formatDateTime(locale, s.decidedAt) }) : ""),
        { id: "decidedBy", header: t("scoreSheets.columns.decidedBy") },
      ),
    ],
    [t, locale],
  );
  const doneRows = data.selected?.sheet.rowCount ?? 0;
  return (
    <>
      <section className="panel">
        <p className="eyebrow">{localized(locale, data.skill.nameZh, data.skill.nameEn)}</p>
        <div className="panel-heading">
          <h1>{t("scoreSheets.title")}</h1>
          <Link className="button" to="../results" relative="path">
            {t("scoreSheets.results")}
          </Link>
        </div>
        <p>{t("scoreSheets.intro")}</p>
        {done === "entered" || done === "replayed" || done === "verified" || done === "rejected" ? (
          <p className="notice" role="status">
            {t(`scoreSheets.done.${done}`, { rows: doneRows })}
          </p>
        ) : null}
        {data.canEnter ? <EnterForm reply={enterReply} /> : null}
      </section>
      {data.selected ? <SheetDetail selected={data.selected} canDecide={data.canDecide} userId={data.userId} reply={reply} /> : null}
      <section className="panel">
        <h2>{t("scoreSheets.sheets")}</h2>
        {data.sheets.length === 0 ? (
          <p>{t("scoreSheets.none")}</p>
        ) : (
          <DataTable data={data.sheets} columns={columns} caption={t("scoreSheets.sheets")} pageSize={20} getRowId={(s) => s.id} />
        )}
      </section>
    </>
  );
}
