// Judge assignment 裁判分组 for the chief judge: the skill's judges (with the delegation they come
// from, which recusal turns on), the plan in force, an automatic conflict-free proposal, and the
// plan as editable text — saved only when no judge would mark a competitor they must recuse
// themself from, every problem named by team, judge and competitor code.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { AssignmentProblem } from "~/domain/judging/assignment";
import { localized } from "~/i18n/i18n";
import { requireChiefJudge } from "~/web/require.server";
import { notFoundUnless, uuidParam, replyToRefusal, readForm, formText } from "~/web/forms.server";
import { getSkill } from "~/services/queries.server";
import { formatTeams, parseTeams, type TextContext, type TextProblem } from "~/domain/judging/assignment-text";
import { loadAssignmentContext, loadCurrentAssignment, proposeJudgeAssignment, saveJudgeAssignment } from "~/services/judging/judge-assignment.server";
import { formatDateTime } from "~/components/format";
import { useLocale } from "~/components/use-locale";

async function textContextOf(db: Parameters<typeof loadAssignmentContext>[0], scope: { competitionId: string; skillId: string }) {
  const context = await loadAssignmentContext(db, scope);
  const text: TextContext = {
    usernameOf: context.usernames,
    codeOf: new Map(context.competitors.map((c) => [c.id, c.code])),
    aspectsOfModule: new Map(context.modules.map((m) => [m.code, m.aspects.map((a) => a.code)])),
    competitorIds: context.competitors.map((c) => c.id),
  };
  return { context, text };
}

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const scope = { competitionId: uuidParam(params, "competitionId"), skillId: uuidParam(params, "skillId") };
  await requireChiefJudge(request, context, scope);
  const skill = notFoundUnless(await getSkill(context.deps.db, scope.competitionId, scope.skillId));
  const { context: assignment, text } = await textContextOf(context.deps.db, scope);
  const current = await loadCurrentAssignment(context.deps.db, scope.skillId);
  const regions = await context.deps.db
    .selectFrom("delegation")
    .select(["regionCode", "nameZh", "nameEn"])
    .where("competitionId", "=", scope.competitionId)
    .execute();
  const delegationOf = new Map(regions.map((r) => [r.regionCode, r]));
  return {
    skill: { nameZh: skill.nameZh, nameEn: skill.nameEn },
    judges: assignment.judges.map((j) => ({
      id: j.userId,
      name: j.name,
      username: text.usernameOf.get(j.userId) ?? "",
      delegation: j.ties.regionCode ? (delegationOf.get(j.ties.regionCode) ?? null) : null,
    })),
    competitorCount: assignment.competitors.length,
    modules: assignment.modules.map((m) => ({ code: m.code, aspects: m.aspects.length })),
    current: current
      ? {
          version: current.version,
          source: current.source,
          reason: current.reason,
          createdAt: current.createdAt,
          createdByName: current.createdByName,
          text: formatTeams(current.teams, text),
          teams: current.teams.map((t) => ({
            name: t.name,
            moduleCode: t.moduleCode,
            members: t.memberIds.length,
            aspects: t.aspectCodes.length,
            competitors: t.competitorIds.map((id) => text.codeOf.get(id) ?? "—"),
          })),
        }
      : null,
  };
}

type Reply =
  | { proposed: string }
  | { unplaced: { moduleCode: string; codes: string[] } }
  | { saved: number }
  | { textProblems: TextProblem[]; text: string; source: string }
  | { problems: AssignmentProblem[]; text: string; source: string }
  | { error: { code: string; params: Record<string, string | number> }; text: string; source: string };

export async function action({ params, request, context }: ActionFunctionArgs) {
  const scope = { competitionId: uuidParam(params, "competitionId"), skillId: uuidParam(params, "skillId") };
  const user = await requireChiefJudge(request, context, scope);
  const reply = (body: Reply, status = 200) => data<Reply>(body, { status });
  // What the chief judge typed comes back with a refusal, so nothing is lost.
  let [raw, source]: [string, "proposal" | "manual"] = ["", "manual"];
  try {
    const form = await readForm(request);
    if (form.get("intent") === "propose") {
      const proposal = await proposeJudgeAssignment(context.deps.db, user, scope);
      if (!proposal.ok) return reply({ unplaced: { moduleCode: proposal.moduleCode, codes: proposal.unplaced } }, 409);
      const { text } = await textContextOf(context.deps.db, scope);
      return reply({ proposed: formatTeams(proposal.plan.teams, text) });
    }
    source = form.get("source") === "proposal" ? "proposal" : "manual";
    raw = String(form.get("teams") ?? "").slice(0, 100_000);
    const { text } = await textContextOf(context.deps.db, scope);
    const parsed = parseTeams(formText(form, "teams", 100_000), text);
    if (parsed.problems.length > 0) return reply({ textProblems: parsed.problems, text: raw, source }, 400);
    const reason = formText(form, "reason", 1000);
    const saved = await saveJudgeAssignment(context.deps, user, scope, {
      teams: parsed.teams,
      source,
      reason: reason === "" ? null : reason,
      basedOnVersion: Number(form.get("basedOnVersion") ?? 0),
    });
    if (!saved.ok) return reply({ problems: saved.problems, text: raw, source }, 409);
    return reply({ saved: saved.version });
  } catch (error) {
    return replyToRefusal(error, (refusal): Reply => ({ error: refusal, text: raw, source }));
  }
}

