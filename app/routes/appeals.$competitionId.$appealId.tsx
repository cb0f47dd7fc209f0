// One appeal 申诉: what was filed, its attachments and history. Arbitrators add hearing notes and
// rule (upheld / rejected, final). After an upheld ruling the chief judge enters the correction in
// the paper score sheet's four columns, sees its effect on ranks, awards, titles and promotions
// against the published results, and applies it as a whole (republication, team leader notified).
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { localized } from "~/i18n/i18n";
import { requireUser } from "~/web/require.server";
import { readOrRefuse, uuidParam, replyToRefusal, readForm, formText, formId } from "~/web/forms.server";
import { addHearingNote } from "~/services/publication/add-hearing-note.server";
import { loadAppealedMarks } from "~/services/publication/load-appealed-marks.server";
import { applyCorrection } from "~/services/publication/apply-correction.server";
import { loadAppeal } from "~/services/publication/load-appeal.server";
import { prepareCorrection } from "~/services/publication/prepare-correction.server";
import { previewCorrection } from "~/services/publication/preview-correction.server";
import { ruleAppeal } from "~/services/publication/rule-appeal.server";
import type { ScoreSheetProblem } from "~/services/marks/score-sheet-csv.server";
import { formatDateTime } from "~/components/format";
import { useLocale } from "~/components/use-locale";
import { titled } from "~/components/meta";

export const meta: MetaFunction = ({ matches }) => titled(matches, "appeals.title");

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const competitionId = uuidParam(params, "competitionId");
  const appealId = uuidParam(params, "appealId");
  const user = await requireUser(request, context);
  const appeal = await readOrRefuse(loadAppeal(context.deps.db, user, appealId));
  if (appeal.competitionId !== competitionId) throw new Response("Not found", { status: 404 });
  const preview = appeal.can.correct ? await previewCorrection(context.deps.db, user, appealId, context.deps.now()) : null;
  const marks = appeal.can.correct ? await loadAppealedMarks(context.deps.db, user, appealId) : null;
  return { competitionId, appeal, preview, marks };
}

type Reply =
  | { done: "noted" | "ruled" | "prepared" | "applied"; version?: number | null }
  | { problems: ScoreSheetProblem[] }
  | { error: { code: string; params: Record<string, string | number> } };

export async function action({ params, request, context }: ActionFunctionArgs) {
  const appealId = uuidParam(params, "appealId");
  const user = await requireUser(request, context);
  try {
    const form = await readForm(request);
    const intent = form.get("intent");
    if (intent === "note") {
      await addHearingNote(context.deps, user, appealId, formText(form, "note", 5000));
      return data<Reply>({ done: "noted" });
    }
    if (intent === "rule") {
      const decision = form.get("decision") === "upheld" ? "upheld" : "rejected";
      await ruleAppeal(context.deps, user, appealId, { decision, ruling: formText(form, "ruling", 5000) });
      return data<Reply>({ done: "ruled" });
    }
    if (intent === "prepare") {
      const prepared = await prepareCorrection(context.deps, user, appealId, formText(form, "rows", 200_000));
      return prepared.ok ? data<Reply>({ done: "prepared" }) : data<Reply>({ problems: prepared.problems }, { status: 422 });
    }
    if (intent === "apply") {
      const applied = await applyCorrection(context.deps, user, appealId, formId(form, "correctionId"));
      return data<Reply>({ done: "applied", version: applied.publicationVersion });
    }
    return data<Reply>({ error: { code: "VALIDATION", params: {} } }, { status: 400 });
  } catch (error) {
    return replyToRefusal(error, (refusal): Reply => ({ error: refusal }));
  }
}

