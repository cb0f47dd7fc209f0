// The state-change forms of one competitor on the check-in page: one small form per action the
// signed-in person may take now (the loader lists them), each carrying a submission id so a double
// tap is answered from the record. Touch-sized (44 px) controls; errors shown in place.
import { Form, useNavigation } from "@remix-run/react";
import { useId } from "react";
import { useTranslation } from "react-i18next";
import type { CompetitorState, StateAction } from "~/domain/registration/check-in";
import { SelectField, TextField, type FormState } from "./form";

const deskActions: ReadonlySet<StateAction> = new Set(["check_in", "mark_absent"]);
const needsReason: ReadonlySet<StateAction> = new Set(["pause", "grant_extra_time", "reopen", "disqualify"]);

interface Props {
  formAction: string;
  competitorId: string;
  state: CompetitorState;
  actions: readonly StateAction[];
  submissionId: string;
  witnesses: ReadonlyArray<{ id: string; displayName: string; username: string }>;
  maxExtraMinutes: number;
  reply?: FormState;
}

function ConfirmIdentity({ reply }: { reply?: FormState }) {
  const { t } = useTranslation();
  const id = useId();
  const error = reply?.fieldErrors?.confirmIdentity;
  return (
    <div className={`field checkbox${error ? " has-error" : ""}`}>
      <input
        id={id}
        type="checkbox"
        name="confirmIdentity"
        required
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      <label htmlFor={id}>{t("checkIn.confirmIdentity")}</label>
      {error ? (
        <small id={`${id}-error`} className="error">
          {t(error.key, error.params ?? {})}
        </small>
      ) : null}
    </div>
  );
}

function ActionForm({ action, props }: { action: StateAction; props: Props }) {
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  // Errors and typed values belong to the form that was sent.
  const reply = props.reply?.values?.action === action ? props.reply : undefined;
  const reasonRequired = needsReason.has(action) || (action === "check_in" && props.state === "absent");
  const danger = action === "disqualify" || action === "mark_absent";
  return (
    <Form method="post" action={props.formAction} className="check-in-action" aria-label={t(`checkIn.action.${action}`)}>
      <input type="hidden" name="competitorId" value={props.competitorId} />
      <input type="hidden" name="submissionId" value={props.submissionId} />
      <input type="hidden" name="action" value={action} />
      {action === "check_in" ? (
        <>
          <ConfirmIdentity reply={reply} />
          {props.witnesses.length > 0 ? (
            <SelectField
              name="witnessUserId"
              label={t("checkIn.witness")}
              state={reply}
              emptyOption={t("checkIn.noWitness")}
              options={props.witnesses.map((w) => ({ value: w.id, label: `${w.displayName} (${w.username})` }))}
            />
          ) : null}
        </>
      ) : null}
      {action === "grant_extra_time" ? (
        <TextField
          name="extraMinutes"
          label={t("checkIn.extraMinutes")}
          hint={t("checkIn.extraMinutesHint", { max: props.maxExtraMinutes })}
          state={reply}
          type="number"
          inputMode="numeric"
          min={1}
          max={props.maxExtraMinutes}
          step={1}
          required
        />
      ) : null}
      {reasonRequired ? (
        <TextField name="reason" label={t("checkIn.reason")} hint={t("checkIn.reasonHint")} state={reply} maxLength={1000} required autoComplete="off" />
      ) : null}
      {reply?.fieldErrors?._form ? (
        <p className="error" role="alert">
          {t(reply.fieldErrors._form.key, reply.fieldErrors._form.params ?? {})}
        </p>
      ) : null}
      <button type="submit" className={`button wide${action === "check_in" || action === "start" ? " primary" : ""}${danger ? " danger" : ""}`} disabled={busy}>
        {t(`checkIn.action.${action}`)}
      </button>
    </Form>
  );
}

export function CheckInActions(props: Props) {
  const { t } = useTranslation();
  // Disqualifying sits with the chief judge's steps, or with the desk's for an organizer alone.
  const chief = props.actions.filter((a) => !deskActions.has(a) && a !== "disqualify");
  const desk = props.actions.filter((a) => deskActions.has(a) || (a === "disqualify" && chief.length === 0));
  if (props.actions.includes("disqualify") && chief.length > 0) chief.push("disqualify");
  if (props.actions.length === 0) return <p className="hint">{t("checkIn.noActions")}</p>;
  return (
    <>
      {desk.length > 0 ? (
        <section aria-labelledby="desk-actions">
          <h3 id="desk-actions" className="subsection">
            {t("checkIn.deskActions")}
          </h3>
          <div className="check-in-actions">
            {desk.map((a) => (
              <ActionForm key={a} action={a} props={props} />
            ))}
          </div>
        </section>
      ) : null}
      {chief.length > 0 ? (
        <section aria-labelledby="chief-actions">
          <h3 id="chief-actions" className="subsection">
            {t("checkIn.chiefActions")}
          </h3>
          <div className="check-in-actions">
            {chief.map((a) => (
              <ActionForm key={a} action={a} props={props} />
            ))}
          </div>
        </section>
      ) : null}
    </>
  );
}
