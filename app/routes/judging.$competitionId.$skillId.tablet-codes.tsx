// The chief judge issues one-time tablet sign-in codes to the judges of a skill.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getSkill, listJudgesOfSkill } from "~/services/queries.server";
import { localized } from "~/i18n/i18n";
import { requireChiefJudge } from "~/web/require.server";
import { IssueTabletCodeSchema, issueTabletCode, tabletCodeLifetimeMs } from "~/services/auth/tablet-codes.server";
import { notFoundUnless, runFormAction, uuidParam } from "~/web/forms.server";
import { FormErrorSummary } from "~/components/form";
import { titled } from "~/components/meta";
import { useLocale } from "~/components/use-locale";

export const meta: MetaFunction = ({ matches }) => titled(matches, "judging.tabletCodes");

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const competitionId = uuidParam(params, "competitionId");
  const skillId = uuidParam(params, "skillId");
  await requireChiefJudge(request, context, { competitionId, skillId });
  const skill = notFoundUnless(await getSkill(context.deps.db, competitionId, skillId));
  const judges = await listJudgesOfSkill(context.deps.db, competitionId, skillId);
  return { skill: { nameZh: skill.nameZh, nameEn: skill.nameEn }, judges };
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const competitionId = uuidParam(params, "competitionId");
  const skillId = uuidParam(params, "skillId");
  const user = await requireChiefJudge(request, context, { competitionId, skillId });
  return runFormAction(request, IssueTabletCodeSchema.pick({ judgeUserId: true }), async ({ judgeUserId }) => {
    const issued = await issueTabletCode(context.deps, user, { competitionId, skillId, judgeUserId });
    return { issued: { judgeUserId, code: `${issued.code.slice(0, 4)} ${issued.code.slice(4)}`, minutes: Math.round(tabletCodeLifetimeMs / 60000) } };
  });
}

export default function TabletCodesPage() {
  const { skill, judges } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const { t } = useTranslation();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const issued = reply && "issued" in reply ? reply.issued : null;
  const state = reply && "fieldErrors" in reply ? reply : undefined;
  return (
    <section className="panel">
      <p className="eyebrow">{localized(locale, skill.nameZh, skill.nameEn)}</p>
      <h1>{t("judging.tabletCodes")}</h1>
      <p>{t("judging.tabletCodesIntro")}</p>
      <FormErrorSummary state={state} />
      {judges.length === 0 ? <p>{t("judging.noJudges")}</p> : null}
      <ul className="judge-list">
        {judges.map((judge) => (
          <li key={judge.userId} className="judge-row">
            <span>
              <strong>{judge.displayName}</strong>{" "}
              <small>
                {t(`role.${judge.role}`)} · {judge.username}
              </small>
            </span>
            {issued?.judgeUserId === judge.userId ? (
              <output className="tablet-code" aria-live="polite">
                <small>{t("judging.issued", { name: judge.displayName, minutes: issued.minutes })}</small>
                <strong>{issued.code}</strong>
              </output>
            ) : null}
            <Form method="post">
              <input type="hidden" name="judgeUserId" value={judge.userId} />
              <button type="submit" className="button" disabled={busy}>
                {t("judging.issue")}
              </button>
            </Form>
          </li>
        ))}
      </ul>
    </section>
  );
}
