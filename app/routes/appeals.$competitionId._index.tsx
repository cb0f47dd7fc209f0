// Appeals 申诉 of a competition. A team leader (phone-first) files one for a competitor of their
// delegation — the skill, the competitor, the reason and up to five attachments (PDF or photos) —
// and sees their appeals and the notices about them; the deadline is shown per skill, and a late
// appeal is refused with it. Arbitrators, organizers, supervisors and chief judges see the list.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { localized } from "~/i18n/i18n";
import { requireUser } from "~/web/require.server";
import { readOrRefuse, uuidParam, replyToRefusal, readForm, formText, formId, optionalFormId } from "~/web/forms.server";
import { loadAppealOptions } from "~/services/publication/load-appeal-options.server";
import { fileAppeal } from "~/services/publication/file-appeal.server";
import { listAppeals } from "~/services/publication/list-appeals.server";
import { listNotifications } from "~/services/publication/list-notifications.server";
import { maxAttachmentBytes, maxAttachments } from "~/domain/publication/attachments";
import { formatDateTime } from "~/components/format";
import { useLocale } from "~/components/use-locale";
import { titled } from "~/components/meta";

export const meta: MetaFunction = ({ matches }) => titled(matches, "appeals.title");

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const competitionId = uuidParam(params, "competitionId");
  const user = await requireUser(request, context);
  const now = context.deps.now();
  const [appeals, options, notices] = await Promise.all([
    readOrRefuse(listAppeals(context.deps.db, user, competitionId)),
    loadAppealOptions(context.deps.db, user, competitionId, now),
    listNotifications(context.deps.db, user.userId),
  ]);
  return { competitionId, appeals, options, notices: notices.filter((n) => n.competitionId === competitionId), submissionId: crypto.randomUUID() };
}

type Reply =
  | { filed: { appealId: string; appealNo: string; replayed: boolean } }
  | { error: { code: string; params: Record<string, string | number>; field?: string | null } };

export async function action({ params, request, context }: ActionFunctionArgs) {
  const competitionId = uuidParam(params, "competitionId");
  const user = await requireUser(request, context);
  try {
    const form = await readForm(request);
    const files = form.getAll("attachments").filter((f): f is File => typeof f === "object" && f !== null && "arrayBuffer" in f && (f as File).size > 0);
    const attachments = await Promise.all(
      files.slice(0, maxAttachments + 1).map(async (f) => ({ fileName: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })),
    );
    const filed = await fileAppeal(context.deps, user, competitionId, {
      submissionId: formId(form, "submissionId"),
      skillId: formId(form, "skillId"),
      delegationId: formId(form, "delegationId"),
      competitorId: optionalFormId(form, "competitorId"),
      reason: formText(form, "reason", 5000),
      attachments,
    });
    return data<Reply>({ filed });
  } catch (error) {
    return replyToRefusal(error, (refusal): Reply => ({ error: refusal }));
  }
}

