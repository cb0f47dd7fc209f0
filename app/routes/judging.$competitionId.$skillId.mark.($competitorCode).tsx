// The judge's marking page on a 10" tablet (portrait or landscape): competitors by anonymous
// code (workstation number) — recused ones shown unavailable with the reason, never a name —
// then, for one competitor, the aspects module by module with progress, locked modules
// read-only. Every tap goes to the tablet's outbox first (IndexedDB) and is sent to the marks
// API with its submission id, so nothing is lost when the venue Wi-Fi drops (decision 015).
// One route module for the list and a competitor's page, so moving between them needs no
// network: the loader runs again only when the data may have changed.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useFetcher, useLoaderData, useParams, useRevalidator, type ShouldRevalidateFunction } from "@remix-run/react";
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { localized } from "~/i18n/i18n";
import { requireMarker } from "~/web/require.server";
import { runFormAction, uuidParam, readOrRefuse } from "~/web/forms.server";
import { competitorIdOf } from "~/services/competitors/competitor-code.server";
import { listJudgeFlags, raiseJudgeFlag, RaiseJudgeFlagSchema } from "~/services/judging/judge-flags.server";
import { loadJudgeSheet } from "~/services/marks/judge-sheet.server";
import { justifySpread } from "~/services/marks/spread-resolution.server";
import { FormErrorSummary } from "~/components/form";
import { formatDateTime } from "~/components/format";
import { titled } from "~/components/meta";
import { useLocale } from "~/components/use-locale";
import { AspectCard, type ShownMark } from "~/components/judge-tablet/aspect-card";
import { FlagForm, MyFlags } from "~/components/judge-tablet/flag-form";
import { latestLocal, pendingCount, type QueuedMark } from "~/components/judge-tablet/mark-queue";
import { MyMarks, myMarkRows } from "~/components/judge-tablet/my-marks";
import { registerTabletWorker, warmOfflineCopy } from "~/components/judge-tablet/offline-shell";
import { useMarkSync } from "~/components/judge-tablet/use-mark-sync";

// Loaded after hydration; offline (chunk not cached) the page simply goes without live updates.
const LiveReload = lazy(() => import("~/components/judge-tablet/live-reload").catch(() => ({ default: () => null })));

export const meta: MetaFunction = ({ matches }) => titled(matches, "marking.title");

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const scope = { competitionId: uuidParam(params, "competitionId"), skillId: uuidParam(params, "skillId") };
  const user = await requireMarker(request, context, scope);
  const sheet = await readOrRefuse(loadJudgeSheet(context.deps.db, user, scope));
  return { scope, userId: user.userId, sheet, flags: await listJudgeFlags(context.deps.db, scope, { judgeUserId: user.userId }) };
}

const MarkingFormSchema = z.discriminatedUnion("intent", [
  RaiseJudgeFlagSchema.extend({
    intent: z.literal("flag"),
    aspectCode: z.preprocess((v) => (v === "" ? undefined : v), RaiseJudgeFlagSchema.shape.aspectCode),
  }),
  z.object({
    intent: z.literal("justify"),
    competitorCode: z.string().trim().min(1).max(40),
    aspectCode: z.string().trim().min(1).max(30),
    text: z.string().trim().min(1).max(2000),
  }),
]);

export async function action({ params, request, context }: ActionFunctionArgs) {
  const scope = { competitionId: uuidParam(params, "competitionId"), skillId: uuidParam(params, "skillId") };
  const user = await requireMarker(request, context, scope);
  return runFormAction(request, MarkingFormSchema, async (input) => {
    if (input.intent === "flag") {
      const { intent: _intent, ...flag } = input;
      await raiseJudgeFlag(context.deps, user, scope, flag);
      return { done: "flag" as const };
    }
    const competitorId = await competitorIdOf(context.deps.db, scope, { competitorCode: input.competitorCode });
    await justifySpread(context.deps, user, scope, { competitorId, aspectCode: input.aspectCode, text: input.text });
    return { done: "justify" as const, aspectCode: input.aspectCode };
  });
}

