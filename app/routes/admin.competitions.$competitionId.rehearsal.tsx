// Rehearsal 演练 for the organizer: copy a skill (its scheme and competitor codes, no persons),
// then let synthetic judges mark the copy at a chosen pace — to train staff on freeze and reveal
// and to check the venue screens — with links to the copy's live board and the big screen.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { localized } from "~/i18n/i18n";
import { requireOrganizer } from "~/web/require.server";
import { runFormAction, uuidParam } from "~/web/forms.server";
import { createRehearsal, listRehearsals, setRehearsalRunning } from "~/services/leaderboards/rehearsal.server";
import { integer } from "~/domain/fields";
import { FormErrorSummary, type FormState } from "~/components/form";
import { useLocale } from "~/components/use-locale";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const competitionId = uuidParam(params, "competitionId");
  await requireOrganizer(request, context, competitionId);
  const skills = await context.deps.db
    .selectFrom("skill")
    .innerJoin("markingScheme", "markingScheme.skillId", "skill.id")
    .select(["skill.id", "skill.nameZh", "skill.nameEn", "skill.entrantGroup"])
    .where("skill.competitionId", "=", competitionId)
    .where("skill.rehearsalOf", "is", null)
    .orderBy("skill.nameZh")
    .execute();
  return { competitionId, skills, rehearsals: await listRehearsals(context.deps.db, competitionId) };
}

const RehearsalFormSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("create"), sourceSkillId: z.uuid() }),
  z.object({ intent: z.literal("start"), skillId: z.uuid(), pacePerMinute: integer(1, 600) }),
  z.object({ intent: z.literal("stop"), skillId: z.uuid() }),
]);

export async function action({ params, request, context }: ActionFunctionArgs) {
  const competitionId = uuidParam(params, "competitionId");
  const user = await requireOrganizer(request, context, competitionId);
  return runFormAction(request, RehearsalFormSchema, async (input) => {
    if (input.intent === "create")
      return { created: (await createRehearsal(context.deps, user, { competitionId, sourceSkillId: input.sourceSkillId })).skillId };
    await setRehearsalRunning(
      context.deps,
      user,
      { competitionId, skillId: input.skillId },
      input.intent === "start" ? { running: true, pacePerMinute: input.pacePerMinute } : { running: false, pacePerMinute: 60 },
    );
    return { changed: input.intent };
  });
}

export default function RehearsalTab() {
  const data = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const { t } = useTranslation();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const revalidator = useRevalidator();
  const state = reply && "fieldErrors" in reply ? (reply as FormState) : undefined;
  const anyRunning = data.rehearsals.some((r) => r.state === "running");
  // While synthetic judges mark, the progress refreshes every two seconds.
  useEffect(() => {
    if (!anyRunning) return;
    const timer = setInterval(() => revalidator.revalidate(), 2000);
    return () => clearInterval(timer);
  }, [anyRunning, revalidator]);
  return (
    <>
      <section className="panel">
        <h2>{t("rehearsal.title")}</h2>
        <p>{t("rehearsal.intro")}</p>
        <FormErrorSummary state={state} />
        {reply && "created" in reply ? (
          <p className="notice" role="status">
            {t("rehearsal.created")}
          </p>
        ) : null}
        <Form method="post" className="filter-bar">
          <input type="hidden" name="intent" value="create" />
          <div className="field">
            <label htmlFor="source-skill">{t("rehearsal.source")}</label>
            <select id="source-skill" name="sourceSkillId" required defaultValue="">
              <option value="">{t("registration.choose")}</option>
              {data.skills.map((s) => (
                <option key={s.id} value={s.id}>
                  {localized(locale, s.nameZh, s.nameEn)} · {t(`group.${s.entrantGroup}`)}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button primary" disabled={busy}>
            {t("rehearsal.create")}
          </button>
        </Form>
      </section>
      <section className="panel" aria-labelledby="rehearsals-title">
        <h2 id="rehearsals-title">{t("rehearsal.list")}</h2>
        {data.rehearsals.length === 0 ? <p>{t("rehearsal.none")}</p> : null}
        <ul className="registration-list">
          {data.rehearsals.map((r) => (
            <li key={r.skillId} className="registration-card">
              <div className="card-head">
                <strong>{localized(locale, r.nameZh, r.nameEn)}</strong>
                <span className={`badge${r.state === "running" ? " ok" : ""}`}>{t(`rehearsal.state.${r.state}`)}</span>
              </div>
              <p>
                <progress max={r.total} value={r.recorded} aria-label={t("rehearsal.progress")} />{" "}
                {t("rehearsal.marks", { recorded: r.recorded, total: r.total })}
              </p>
              {r.state !== "finished" ? (
                <Form method="post" className="filter-bar">
                  <input type="hidden" name="skillId" value={r.skillId} />
                  <div className="field">
                    <label htmlFor={`pace-${r.skillId}`}>{t("rehearsal.pace")}</label>
                    <input id={`pace-${r.skillId}`} type="number" name="pacePerMinute" min={1} max={600} defaultValue={r.pacePerMinute} required />
                  </div>
                  {r.state === "running" ? (
                    <button type="submit" name="intent" value="stop" className="button" disabled={busy}>
                      {t("rehearsal.stop")}
                    </button>
                  ) : (
                    <button type="submit" name="intent" value="start" className="button primary" disabled={busy}>
                      {t("rehearsal.start")}
                    </button>
                  )}
                </Form>
              ) : null}
              <p className="form-actions">
                <Link className="button" to={`/live/${data.competitionId}/${r.skillId}`}>
                  {t("rehearsal.board")}
                </Link>
                <Link className="button" to={`/live/${data.competitionId}/screen`}>
                  {t("rehearsal.screen")}
                </Link>
              </p>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
