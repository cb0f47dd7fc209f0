import { Form, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { entrantGroups, tracks } from "~/domain/competition/ladder";
import { ageRules } from "~/domain/competition/skill-rules";
import { instantToShanghaiLocal } from "~/domain/time";
import { Fieldset, FormErrorSummary, SelectField, TextField, type FormState } from "./form";

export interface SkillFormValues {
  nameZh: string;
  nameEn: string | null;
  track: string;
  occupationCode: string;
  wsNumber: string | null;
  teamSize: number;
  entrantGroup: string;
  ageRule: string;
  startsAt: Date | string;
  endsAt: Date | string;
  venueArea: string | null;
}

export function SkillForm({ stored, state, title, defaultDay }: { stored: SkillFormValues | null; state?: FormState; title: string; defaultDay: string }) {
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  const f = (key: string) => t(`admin.skillForm.${key}`);
  const local = (v: Date | string | undefined, fallback: string) => (v ? instantToShanghaiLocal(new Date(v)) : fallback);
  return (
    <Form method="post" noValidate className="stacked-form">
      <FormErrorSummary state={state} />
      <Fieldset legend={title}>
        <TextField name="nameZh" label={f("nameZh")} state={state} stored={stored?.nameZh} required maxLength={100} />
        <TextField name="nameEn" label={f("nameEn")} state={state} stored={stored?.nameEn} maxLength={100} lang="en" />
        <SelectField
          name="track"
          label={f("track")}
          state={state}
          stored={stored?.track ?? "national"}
          options={tracks.map((v) => ({ value: v, label: t(`track.${v}`) }))}
          required
        />
        <TextField
          name="occupationCode"
          label={f("occupationCode")}
          hint={f("occupationCodeHint")}
          state={state}
          stored={stored?.occupationCode}
          required
          maxLength={20}
          placeholder="6-18-02-04"
        />
        <TextField name="wsNumber" label={f("wsNumber")} state={state} stored={stored?.wsNumber} maxLength={4} />
        <TextField name="teamSize" label={f("teamSize")} type="number" min={1} max={10} state={state} stored={stored?.teamSize ?? 1} required />
        <SelectField
          name="entrantGroup"
          label={f("entrantGroup")}
          state={state}
          stored={stored?.entrantGroup ?? "worker"}
          options={entrantGroups.map((v) => ({ value: v, label: t(`group.${v}`) }))}
          required
        />
        <SelectField
          name="ageRule"
          label={f("ageRule")}
          state={state}
          stored={stored?.ageRule ?? "cn_working_age"}
          options={ageRules.map((v) => ({ value: v, label: t(`ageRule.${v}`) }))}
          required
        />
        <TextField name="startsAt" label={f("startsAt")} type="datetime-local" state={state} stored={local(stored?.startsAt, `${defaultDay}T08:30`)} required />
        <TextField name="endsAt" label={f("endsAt")} type="datetime-local" state={state} stored={local(stored?.endsAt, `${defaultDay}T17:30`)} required />
        <TextField name="venueArea" label={f("venueArea")} state={state} stored={stored?.venueArea} maxLength={100} />
      </Fieldset>
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={busy}>
          {t("admin.save")}
        </button>
      </div>
    </Form>
  );
}
