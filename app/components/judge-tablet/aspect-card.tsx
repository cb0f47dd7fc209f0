// One aspect on the judge's tablet: what it is, the judge's current mark (or a clearly
// different "not yet scored" — a dashed outline and a dash, not only a colour), whether the mark
// has reached the server, and the input its kind takes: 0/1/2/3 with the level descriptors for
// judgement, achieved / not, a choice, or a number for measurement. Touch targets are ≥ 44 px.
// A second tap on an aspect already marked is a correction and asks for the reason first.
import { useState, type FormEvent, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { MarkValue } from "~/domain/marking-scheme/mark-value";
import type { SheetAspect } from "~/services/marks/judge-sheet.server";
import type { QueuedMark } from "./mark-queue";

export type SyncState = "synced" | "pending" | "refused";

export interface ShownMark {
  value: MarkValue;
  state: SyncState;
  refusal?: string;
}

export function formatValue(value: MarkValue, t: (key: string) => string): string {
  if ("score" in value) return String(value.score);
  if ("achieved" in value) return value.achieved ? t("marking.yes") : t("marking.no");
  if ("choiceId" in value) return value.choiceId;
  if ("measured" in value) return value.measured;
  return value.mark;
}

const sameValue = (a: MarkValue, b: MarkValue) => JSON.stringify(a) === JSON.stringify(b);

export function SyncBadge({ state, refusal }: { state: SyncState; refusal?: string }) {
  const { t } = useTranslation();
  if (state === "synced") return <span className="badge ok sync-state">✓ {t("marking.sync.synced")}</span>;
  if (state === "pending") return <span className="badge warn sync-state">⟳ {t("marking.sync.pending")}</span>;
  return <span className="badge refused sync-state">✕ {t("marking.sync.refused", { reason: refusal ?? "" })}</span>;
}

interface Props {
  aspect: SheetAspect;
  mark: ShownMark | null;
  /** The latest refused entry for this aspect, and why in the page's language. */
  refused: { entry: QueuedMark; reason: string } | null;
  readOnly: boolean;
  team: { scores: number[]; overLimit: boolean } | null;
  spreadLimit: number;
  onMark: (value: MarkValue, reason?: string) => void;
  justify?: ReactNode;
}

export function AspectCard({ aspect, mark, refused, readOnly, team, spreadLimit, onMark, justify }: Props) {
  const { t } = useTranslation();
  const [correction, setCorrection] = useState<MarkValue | null>(null);
  const [reason, setReason] = useState("");
  const [number, setNumber] = useState("");
  const [numberError, setNumberError] = useState(false);

  const choose = (value: MarkValue) => {
    if (readOnly) return;
    if (!mark) return onMark(value);
    if (sameValue(mark.value, value)) return;
    setCorrection(value);
  };
  const submitNumber = (event: FormEvent) => {
    event.preventDefault();
    const text = number.trim();
    if (!/^-?\d{1,15}(\.\d{1,12})?$/.test(text)) return setNumberError(true);
    setNumberError(false);
    choose(aspect.input.type === "mark" ? { mark: text } : { measured: text });
    setNumber("");
  };
  const submitCorrection = (event: FormEvent) => {
    event.preventDefault();
    if (!correction || !reason.trim()) return;
    onMark(correction, reason.trim());
    setCorrection(null);
    setReason("");
  };
  const selected = (value: MarkValue) => (mark ? sameValue(mark.value, value) : false);
  const option = (value: MarkValue, label: ReactNode, key: string) => (
    <button
      key={key}
      type="button"
      className={`mark-option${selected(value) ? " selected" : ""}`}
      aria-pressed={selected(value)}
      disabled={readOnly}
      onClick={() => choose(value)}
    >
      {label}
    </button>
  );

  const input = aspect.input;
  return (
    <li className={`aspect-card${mark ? " marked" : " unmarked"}`} id={`aspect-${aspect.code}`} data-aspect={aspect.code}>
      <div className="aspect-head">
        <strong className="aspect-code">{aspect.code}</strong>
        <span className="aspect-description">{aspect.description}</span>
        <small className="hint">
          {t(`marking.kind.${aspect.kind}`)} · {t("marking.max", { max: aspect.max })}
        </small>
      </div>
      <div className="aspect-state" data-testid="mark-state">
        {mark ? (
          <>
            <span className="mark-value">{t("marking.yourMark", { value: formatValue(mark.value, t) })}</span>{" "}
            <SyncBadge state={mark.state} refusal={mark.refusal} />
          </>
        ) : (
          <span className="not-scored">— {t("marking.notScored")}</span>
        )}
        {refused ? (
          <span className="refused-line">
            {formatValue(refused.entry.value, t)}: <SyncBadge state="refused" refusal={refused.reason} />
          </span>
        ) : null}
      </div>
      {input.type === "score" ? (
        <div className="mark-options score-options" role="group" aria-label={aspect.code}>
          {input.descriptors.map((d, score) =>
            option(
              { score },
              <>
                <span className="option-score">{score}</span>
                <span className="option-text">{d}</span>
              </>,
              String(score),
            ),
          )}
        </div>
      ) : input.type === "achieved" ? (
        <div className="mark-options" role="group" aria-label={aspect.code}>
          {option({ achieved: true }, t("marking.yes"), "yes")}
          {option({ achieved: false }, t("marking.no"), "no")}
        </div>
      ) : input.type === "choice" ? (
        <div className="mark-options" role="group" aria-label={aspect.code}>
          {input.choices.map((c) => option({ choiceId: c.id }, t("marking.choiceDeduction", { choice: c.id, deduction: c.deduction }), c.id))}
        </div>
      ) : (
        <form className="mark-number" onSubmit={submitNumber} noValidate>
          <label>
            {input.type === "mark" ? t("marking.markValue", { max: input.max }) : `${t("marking.value")} (${t("marking.target", { target: input.target })})`}
            <input inputMode="decimal" value={number} onChange={(e) => setNumber(e.target.value)} disabled={readOnly} aria-invalid={numberError || undefined} />
          </label>
          <button type="submit" className="button" disabled={readOnly}>
            {t("marking.save")}
          </button>
          {numberError ? <span className="field-error">{t("marking.invalidNumber")}</span> : null}
        </form>
      )}
      {correction ? (
        <form className="correction" onSubmit={submitCorrection}>
          <p className="hint">
            {t("marking.correctionHint")} {formatValue(mark!.value, t)} → <strong>{formatValue(correction, t)}</strong>
          </p>
          <label>
            {t("marking.correctionReason")}
            <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={1000} required />
          </label>
          <button type="submit" className="button primary" disabled={!reason.trim()}>
            {t("marking.saveCorrection")}
          </button>
          <button type="button" className="button" onClick={() => setCorrection(null)}>
            {t("marking.cancel")}
          </button>
        </form>
      ) : null}
      {aspect.kind === "judgement" && mark ? (
        team ? (
          <div className={`team-scores${team.overLimit ? " over" : ""}`}>
            <span>{t("marking.team", { scores: team.scores.join(" · ") })}</span>
            {team.overLimit ? (
              <>
                <p className="warning">⚠ {t("marking.spreadOver", { limit: spreadLimit })}</p>
                {justify}
              </>
            ) : null}
          </div>
        ) : (
          <small className="hint">{t("marking.teamWaiting")}</small>
        )
      ) : null}
    </li>
  );
}
