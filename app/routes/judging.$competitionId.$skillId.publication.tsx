// Publication 成绩公示 of one skill: the chief judge re-checks results (复核) and signs them off
// once every module is locked; the organizer then publishes them, which starts the notice period.
// Organizers, chief judges, supervisors and arbitrators see the page; each sees the buttons of
// their own step. After publication: the version, the notice period's end and whether the results
// are final, with the appeals still open.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { canManageCompetition, canRunJudging } from "~/domain/access/policy";
import { localized } from "~/i18n/i18n";
import { requireResultsReader } from "~/web/require.server";
import { readOrRefuse, uuidParam, replyToRefusal, readForm, formText, formId } from "~/web/forms.server";
import { loadPublicationBoard } from "~/services/publication/load-publication-board.server";
import { publishResults } from "~/services/publication/publish-results.server";
import { recordRecheck } from "~/services/publication/record-recheck.server";
import { signOffResults } from "~/services/publication/sign-off-results.server";
import { formatDate, formatDateTime } from "~/components/format";
import { useLocale } from "~/components/use-locale";
import { titled } from "~/components/meta";

export const meta: MetaFunction = ({ matches }) => titled(matches, "publication.title");

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const scope = { competitionId: uuidParam(params, "competitionId"), skillId: uuidParam(params, "skillId") };
  const user = await requireResultsReader(request, context, scope);
  const board = await readOrRefuse(loadPublicationBoard(context.deps.db, user, scope, context.deps.now()));
  return { ...scope, board, can: { judge: canRunJudging(user, scope), organize: canManageCompetition(user, scope.competitionId) } };
}

type Reply = { done: "rechecked" | "signed" | "published"; detail?: string } | { error: { code: string; params: Record<string, string | number> } };

export async function action({ params, request, context }: ActionFunctionArgs) {
  const scope = { competitionId: uuidParam(params, "competitionId"), skillId: uuidParam(params, "skillId") };
  const user = await requireResultsReader(request, context, scope);
  try {
    const form = await readForm(request);
    const intent = form.get("intent");
    if (intent === "recheck") {
      const competitorId = formId(form, "competitorId");
      const foundError = form.get("foundError") === "yes";
      const [note, code] = [formText(form, "note", 2000), formText(form, "code", 40)];
      await recordRecheck(context.deps, user, scope, { competitorId, foundError, note: note || null });
      return data<Reply>({ done: "rechecked", detail: code });
    }
    if (intent === "sign-off") {
      await signOffResults(context.deps, user, scope);
      return data<Reply>({ done: "signed" });
    }
    if (intent === "publish") {
      const published = await publishResults(context.deps, user, scope);
      return data<Reply>({ done: "published", detail: published.noticeEndsOn });
    }
    return data<Reply>({ error: { code: "VALIDATION", params: {} } }, { status: 400 });
  } catch (error) {
    return replyToRefusal(error, (refusal): Reply => ({ error: refusal }));
  }
}