export default function AssignmentPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Reply | undefined;
  const { t } = useTranslation();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const problemText = (p: AssignmentProblem) =>
    t(`assignment.problem.${p.code}`, { ...p, reason: "reason" in p ? t(`errors.conflictReason.${p.reason}`) : "" } as Record<string, string | number>);
  const draft =
    result && "proposed" in result
      ? { text: result.proposed, source: "proposal" }
      : result && "text" in result
        ? { text: result.text, source: result.source }
        : { text: data.current?.text ?? "", source: "manual" };
  return (
    <>
      <section className="panel hero compact">
        <p className="eyebrow">{localized(locale, data.skill.nameZh, data.skill.nameEn)}</p>
        <h1>{t("assignment.title")}</h1>
        <p>{t("assignment.intro")}</p>
        <p>{t("assignment.facts", { judges: data.judges.length, competitors: data.competitorCount, modules: data.modules.length })}</p>
      </section>
      <section className="panel" aria-labelledby="judges-title">
        <h2 id="judges-title">{t("assignment.judges")}</h2>
        <ul className="link-list">
          {data.judges.map((j) => (
            <li key={j.id}>
              {j.name} <span className="code-text">({j.username})</span>
              {j.delegation ? ` · ${localized(locale, j.delegation.nameZh, j.delegation.nameEn)}` : ""}
            </li>
          ))}
        </ul>
      </section>
      <section className="panel" aria-labelledby="current-title">
        <h2 id="current-title">{t("assignment.current")}</h2>
        {result && "saved" in result ? (
          <p className="notice" role="status">
            {t("assignment.saved", { version: result.saved })}
          </p>
        ) : null}
        {data.current ? (
          <>
            <p>
              {t("assignment.version", {
                version: data.current.version,
                name: data.current.createdByName,
                at: formatDateTime(locale, data.current.createdAt),
                source: t(`assignment.source.${data.current.source}`),
              })}
            </p>
            <div className="data-table">
              <table className="problem-table">
                <caption>{t("assignment.current")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("assignment.columns.team")}</th>
                    <th scope="col">{t("assignment.columns.module")}</th>
                    <th scope="col">{t("assignment.columns.members")}</th>
                    <th scope="col">{t("assignment.columns.aspects")}</th>
                    <th scope="col">{t("assignment.columns.competitors")}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.current.teams.map((team) => (
                    <tr key={team.name}>
                      <td data-label={t("assignment.columns.team")}>{team.name}</td>
                      <td data-label={t("assignment.columns.module")}>{team.moduleCode}</td>
                      <td data-label={t("assignment.columns.members")}>{team.members}</td>
                      <td data-label={t("assignment.columns.aspects")}>{team.aspects}</td>
                      <td data-label={t("assignment.columns.competitors")} className="code-text">
                        {team.competitors.join(" ")}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        ) : (
          <p>{t("assignment.none")}</p>
        )}
      </section>
      <section className="panel" aria-labelledby="edit-title">
        <h2 id="edit-title">{t("assignment.edit")}</h2>
        <Form method="post" className="form-actions">
          <input type="hidden" name="intent" value="propose" />
          <button type="submit" className="button" disabled={busy}>
            {t("assignment.propose")}
          </button>
        </Form>
        {result && "proposed" in result ? (
          <p className="notice" role="status">
            {t("assignment.proposed")}
          </p>
        ) : null}
        {result && "unplaced" in result ? (
          <p className="form-errors" role="alert">
            {t("assignment.unplaced", { module: result.unplaced.moduleCode, codes: result.unplaced.codes.join(" ") })}
          </p>
        ) : null}
        {result && ("problems" in result || "textProblems" in result || "error" in result) ? (
          <div className="form-errors" role="alert">
            <p>{t("assignment.refused")}</p>
            <ul>
              {"problems" in result ? result.problems.map((p, i) => <li key={i}>{problemText(p)}</li>) : null}
              {"textProblems" in result
                ? result.textProblems.map((p, i) => <li key={i}>{t(`assignment.text.${p.code}`, { line: p.line, value: p.value })}</li>)
                : null}
              {"error" in result ? <li>{t(`errors.${result.error.code}`, result.error.params)}</li> : null}
            </ul>
          </div>
        ) : null}
        <Form method="post" className="stacked-form" key={draft.text}>
          <input type="hidden" name="intent" value="save" />
          <input type="hidden" name="source" value={draft.source} />
          <input type="hidden" name="basedOnVersion" value={data.current?.version ?? 0} />
          <div className="field">
            <label htmlFor="teams">{t("assignment.teams")}</label>
            <textarea
              id="teams"
              name="teams"
              rows={Math.min(24, Math.max(6, draft.text.split("\n").length + 1))}
              defaultValue={draft.text}
              className="code-text"
              spellCheck={false}
              aria-describedby="teams-hint"
            />
            <small id="teams-hint" className="hint">
              {t("assignment.teamsHint")}
            </small>
          </div>
          {data.current ? (
            <div className="field">
              <label htmlFor="reason">{t("assignment.reason")}</label>
              <input id="reason" name="reason" maxLength={1000} required />
            </div>
          ) : null}
          <div className="form-actions">
            <button type="submit" className="button primary" disabled={busy}>
              {t("assignment.save")}
            </button>
          </div>
        </Form>
      </section>
    </>
  );
}