export default function AppealPage() {
  const { appeal, preview, marks, competitionId } = useLoaderData<typeof loader>();
  const header = "competitor_code,aspect_code,judge,value\n";
  const result = useActionData<typeof action>() as Reply | undefined;
  const { t } = useTranslation();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const award = (a: string | null) => (a ? t(`award.${a}`) : "—");
  const advancement = (list: ReadonlyArray<{ kind: string; targetLevel: string }>) =>
    list
      .map((a) =>
        locale === "en"
          ? `${t(`advancement.kind.${a.kind}`)} (${t(`level.${a.targetLevel}`)})`
          : `${t(`advancement.kind.${a.kind}`)}（${t(`level.${a.targetLevel}`)}）`,
      )
      .join(locale === "en" ? "; " : "、") || "—";
  const honours = (list: ReadonlyArray<{ labelZh: string; labelEn: string }>) =>
    list.map((h) => localized(locale, h.labelZh, h.labelEn)).join(locale === "en" ? "; " : "、") || "—";
  return (
    <>
      <section className="panel hero compact">
        <p className="eyebrow">
          <Link to={`/appeals/${competitionId}`}>{t("appeals.title")}</Link> · {localized(locale, appeal.skill.nameZh, appeal.skill.nameEn)}
        </p>
        <h1>
          {t("appeals.heading", { no: appeal.appealNo })} <span className={`badge state-${appeal.state}`}>{t(`appeals.state.${appeal.state}`)}</span>
          {appeal.corrected ? <span className="badge ok">{t("appeals.corrected")}</span> : null}
        </h1>
        {result && "done" in result ? (
          <p className="notice" role="status">
            {t(`appeals.done.${result.done}`, { version: result.version ?? "" })}
          </p>
        ) : null}
        {result && "error" in result ? (
          <p className="form-errors" role="alert">
            {t(`errors.${result.error.code}`, result.error.params)}
          </p>
        ) : null}
        <dl className="facts">
          <dt>{t("appeals.delegation")}</dt>
          <dd>{appeal.delegation ? localized(locale, appeal.delegation.nameZh, appeal.delegation.nameEn) : t("appeals.encrypted")}</dd>
          <dt>{t("appeals.competitor")}</dt>
          <dd>{appeal.competitorCode ?? t("appeals.wholeSkill")}</dd>
          <dt>{t("appeals.col.filedAt")}</dt>
          <dd>{formatDateTime(locale, appeal.filedAt)}</dd>
          <dt>{t("appeals.reason")}</dt>
          <dd className="prewrap">{appeal.reason}</dd>
          {appeal.ruling ? (
            <>
              <dt>{t("appeals.ruling")}</dt>
              <dd className="prewrap">{appeal.ruling}</dd>
            </>
          ) : null}
          <dt>{t("appeals.attachmentsTitle")}</dt>
          <dd>
            {appeal.attachments.length === 0
              ? "—"
              : appeal.attachments.map((a) => (
                  <a key={a.id} className="button" href={`/appeals/${competitionId}/${appeal.id}/attachments/${a.id}`}>
                    {t("appeals.file", { name: a.fileName, kb: Math.ceil(a.byteSize / 1024) })}
                  </a>
                ))}
          </dd>
        </dl>
      </section>

      {appeal.can.review ? (
        <section className="panel" aria-labelledby="review-title">
          <h2 id="review-title">{t("appeals.review")}</h2>
          <Form method="post" className="stacked-form">
            <input type="hidden" name="intent" value="note" />
            <div className="field">
              <label htmlFor="appeal-note">{t("appeals.hearingNote")}</label>
              <textarea id="appeal-note" name="note" rows={3} maxLength={4000} />
            </div>
            <button type="submit" className="button" disabled={busy}>
              {appeal.state === "received" ? t("appeals.startReview") : t("appeals.addNote")}
            </button>
          </Form>
          <Form method="post" className="stacked-form">
            <input type="hidden" name="intent" value="rule" />
            <div className="field">
              <label htmlFor="appeal-ruling">{t("appeals.ruling")}</label>
              <textarea id="appeal-ruling" name="ruling" rows={3} required maxLength={4000} />
            </div>
            <p className="hint">{t("appeals.rulingFinal")}</p>
            <div className="form-actions">
              <button type="submit" name="decision" value="upheld" className="button primary" disabled={busy}>
                {t("appeals.uphold")}
              </button>
              <button type="submit" name="decision" value="rejected" className="button" disabled={busy}>
                {t("appeals.reject")}
              </button>
            </div>
          </Form>
        </section>
      ) : null}

      {appeal.can.correct ? (
        <section className="panel" aria-labelledby="correct-title">
          <h2 id="correct-title">{t("appeals.correction")}</h2>
          <p className="hint">{t("appeals.correctionHint")}</p>
          {marks && marks.rows.length > 0 ? (
            <details>
              <summary>{t("appeals.currentMarks", { code: marks.code ?? "" })}</summary>
              <div className="data-table">
                <table className="current-marks">
                  <caption className="visually-hidden">{t("appeals.currentMarks", { code: marks.code ?? "" })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("appeals.col.aspect")}</th>
                      <th scope="col">{t("appeals.col.kind")}</th>
                      <th scope="col">{t("appeals.col.judge")}</th>
                      <th scope="col">{t("appeals.col.value")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {marks.rows.map((r) => (
                      <tr key={`${r.aspectCode}|${r.judge}`} data-kind={r.kind} data-row={`${marks.code},${r.aspectCode},${r.judge}`}>
                        <td>{r.aspectCode}</td>
                        <td>{t(`appeals.kind.${r.kind}`, { max: r.max })}</td>
                        <td>{r.judge}</td>
                        <td>{r.value}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </details>
          ) : null}
          <Form method="post" className="stacked-form">
            <input type="hidden" name="intent" value="prepare" />
            <div className="field">
              <label htmlFor="appeal-rows">{t("appeals.correctionRows")}</label>
              <textarea id="appeal-rows" name="rows" rows={8} required defaultValue={header} className="mono" />
            </div>
            <button type="submit" className="button" disabled={busy}>
              {t("appeals.preview")}
            </button>
          </Form>
          {result && "problems" in result ? (
            <div role="alert" className="form-errors">
              <p>{t("scoreSheets.problems", { count: result.problems.length })}</p>
              <ul>
                {result.problems.map((p, i) => (
                  <li key={i}>
                    {p.row ? t("appeals.problemAt", { row: p.row, column: p.column ?? "" }) : ""}
                    {t(`scoreSheets.problem.${p.code}`, p.params)}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {preview ? (
            <>
              <h3>{t("appeals.effect", { rows: preview.rows, unchanged: preview.unchanged })}</h3>
              <div className="data-table">
                <table>
                  <caption className="visually-hidden">{t("appeals.effect", { rows: preview.rows, unchanged: preview.unchanged })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("appeals.col.competitor")}</th>
                      <th scope="col">{t("appeals.col.rank")}</th>
                      <th scope="col">{t("appeals.col.total")}</th>
                      <th scope="col">{t("appeals.col.award")}</th>
                      <th scope="col">{t("appeals.col.honours")}</th>
                      <th scope="col">{t("appeals.col.advancement")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {preview.effects.map((e) => (
                      <tr key={e.competitorId}>
                        <td>{e.code}</td>
                        <td>
                          {e.before?.rank ?? "—"} → <strong>{e.after.rank}</strong>
                        </td>
                        <td>
                          {e.before?.total ?? "—"} → <strong>{e.after.total}</strong>
                        </td>
                        <td>
                          {award(e.before?.award ?? null)} → <strong>{award(e.after.award)}</strong>
                        </td>
                        <td>
                          {honours(e.before?.honours ?? [])} → <strong>{honours(e.after.honours)}</strong>
                        </td>
                        <td>
                          {advancement(e.before?.advancement ?? [])} → <strong>{advancement(e.after.advancement)}</strong>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <Form method="post">
                <input type="hidden" name="intent" value="apply" />
                <input type="hidden" name="correctionId" value={preview.correctionId} />
                <button type="submit" className="button primary" disabled={busy}>
                  {t("appeals.apply")}
                </button>
              </Form>
            </>
          ) : null}
        </section>
      ) : null}

      <section className="panel" aria-labelledby="history-title">
        <h2 id="history-title">{t("appeals.history")}</h2>
        <ol className="rule-list">
          {appeal.events.map((e) => (
            <li key={e.id}>
              {formatDateTime(locale, e.at)} · {t(`appeals.event.${e.kind}`)} · {e.by}
              {e.text && e.kind !== "correction_prepared" ? <span className="prewrap"> · {e.text}</span> : null}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
