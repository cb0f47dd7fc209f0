// The organizer's 国家集训队 tab (ws_squad competitions only): per occupation, the persons qualified
// for the squad, the elimination rounds (define: round number, assessment skill, keep and reserve
// counts), each round's published ranking with advance / reserve / out, "enter this round", and the
// representative 代表 and reserve 备选 of the last round.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { parseDecimal, toFixed } from "~/domain/results/exact";
import { localized } from "~/i18n/i18n";
import { requireOrganizer } from "~/web/require.server";
import { runFormAction, uuidParam, readOrRefuse } from "~/web/forms.server";
import {
  DefineSquadRoundSchema,
  EnterSquadRoundSchema,
  defineSquadRound,
  enterSquadRound,
  loadSquad,
  type SquadRoundView,
} from "~/services/squad/squad.server";
import { FormErrorSummary, SelectField, TextField } from "~/components/form";
import { useLocale } from "~/components/use-locale";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const competitionId = uuidParam(params, "competitionId");
  await requireOrganizer(request, context, competitionId);
  const db = context.deps.db;
  return readOrRefuse(async () => {
    const [occupations, skills] = await Promise.all([
      loadSquad(db, competitionId),
      db
        .selectFrom("skill")
        .select(["id", "nameZh", "nameEn", "occupationCode"])
        .where("competitionId", "=", competitionId)
        .where("rehearsalOf", "is", null)
        .orderBy("startsAt")
        .execute(),
    ]);
    return { occupations, skills };
  });
}

const SquadFormSchema = z.discriminatedUnion("intent", [
  DefineSquadRoundSchema.extend({ intent: z.literal("define") }),
  EnterSquadRoundSchema.extend({ intent: z.literal("enter") }),
]);

export async function action({ params, request, context }: ActionFunctionArgs) {
  const competitionId = uuidParam(params, "competitionId");
  const user = await requireOrganizer(request, context, competitionId);
  return runFormAction(request, SquadFormSchema, async (input) => {
    if (input.intent === "define") {
      const { intent: _intent, ...round } = input;
      await defineSquadRound(context.deps, user, competitionId, round);
      return { done: "defined" as const, count: 0 };
    }
    const { entered } = await enterSquadRound(context.deps, user, competitionId, input);
    return { done: "entered" as const, count: entered };
  });
}

const totalText = (total: string) => {
  const value = parseDecimal(total);
  return value ? toFixed(value, 2) : total;
};

