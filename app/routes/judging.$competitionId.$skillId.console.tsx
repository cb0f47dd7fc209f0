// The chief judge's console 裁判长控制台: a live matrix of competitors × aspects for one module
// (how many judges marked against how many are needed; flagged spreads; missing), refreshed over
// Socket.io as marks arrive; each judge's severity and spread against their team; module locks;
// and decryption 解密 layer by layer after every module is locked, witnessed by a supervisor.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { localized } from "~/i18n/i18n";
import { roomName } from "~/realtime/rooms";
import { useRoom } from "~/realtime/use-room";
import { requireChiefJudge } from "~/web/require.server";
import { notFoundUnless, uuidParam, replyToRefusal, readForm, formText, formId } from "~/web/forms.server";
import { decryptLayer, loadConsole, loadWitnesses } from "~/services/judging/console.server";
import { setModuleLock } from "~/services/marks/set-module-lock.server";
import { getSkill } from "~/services/queries.server";
import { formatDateTime } from "~/components/format";
import { useLocale } from "~/components/use-locale";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const scope = { competitionId: uuidParam(params, "competitionId"), skillId: uuidParam(params, "skillId") };
  await requireChiefJudge(request, context, scope);
  const skill = notFoundUnless(await getSkill(context.deps.db, scope.competitionId, scope.skillId));
  const module = new URL(request.url).searchParams.get("module");
  const board = await loadConsole(context.deps.db, scope, module && /^[\w.-]{1,20}$/.test(module) ? module : null);
  return { ...scope, skill: { nameZh: skill.nameZh, nameEn: skill.nameEn }, witnesses: await loadWitnesses(context.deps.db, scope), ...board };
}

type Reply = { done: "locked" | "unlocked" | "decrypted"; detail: string } | { error: { code: string; params: Record<string, string | number> } };

export async function action({ params, request, context }: ActionFunctionArgs) {
  const scope = { competitionId: uuidParam(params, "competitionId"), skillId: uuidParam(params, "skillId") };
  const user = await requireChiefJudge(request, context, scope);
  try {
    const form = await readForm(request);
    const intent = form.get("intent");
    if (intent === "lock" || intent === "unlock") {
      const moduleCode = formText(form, "moduleCode", 20);
      const reason = formText(form, "reason", 1000);
      await setModuleLock(context.deps, user, scope, { moduleCode, locked: intent === "lock", reason: reason === "" ? undefined : reason });
      return data<Reply>({ done: intent === "lock" ? "locked" : "unlocked", detail: moduleCode });
    }
    if (intent === "decrypt") {
      const layer = form.get("layer") === "2" ? 2 : 1;
      await decryptLayer(context.deps, user, scope, { layer, witnessUserId: formId(form, "witnessUserId") });
      return data<Reply>({ done: "decrypted", detail: String(layer) });
    }
    return data<Reply>({ error: { code: "VALIDATION", params: {} } }, { status: 400 });
  } catch (error) {
    return replyToRefusal(error, (refusal): Reply => ({ error: refusal }));
  }
}

const stateMark = { complete: "✓", partial: "◐", missing: "·", flagged: "!" } as const;