/** Moving between the list and a competitor needs no reload; after a write or a sync, reload when online. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ currentUrl, nextUrl, formMethod, defaultShouldRevalidate }) => {
  if (typeof navigator !== "undefined" && !navigator.onLine) return false;
  if (!formMethod && currentUrl.pathname !== nextUrl.pathname) return false;
  return defaultShouldRevalidate;
};

type Data = Awaited<ReturnType<typeof loader>>;
type Sheet = Data["sheet"];

function JustifyForm({ code, aspectCode }: { code: string; aspectCode: string }) {
  const { t } = useTranslation();
  const fetcher = useFetcher<typeof action>();
  const reply = fetcher.data;
  if (reply && "done" in reply && reply.done === "justify") return <p className="notice">{t("marking.justified")}</p>;
  return (
    <fetcher.Form method="post" className="justify-form">
      <FormErrorSummary state={reply && "fieldErrors" in reply ? reply : undefined} />
      <input type="hidden" name="intent" value="justify" />
      <input type="hidden" name="competitorCode" value={code} />
      <input type="hidden" name="aspectCode" value={aspectCode} />
      <label>
        {t("marking.justification")}
        <textarea name="text" rows={2} maxLength={2000} required />
      </label>
      <button type="submit" className="button" disabled={fetcher.state !== "idle"}>
        {t("marking.justify")}
      </button>
    </fetcher.Form>
  );
}

function shownMark(sheet: Sheet, queue: readonly QueuedMark[], code: string, aspectCode: string): ShownMark | null {
  const local = latestLocal(queue, code, aspectCode);
  if (local && local.state === "pending") return { value: local.value, state: "pending" };
  const server = sheet.marks.find((m) => m.code === code && m.aspectCode === aspectCode);
  // A synced entry the (possibly older, cached) server data does not show yet: the later revision wins.
  if (local && (!server || (local.revision ?? 0) >= server.revision)) return { value: local.value, state: "synced" };
  return server ? { value: server.value, state: "synced" } : null;
}

export default function MarkingPage() {
  const { scope, userId, sheet, flags } = useLoaderData<typeof loader>();
  const { competitorCode } = useParams();
  const { t } = useTranslation();
  const locale = useLocale();
  const revalidator = useRevalidator();
  const basePath = `/judging/${scope.competitionId}/${scope.skillId}/mark`;
  const knownMarkIds = useMemo(() => new Set(sheet.marks.map((m) => m.markId)), [sheet.marks]);
  const onSynced = useCallback(() => {
    if (navigator.onLine) revalidator.revalidate();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the revalidator object changes on every render
  }, []);
  const { queue, online, addMark, dismissRefused } = useMarkSync({
    userId,
    competitionId: scope.competitionId,
    skillId: scope.skillId,
    locale,
    knownMarkIds,
    onSynced,
  });
  const [hydrated, setHydrated] = useState(false);
  const competitor = competitorCode ? sheet.competitors.find((c) => c.code === competitorCode) : undefined;

  // Live updates (live-reload.tsx) reload the page's data — when online, at most once a second.
  const reloadTimer = useRef<number | undefined>(undefined);
  const reloadSoon = () => {
    if (!navigator.onLine || reloadTimer.current !== undefined) return;
    reloadTimer.current = window.setTimeout(() => {
      reloadTimer.current = undefined;
      revalidator.revalidate();
    }, 1000);
  };
  useEffect(() => () => window.clearTimeout(reloadTimer.current), []);
  const live = hydrated ? (
    <Suspense fallback={null}>
      <LiveReload competitionId={scope.competitionId} skillId={scope.skillId} shownCompetitorId={competitor?.competitorId} onChange={reloadSoon} />
    </Suspense>
  ) : null;

  useEffect(() => {
    setHydrated(true);
    registerTabletWorker();
  }, []);
  // Keep an offline copy of the page just shown (its HTML carries the data needed to mark).
  useEffect(() => {
    void warmOfflineCopy(location.pathname);
  }, [competitorCode, sheet]);

  const aspectsOf = (m: Sheet["modules"][number]) => m.subCriteria.flatMap((sc) => sc.aspects);
  const allAspects = sheet.modules.flatMap(aspectsOf);
  const lockedAspects = useMemo(
    () => new Set(sheet.modules.filter((m) => m.locked).flatMap((m) => m.subCriteria.flatMap((sc) => sc.aspects.map((a) => a.code)))),
    [sheet.modules],
  );
  const doneFor = (code: string, aspects: ReadonlyArray<{ code: string }>) => aspects.filter((a) => shownMark(sheet, queue, code, a.code)).length;
  const pending = pendingCount(queue);
  const moduleOfAspect = new Map(sheet.modules.flatMap((m) => aspectsOf(m).map((a) => [a.code, m.code] as const)));
  // Why the server refused, in the page's current language where the code and the sheet say
  // enough; otherwise the server's message (in the language of the moment it was synced).
  const describeRefusal = (entry: QueuedMark): string => {
    const conflict = sheet.competitors.find((c) => c.code === entry.competitorCode)?.conflict;
    if (entry.refusal?.code === "MODULE_LOCKED") return t("errors.MODULE_LOCKED", { module: moduleOfAspect.get(entry.aspectCode) ?? "" });
    if (entry.refusal?.code === "JUDGE_CONFLICT" && conflict) return t("errors.JUDGE_CONFLICT", { reason: t(`errors.conflictReason.${conflict}`) });
    return entry.refusal?.message ?? "";
  };

  const status = (
    <p className={`sync-bar${online ? "" : " offline"}`} role="status" data-online={online} data-pending={hydrated ? pending : undefined}>
      <span className="badge">{online ? t("marking.online") : t("marking.offline")}</span>{" "}
      {pending > 0 ? t("marking.pendingCount", { count: pending }) : t("marking.allSynced")}
    </p>
  );

  if (competitorCode && !competitor) {
    return (
      <section className="panel">
        <h1>{t("errors.notFoundTitle")}</h1>
        <Link to={basePath} className="button">
          ← {t("marking.back")}
        </Link>
      </section>
    );
  }
  if (!competitor) {
    return (
      <div className="judge-tablet">
        {live}
        <section className="panel">
          <p className="eyebrow">{localized(locale, sheet.skill.nameZh, sheet.skill.nameEn)}</p>
          <h1>{t("marking.title")}</h1>
          <p>{t("marking.intro")}</p>
          {status}
          {sheet.modules.length === 0 ? <p>{t("marking.noScheme")}</p> : null}
          <h2>{t("marking.competitors")}</h2>
          <ul className="competitor-grid">
            {sheet.competitors.map((c) => (
              <li key={c.code}>
                {c.conflict || c.unassigned ? (
                  <span className="competitor-tile unavailable" aria-disabled="true">
                    <strong>{c.code}</strong>
                    <small>
                      {t("marking.unavailable")} ·{" "}
                      {c.conflict ? t("marking.recused", { reason: t(`errors.conflictReason.${c.conflict}`) }) : t("marking.notAssigned")}
                    </small>
                  </span>
                ) : (
                  <Link className="competitor-tile" to={`${basePath}/${encodeURIComponent(c.code)}`}>
                    <strong>{c.code}</strong>
                    <small>{t("marking.progress", { done: doneFor(c.code, allAspects), total: allAspects.length })}</small>
                    <progress max={allAspects.length || 1} value={doneFor(c.code, allAspects)} />
                  </Link>
                )}
              </li>
            ))}
          </ul>
        </section>
        <MyMarks
          rows={myMarkRows(sheet, queue, describeRefusal)}
          basePath={basePath}
          lockedAspects={lockedAspects}
          onDismiss={(id) => void dismissRefused(id)}
          formatTime={(iso) => formatDateTime(locale, iso)}
        />
        <MyFlags flags={flags} formatTime={(iso) => formatDateTime(locale, iso)} />
      </div>
    );
  }

  const code = competitor.code;
  return (
    <div className="judge-tablet">
      {live}
      <section className="panel">
        <Link to={basePath} className="button ghost">
          ← {t("marking.back")}
        </Link>
        <p className="eyebrow">{localized(locale, sheet.skill.nameZh, sheet.skill.nameEn)}</p>
        <h1>{t("marking.competitor", { code })}</h1>
        {status}
        {competitor.unassigned && !competitor.conflict ? <p className="warning">{t("marking.notAssignedPage")}</p> : null}
        {competitor.conflict ? (
          <p className="warning">{t("marking.recusedPage", { reason: t(`errors.conflictReason.${competitor.conflict}`) })}</p>
        ) : (
          <p>{t("marking.progress", { done: doneFor(code, allAspects), total: allAspects.length })}</p>
        )}
      </section>
      {competitor.conflict
        ? null
        : sheet.modules.map((m) => {
            const aspects = aspectsOf(m);
            return (
              <section key={m.code} className={`panel module${m.locked ? " locked" : ""}`} aria-labelledby={`module-${m.code}`}>
                <div className="panel-heading">
                  <h2 id={`module-${m.code}`}>
                    {m.code} {m.name}
                  </h2>
                  <span className="module-progress">{t("marking.progress", { done: doneFor(code, aspects), total: aspects.length })}</span>
                  {m.locked ? <span className="badge warn">🔒 {t("marking.locked")}</span> : null}
                </div>
                {m.subCriteria.map((sc) => (
                  <div key={sc.code} className="sub-criterion">
                    <h3>
                      {sc.code} {sc.name}
                    </h3>
                    <ul className="aspect-list">
                      {sc.aspects.map((a) => {
                        const team = sheet.teams.find((x) => x.code === code && x.aspectCode === a.code) ?? null;
                        const refusedEntry = [...queue].reverse().find((q) => q.competitorCode === code && q.aspectCode === a.code && q.state === "refused");
                        const refused = refusedEntry ? { entry: refusedEntry, reason: describeRefusal(refusedEntry) } : null;
                        return (
                          <AspectCard
                            key={a.code}
                            aspect={a}
                            mark={shownMark(sheet, queue, code, a.code)}
                            refused={refused}
                            readOnly={m.locked || !hydrated}
                            team={team}
                            spreadLimit={sheet.spreadLimit}
                            onMark={(value, reason) => void addMark({ competitorCode: code, aspectCode: a.code, value, ...(reason ? { reason } : {}) })}
                            justify={online ? <JustifyForm code={code} aspectCode={a.code} /> : null}
                          />
                        );
                      })}
                    </ul>
                  </div>
                ))}
              </section>
            );
          })}
      {competitor.conflict ? null : <FlagForm code={code} aspects={allAspects.map((a) => a.code)} online={online} />}
    </div>
  );
}