function RoundPanel({ round, occupationCode, isLast }: { round: SquadRoundView; occupationCode: string; isLast: boolean }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const outcomeOf = (personId: string) => {
    const o = round.outcome;
    if (!o) return "";
    if (o.advance.includes(personId)) return t("squad.outcome.advance");
    if (o.reserve.includes(personId)) return t("squad.outcome.reserve");
    if (o.tied.includes(personId)) return t("squad.outcome.tied");
    return t("squad.outcome.out");
  };
  const nameOf = (personId: string) => round.ranking?.find((r) => r.personId === personId)?.name ?? "";
  return (
    <article className="squad-round">
      <h4>{t("squad.round", { roundNo: round.roundNo, skill: localized(locale, round.skill.nameZh, round.skill.nameEn) })}</h4>
      <p>{t("squad.roundFacts", { keep: round.keepCount, reserve: round.reserveCount, entered: round.entered.length })}</p>
      <Form method="post" className="form-actions">
        <input type="hidden" name="occupationCode" value={occupationCode} />
        <input type="hidden" name="roundNo" value={round.roundNo} />
        <button type="submit" name="intent" value="enter" className="button" disabled={busy}>
          {t("squad.enter")}
        </button>
      </Form>
      {round.ranking === null ? (
        <p className="hint">{t("squad.notPublished")}</p>
      ) : (
        <>
          {round.outcome?.tieAtBoundary ? (
            <p className="form-errors" role="alert">
              {t("squad.tieAtBoundary", { names: round.outcome.tied.map(nameOf).join("、") })}
            </p>
          ) : null}
          {isLast && round.outcome && !round.outcome.tieAtBoundary ? (
            <p className="notice squad-representative">
              {round.outcome.advance.length > 0 ? t("squad.representative", { name: round.outcome.advance.map(nameOf).join("、") }) : null}
              {round.outcome.reserve.length > 0 ? ` · ${t("squad.reserve", { names: round.outcome.reserve.map(nameOf).join("、") })}` : null}
            </p>
          ) : null}
          <div className="data-table">
            <table>
              <caption>{t("squad.round", { roundNo: round.roundNo, skill: localized(locale, round.skill.nameZh, round.skill.nameEn) })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("squad.columns.rank")}</th>
                  <th scope="col">{t("squad.columns.name")}</th>
                  <th scope="col">{t("squad.columns.idNumber")}</th>
                  <th scope="col">{t("squad.columns.total")}</th>
                  <th scope="col">{t("squad.columns.outcome")}</th>
                </tr>
              </thead>
              <tbody>
                {round.ranking.map((r) => (
                  <tr key={r.personId}>
                    <td data-label={t("squad.columns.rank")}>{r.rank}</td>
                    <td data-label={t("squad.columns.name")}>
                      <a href={`/people/${r.personId}`}>{r.name}</a>
                    </td>
                    <td data-label={t("squad.columns.idNumber")} className="code-text">
                      {r.idNumberMasked}
                    </td>
                    <td data-label={t("squad.columns.total")}>{totalText(r.total)}</td>
                    <td data-label={t("squad.columns.outcome")}>{outcomeOf(r.personId)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </article>
  );
}

export default function SquadTab() {
  const data = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const { t } = useTranslation();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const state = reply && "fieldErrors" in reply ? reply : undefined;
  return (
    <>
      <section className="panel">
        <h2>{t("squad.title")}</h2>
        <p>{t("squad.intro")}</p>
        <FormErrorSummary state={state} />
        {reply && "done" in reply ? (
          <p className="notice" role="status">
            {reply.done === "defined" ? t("squad.defined") : t("squad.entered", { count: reply.count })}
          </p>
        ) : null}
        <Form method="post" className="form-grid subsection" aria-label={t("squad.defineRound")}>
          <h3>{t("squad.defineRound")}</h3>
          <TextField
            name="occupationCode"
            label={t("squad.occupationCode")}
            state={state}
            required
            maxLength={20}
            stored={data.occupations[0]?.occupationCode ?? data.skills[0]?.occupationCode ?? ""}
          />
          <TextField name="roundNo" label={t("squad.roundNo")} state={state} type="number" min={1} max={20} required inputMode="numeric" />
          <SelectField
            name="skillId"
            label={t("squad.skill")}
            state={state}
            required
            options={data.skills.map((s) => ({ value: s.id, label: `${localized(locale, s.nameZh, s.nameEn)} · ${s.occupationCode}` }))}
          />
          <TextField name="keepCount" label={t("squad.keepCount")} state={state} type="number" min={1} max={100} required inputMode="numeric" />
          <TextField
            name="reserveCount"
            label={t("squad.reserveCount")}
            state={state}
            type="number"
            min={0}
            max={100}
            required
            inputMode="numeric"
            stored={0}
          />
          <div className="form-actions">
            <button type="submit" name="intent" value="define" className="button primary" disabled={busy}>
              {t("squad.save")}
            </button>
          </div>
        </Form>
      </section>
      {data.occupations.length === 0 ? (
        <section className="panel">
          <p>{t("squad.noOccupations")}</p>
        </section>
      ) : null}
      {data.occupations.map((o) => (
        <section className="panel" key={o.occupationCode} aria-labelledby={`occupation-${o.occupationCode}`}>
          <h2 id={`occupation-${o.occupationCode}`}>{t("squad.occupation", { code: o.occupationCode })}</h2>
          <h3>{t("squad.qualified")}</h3>
          {o.qualified.length === 0 ? (
            <p>{t("squad.noQualified")}</p>
          ) : (
            <ul className="squad-qualified">
              {o.qualified.map((q) => (
                <li key={q.personId}>
                  <a href={`/people/${q.personId}`}>{q.name}</a> <span className="code-text">{q.idNumberMasked}</span> ·{" "}
                  {t("squad.qualifiedFrom", { source: localized(locale, q.sourceNameZh, q.sourceNameEn), rank: q.rank })}
                </li>
              ))}
            </ul>
          )}
          {o.rounds.map((r, i) => (
            <RoundPanel key={r.id} round={r} occupationCode={o.occupationCode} isLast={i === o.rounds.length - 1 && r.keepCount === 1} />
          ))}
        </section>
      ))}
    </>
  );
}