export default function ChiefJudgeConsole() {
  const board = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Reply | undefined;
  const { t } = useTranslation();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const revalidator = useRevalidator();
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  // Marks arrive in bursts: refresh at most every half second.
  const refresh = () => {
    if (pending.current) return;
    pending.current = setTimeout(() => {
      pending.current = null;
      revalidator.revalidate();
    }, 500);
  };
  useEffect(() => () => (pending.current ? clearTimeout(pending.current) : undefined), []);
  const connection = useRoom(roomName({ audience: "staff", competitionId: board.competitionId, skillId: board.skillId }), {
    onEvent: refresh,
    onResync: refresh,
  });
  const allLocked = board.modules.length > 0 && board.modules.every((m) => m.locked);
  const opened = new Set(board.layers.map((l) => l.layer));
  const base = `/judging/${board.competitionId}/${board.skillId}`;
  return (
    <>
      <section className="panel hero compact">
        <p className="eyebrow">
          {localized(locale, board.skill.nameZh, board.skill.nameEn)} ·{" "}
          <span className={connection === "live" ? "live-dot" : ""}>{t(`console.connection.${connection}`)}</span>
        </p>
        <h1>{t("console.title")}</h1>
        <p role="status">{t("console.totals", board.totals)}</p>
        <p className="form-actions">
          <Link className="button" to={`${base}/tablet-codes`}>
            {t("judging.tabletCodes")}
          </Link>
          <Link className="button" to={`${base}/spreads`}>
            {t("console.spreads")}
          </Link>
          <Link className="button" to={`${base}/assignment`}>
            {t("judging.assignment")}
          </Link>
        </p>
        {result && "done" in result ? <p className="notice">{t(`console.done.${result.done}`, { detail: result.detail })}</p> : null}
        {result && "error" in result ? (
          <p className="form-errors" role="alert">
            {t(`errors.${result.error.code}`, result.error.params)}
          </p>
        ) : null}
      </section>

      <section className="panel" aria-labelledby="modules-title">
        <h2 id="modules-title">{t("console.modules")}</h2>
        <ul className="rule-list">
          {board.modules.map((m) => (
            <li key={m.code} className="rule-row">
              <strong>
                <Link to={`?module=${encodeURIComponent(m.code)}`} aria-current={m.code === board.chosen ? "page" : undefined}>
                  {m.code} {m.name}
                </Link>
              </strong>
              <span className={`badge${m.locked ? " ok" : ""}`}>{m.locked ? t("console.locked") : t("console.open")}</span>
              <Form method="post" className="inline-form">
                <input type="hidden" name="intent" value={m.locked ? "unlock" : "lock"} />
                <input type="hidden" name="moduleCode" value={m.code} />
                {m.locked ? (
                  <input name="reason" aria-label={t("console.unlockReason")} placeholder={t("console.unlockReason")} required maxLength={1000} />
                ) : null}
                <button type="submit" className="button" disabled={busy}>
                  {m.locked ? t("console.unlock") : t("console.lock")}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      </section>

      <section className="panel" aria-labelledby="matrix-title">
        <h2 id="matrix-title">{t("console.matrix", { module: board.chosen ?? "—" })}</h2>
        <p className="hint">{t("console.legend")}</p>
        <div className="data-table">
          <table className="console-matrix">
            <caption className="visually-hidden">{t("console.matrix", { module: board.chosen ?? "—" })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("console.code")}</th>
                {opened.size > 0 ? <th scope="col">{t("console.identity")}</th> : null}
                {board.aspects.map((a) => (
                  <th key={a.code} scope="col" className="code-text">
                    {a.code}
                  </th>
                ))}
                <th scope="col">{t("console.total")}</th>
              </tr>
            </thead>
            <tbody>
              {board.rows.map((row) => (
                <tr key={row.competitorId}>
                  <th scope="row" className="code-text">
                    {row.code}
                  </th>
                  {opened.size > 0 ? (
                    <td>
                      {row.checkInNo ? <span className="code-text">{row.checkInNo}</span> : null}
                      {row.names ? ` · ${row.registrationNo} ${row.names} · ${localized(locale, row.delegationNameZh ?? "", row.delegationNameEn)}` : null}
                    </td>
                  ) : null}
                  {row.cells.map((cell) => (
                    <td key={cell.aspectCode} className={`cell-${cell.state}`} title={t(`console.state.${cell.state}`)}>
                      <span aria-hidden="true">{stateMark[cell.state]}</span> {cell.have}/{cell.need}
                      <span className="visually-hidden"> {t(`console.state.${cell.state}`)}</span>
                    </td>
                  ))}
                  <td className="code-text">{row.total}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="panel" aria-labelledby="judges-title">
        <h2 id="judges-title">{t("console.judges")}</h2>
        <p className="hint">{t("console.judgesHint")}</p>
        <div className="data-table">
          <table className="problem-table">
            <thead>
              <tr>
                <th scope="col">{t("console.judge")}</th>
                <th scope="col">{t("console.compared")}</th>
                <th scope="col">{t("console.severity")}</th>
                <th scope="col">{t("console.spread")}</th>
              </tr>
            </thead>
            <tbody>
              {board.judges.map((j) => (
                <tr key={j.userId}>
                  <td data-label={t("console.judge")}>{j.name}</td>
                  <td data-label={t("console.compared")}>{j.marks}</td>
                  <td data-label={t("console.severity")} className={j.severity !== null && Math.abs(j.severity) >= 0.5 ? "cell-flagged" : ""}>
                    {j.severity === null ? "—" : j.severity.toFixed(2)}
                  </td>
                  <td data-label={t("console.spread")}>{j.spread === null ? "—" : j.spread.toFixed(2)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="panel" aria-labelledby="decrypt-title">
        <h2 id="decrypt-title">{t("console.decryption")}</h2>
        <p>{t("console.decryptionIntro")}</p>
        <ul>
          {board.layers.map((l) => (
            <li key={l.layer}>
              {t("console.layerDone", { layer: l.layer, conductor: l.conductor, witness: l.witness, at: formatDateTime(locale, l.conductedAt) })}
            </li>
          ))}
        </ul>
        {!allLocked ? <p className="hint">{t("console.lockFirst")}</p> : null}
        {allLocked && !opened.has(2) ? (
          <Form method="post" className="stacked-form">
            <input type="hidden" name="intent" value="decrypt" />
            <input type="hidden" name="layer" value={opened.has(1) ? "2" : "1"} />
            <div className="field">
              <label htmlFor="witness">{t("console.witness")}</label>
              <select id="witness" name="witnessUserId" required defaultValue="">
                <option value="">{t("registration.choose")}</option>
                {board.witnesses.map((w) => (
                  <option key={w.id} value={w.id}>
                    {w.displayName} ({w.username})
                  </option>
                ))}
              </select>
            </div>
            <div className="form-actions">
              <button type="submit" className="button primary" disabled={busy}>
                {t(opened.has(1) ? "console.decrypt2" : "console.decrypt1")}
              </button>
            </div>
          </Form>
        ) : null}
      </section>
    </>
  );
}