export default function PublicationPage() {
  const { board, can, competitionId, skillId } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Reply | undefined;
  const { t } = useTranslation();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const allLocked = board.modules.length > 0 && board.modules.every((m) => m.locked);
  const published = board.publication;
  return (
    <>
      <section className="panel hero compact">
        <p className="eyebrow">{localized(locale, board.skill.nameZh, board.skill.nameEn)}</p>
        <h1>{t("publication.title")}</h1>
        <ol className="steps" aria-label={t("publication.steps")}>
          <li className={allLocked ? "done" : ""}>{t("publication.step.lock")}</li>
          <li className={board.recheck.satisfied && allLocked ? "done" : ""}>{t("publication.step.recheck")}</li>
          <li className={board.signOff?.current ? "done" : ""}>{t("publication.step.signOff")}</li>
          <li className={published ? "done" : ""}>{t("publication.step.publish")}</li>
        </ol>
        {result && "done" in result ? (
          <p className="notice" role="status">
            {t(`publication.done.${result.done}`, { detail: result.detail ?? "" })}
          </p>
        ) : null}
        {result && "error" in result ? (
          <p className="form-errors" role="alert">
            {t(`errors.${result.error.code}`, result.error.params)}
          </p>
        ) : null}
        <p className="form-actions">
          <Link className="button" to={`/results/${competitionId}/${skillId}`}>
            {t("publication.publicPage")}
          </Link>
          <Link className="button" to={`/appeals/${competitionId}`}>
            {t("publication.appeals", { count: board.openAppeals })}
          </Link>
          <Link className="button" to={`/judging/${competitionId}/${skillId}/results`}>
            {t("judging.results")}
          </Link>
        </p>
      </section>

      <section className="panel" aria-labelledby="status-title">
        <h2 id="status-title">{t("publication.status")}</h2>
        <dl className="facts">
          <dt>{t("publication.modules")}</dt>
          <dd>
            {board.modules.map((m) => (
              <span key={m.code} className={`badge${m.locked ? " ok" : ""}`}>
                {m.code} {m.locked ? t("console.locked") : t("console.open")}
              </span>
            ))}
          </dd>
          <dt>{t("publication.completeness")}</dt>
          <dd>
            {board.complete ? t("publication.complete") : t("publication.incomplete")}
            {board.flagged > 0 ? ` · ${t("publication.flagged", { count: board.flagged })}` : ""}
          </dd>
          <dt>{t("publication.recheckRule")}</dt>
          <dd>
            {t("publication.recheckSummary", {
              top: board.settings.recheckTopN,
              percent: board.settings.recheckRestPercent,
              full: board.settings.recheckFullErrorPercent,
              restDone: board.recheck.restDone,
              restRequired: board.recheck.restRequired,
              errorRate: board.recheck.errorRatePercent,
            })}
            {board.recheck.fullRequired ? <strong className="warning"> {t("publication.fullRecheck")}</strong> : null}
          </dd>
          <dt>{t("publication.signOff")}</dt>
          <dd>
            {board.signOff
              ? t(board.signOff.current ? "publication.signedBy" : "publication.signOffStale", {
                  name: board.signOff.signedByName,
                  at: formatDateTime(locale, board.signOff.signedAt),
                })
              : t("publication.notSigned")}
          </dd>
          {board.decryption.required ? (
            <>
              <dt>{t("publication.decryption")}</dt>
              <dd>
                <span className={`badge${board.decryption.layersOpened >= 2 ? " ok" : " warn"}`}>
                  {t("publication.layersOpened", { count: board.decryption.layersOpened })}
                </span>
              </dd>
            </>
          ) : null}
          <dt>{t("publication.publication")}</dt>
          <dd>
            {published ? (
              <>
                {t("publication.publishedAs", {
                  version: published.version,
                  at: formatDateTime(locale, published.publishedAt),
                  until: formatDate(locale, published.noticeEndsOn),
                })}{" "}
                <span className={`badge${published.phase === "final" ? " ok" : ""}`}>{t(`publication.phase.${published.phase}`)}</span>
              </>
            ) : (
              <span className="badge">{t("publication.provisional")}</span>
            )}
          </dd>
          <dt>{t("publication.appealDeadline")}</dt>
          <dd>{formatDateTime(locale, board.appealDeadline)}</dd>
        </dl>
        <div className="form-actions">
          {can.judge && !published ? (
            <Form method="post">
              <input type="hidden" name="intent" value="sign-off" />
              <button type="submit" className="button primary" disabled={busy || !allLocked || !board.recheck.satisfied}>
                {t("publication.signOffAction")}
              </button>
            </Form>
          ) : null}
          {can.organize && !published ? (
            <Form method="post">
              <input type="hidden" name="intent" value="publish" />
              <button
                type="submit"
                className="button primary"
                disabled={busy || !board.signOff?.current || (board.decryption.required && board.decryption.layersOpened < 2)}
              >
                {t("publication.publishAction", { days: board.settings.noticePeriodWorkingDays })}
              </button>
            </Form>
          ) : null}
        </div>
      </section>

      <section className="panel" aria-labelledby="recheck-title">
        <h2 id="recheck-title">{t("publication.recheckTitle")}</h2>
        <p className="hint">{t("publication.recheckHint")}</p>
        <div className="data-table">
          <table>
            <caption className="visually-hidden">{t("publication.recheckTitle")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("publication.col.rank")}</th>
                <th scope="col">{t("publication.col.code")}</th>
                <th scope="col">{t("publication.col.total")}</th>
                <th scope="col">{t("publication.col.award")}</th>
                <th scope="col">{t("publication.col.recheck")}</th>
              </tr>
            </thead>
            <tbody>
              {board.standings.map((s) => (
                <tr key={s.competitorId} className={s.mustRecheck ? "attention" : undefined}>
                  <td>{s.rank}</td>
                  <td>{s.code}</td>
                  <td className="num">{s.total}</td>
                  <td>{s.award ? t(`award.${s.award}`) : "—"}</td>
                  <td>
                    {s.rechecked ? (
                      <span className="badge ok">{t("publication.rechecked")}</span>
                    ) : s.mustRecheck ? (
                      <span className="badge warn">{t("publication.mustRecheck")}</span>
                    ) : null}
                    {can.judge && allLocked && !published ? (
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="intent" value="recheck" />
                        <input type="hidden" name="competitorId" value={s.competitorId} />
                        <input type="hidden" name="code" value={s.code} />
                        <label className="visually-hidden" htmlFor={`note-${s.competitorId}`}>
                          {t("publication.note", { code: s.code })}
                        </label>
                        <input id={`note-${s.competitorId}`} name="note" maxLength={2000} placeholder={t("publication.notePlaceholder")} />
                        <button type="submit" name="foundError" value="no" className="button" disabled={busy}>
                          {t("publication.recheckOk")}
                        </button>
                        <button type="submit" name="foundError" value="yes" className="button" disabled={busy}>
                          {t("publication.recheckError")}
                        </button>
                      </Form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {board.rechecks.length > 0 ? (
          <>
            <h3>{t("publication.recheckLog")}</h3>
            <ul className="rule-list">
              {board.rechecks.map((r) => (
                <li key={r.id}>
                  {formatDateTime(locale, r.checkedAt)} · {r.code} · {r.foundError ? t("publication.foundError") : t("publication.noError")} · {r.checkedByName}
                  {r.note ? ` · ${r.note}` : ""}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>
    </>
  );
}
