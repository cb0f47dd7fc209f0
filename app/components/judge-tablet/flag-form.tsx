// Flag a problem to the chief judge from the tablet (about a competitor, optionally one aspect),
// and the judge's own flags with their state. Sent online only: a flag is a conversation with
// the chief judge, not a mark, and the form says so when the network is down.
import { useFetcher } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { JudgeFlagView } from "~/services/judging/judge-flags.server";
import { FormErrorSummary } from "~/components/form";
import { newSubmissionId } from "./mark-queue";

export function FlagForm({ code, aspects, online }: { code: string; aspects: string[]; online: boolean }) {
  const { t } = useTranslation();
  const fetcher = useFetcher<{ done?: string; fieldErrors?: Record<string, { key: string }> }>();
  const [submissionId, setSubmissionId] = useState("");
  const reply = fetcher.data;
  const sent = fetcher.state === "idle" && reply?.done === "flag";
  const form = useRef<HTMLFormElement>(null);
  // A fresh id per flag: made on the tablet, so a resend after a lost answer is a no-op. The form
  // is cleared only after a flag was sent — never when the first id arrives after hydration,
  // which would wipe what the judge had started typing.
  useEffect(() => {
    if (fetcher.state !== "idle") return;
    setSubmissionId(newSubmissionId());
    if (reply?.done === "flag") form.current?.reset();
  }, [fetcher.state, reply]);
  return (
    <section className="panel flag-form" aria-labelledby="flag-title">
      <h2 id="flag-title">{t("marking.flag")}</h2>
      {sent ? (
        <p className="notice" role="status">
          {t("marking.flagSent")}
        </p>
      ) : null}
      <fetcher.Form method="post" ref={form}>
        <FormErrorSummary state={reply?.fieldErrors ? (reply as never) : undefined} />
        <input type="hidden" name="intent" value="flag" />
        <input type="hidden" name="submissionId" value={submissionId} />
        <input type="hidden" name="competitorCode" value={code} />
        <label>
          {t("marking.flagAspect")}
          <select name="aspectCode" defaultValue="">
            <option value="">{t("marking.flagAspectNone")}</option>
            {aspects.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("marking.flagText")}
          <textarea name="text" rows={3} maxLength={2000} required />
        </label>
        {online ? null : <p className="warning">{t("marking.flagOffline")}</p>}
        <button type="submit" className="button primary" disabled={!online || !submissionId || fetcher.state !== "idle"}>
          {t("marking.flagSubmit")}
        </button>
      </fetcher.Form>
    </section>
  );
}

export function MyFlags({ flags, formatTime }: { flags: JudgeFlagView[]; formatTime: (iso: string) => string }) {
  const { t } = useTranslation();
  if (flags.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="my-flags-title">
      <h2 id="my-flags-title">{t("marking.myFlags")}</h2>
      <ul className="flag-list">
        {flags.map((f) => (
          <li key={f.id}>
            <strong>{f.code}</strong>
            {f.aspectCode ? ` · ${f.aspectCode}` : ""} · {formatTime(f.raisedAt)} — {f.text}{" "}
            <span className={`badge${f.resolution ? " ok" : " warn"}`}>
              {f.resolution ? t("marking.flagResolved", { note: f.resolution.note }) : t("marking.flagOpen")}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