export default function AppealsPage() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Reply | undefined;
  const { t } = useTranslation();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const [skillId, setSkillId] = useState(page.options.skills[0]?.id ?? "");
  const skill = page.options.skills.find((s) => s.id === skillId);
  const leader = page.options.delegations.length > 0;
  return (
    <>
      <section className="panel hero compact">
        <h1>{t("appeals.title")}</h1>
        <p className="hint">{t("appeals.intro")}</p>
        {result && "filed" in result ? (
          <p className="notice" role="status">
            {t(result.filed.replayed ? "appeals.replayed" : "appeals.filed", { no: result.filed.appealNo })}{" "}
            <Link to={`/appeals/${page.competitionId}/${result.filed.appealId}`}>{t("appeals.open")}</Link>
          </p>
        ) : null}
        {result && "error" in result ? (
          <p className="form-errors" role="alert">
            {result.error.code === "VALIDATION" && result.error.field === "reason"
              ? t("appeals.reasonLength")
              : t(`errors.${result.error.code}`, result.error.params)}
          </p>
        ) : null}
      </section>

      {page.notices.length > 0 ? (
        <section className="panel" aria-labelledby="notices-title">
          <h2 id="notices-title">{t("appeals.notices")}</h2>
          <ul className="rule-list">
            {page.notices.map((n) => (
              <li key={n.id}>
                {formatDateTime(locale, n.createdAt)} ·{" "}
                {t(`appeals.notice.${n.kind.replace("appeal.", "")}`, {
                  no: String(n.payload.appealNo ?? ""),
                  decision: t(`appeals.state.${String(n.payload.decision ?? "received")}`),
                  version: String(n.payload.publicationVersion ?? ""),
                })}{" "}
                {typeof n.payload.appealId === "string" ? <Link to={`/appeals/${page.competitionId}/${n.payload.appealId}`}>{t("appeals.open")}</Link> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {leader ? (
        <section className="panel" aria-labelledby="file-title">
          <h2 id="file-title">{t("appeals.fileTitle")}</h2>
          <Form method="post" encType="multipart/form-data" className="stacked-form">
            <input type="hidden" name="submissionId" value={page.submissionId} />
            <div className="field">
              <label htmlFor="appeal-delegationId">{t("appeals.delegation")}</label>
              <select id="appeal-delegationId" name="delegationId" defaultValue={page.options.delegations[0]?.id}>
                {page.options.delegations.map((d) => (
                  <option key={d.id} value={d.id}>
                    {localized(locale, d.nameZh, d.nameEn)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="appeal-skillId">{t("appeals.skill")}</label>
              <select id="appeal-skillId" name="skillId" value={skillId} onChange={(e) => setSkillId(e.target.value)}>
                {page.options.skills.map((s) => (
                  <option key={s.id} value={s.id}>
                    {localized(locale, s.nameZh, s.nameEn)}
                  </option>
                ))}
              </select>
            </div>
            {skill ? (
              <p className={skill.timing === "on_time" ? "hint" : "form-errors"}>
                {t(`appeals.timing.${skill.timing}`, { deadline: formatDateTime(locale, skill.deadline) })}
              </p>
            ) : null}
            <div className="field">
              <label htmlFor="appeal-competitorId">{t("appeals.competitor")}</label>
              <select id="appeal-competitorId" name="competitorId" defaultValue="">
                <option value="">{t("appeals.wholeSkill")}</option>
                {(skill?.competitors ?? []).map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.code}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="appeal-reason">{t("appeals.reason")}</label>
              <textarea id="appeal-reason" name="reason" required minLength={10} maxLength={4000} rows={6} placeholder={t("appeals.reasonPlaceholder")} />
            </div>
            <div className="field">
              <label htmlFor="appeal-attachments">{t("appeals.attachments", { count: maxAttachments, mb: maxAttachmentBytes / 1024 / 1024 })}</label>
              <input type="file" id="appeal-attachments" name="attachments" multiple accept="application/pdf,image/jpeg,image/png,image/webp" />
            </div>
            <button type="submit" className="button primary" disabled={busy || skill?.timing !== "on_time"}>
              {t("appeals.submit")}
            </button>
          </Form>
        </section>
      ) : null}

      <section className="panel" aria-labelledby="list-title">
        <h2 id="list-title">{t("appeals.list")}</h2>
        {page.appeals.length === 0 ? (
          <p>{t("appeals.none")}</p>
        ) : (
          <div className="data-table">
            <table>
              <caption className="visually-hidden">{t("appeals.list")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("appeals.col.no")}</th>
                  <th scope="col">{t("appeals.col.skill")}</th>
                  <th scope="col">{t("appeals.col.delegation")}</th>
                  <th scope="col">{t("appeals.col.competitor")}</th>
                  <th scope="col">{t("appeals.col.filedAt")}</th>
                  <th scope="col">{t("appeals.col.state")}</th>
                </tr>
              </thead>
              <tbody>
                {page.appeals.map((a) => (
                  <tr key={a.id}>
                    <td>
                      <Link to={`/appeals/${page.competitionId}/${a.id}`}>#{a.appealNo}</Link>
                    </td>
                    <td>{localized(locale, a.skillNameZh, a.skillNameEn)}</td>
                    <td>{a.delegationNameZh ? localized(locale, a.delegationNameZh, a.delegationNameEn) : t("appeals.encrypted")}</td>
                    <td>{a.competitorCode ?? "—"}</td>
                    <td>{formatDateTime(locale, a.filedAt)}</td>
                    <td>
                      <span className={`badge state-${a.state}`}>{t(`appeals.state.${a.state}`)}</span>
                      {a.corrected ? <span className="badge ok">{t("appeals.corrected")}</span> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
