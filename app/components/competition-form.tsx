import { Form, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { competitionLevels, competitionStatuses } from "~/domain/competition/ladder";
import { awardSchemes, defaultRuleSettings, presetOfChain, tieBreakPresetNames, type RuleSettings } from "~/domain/competition/rule-settings";
import { CheckboxField, Fieldset, FormErrorSummary, SelectField, TextField, type FormState } from "./form";

export interface CompetitionFormValues {
  nameZh: string;
  nameEn: string | null;
  level: string;
  startsOn: string;
  endsOn: string;
  venue: string;
  organizerName: string;
  status: string;
  ruleSettings: RuleSettings;
}

export function CompetitionForm({ stored, state, submitLabel }: { stored: CompetitionFormValues | null; state?: FormState; submitLabel: string }) {
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  const rules = stored?.ruleSettings ?? defaultRuleSettings;
  const f = (key: string) => t(`admin.competitionForm.${key}`);
  return (
    <Form method="post" noValidate className="stacked-form">
      <FormErrorSummary state={state} />
      <Fieldset legend={f("basics")}>
        <TextField name="nameZh" label={f("nameZh")} state={state} stored={stored?.nameZh} required maxLength={200} />
        <TextField name="nameEn" label={f("nameEn")} state={state} stored={stored?.nameEn} maxLength={200} lang="en" />
        <SelectField
          name="level"
          label={f("level")}
          state={state}
          stored={stored?.level ?? "provincial"}
          options={competitionLevels.map((v) => ({ value: v, label: t(`level.${v}`) }))}
          required
        />
        <SelectField
          name="status"
          label={f("status")}
          state={state}
          stored={stored?.status ?? "draft"}
          options={competitionStatuses.map((v) => ({ value: v, label: t(`status.${v}`) }))}
          required
        />
        <TextField name="startsOn" label={f("startsOn")} type="date" state={state} stored={stored?.startsOn} required />
        <TextField name="endsOn" label={f("endsOn")} type="date" state={state} stored={stored?.endsOn} required />
        <TextField name="venue" label={f("venue")} state={state} stored={stored?.venue} required maxLength={200} />
        <TextField name="organizerName" label={f("organizerName")} state={state} stored={stored?.organizerName} required maxLength={200} />
      </Fieldset>
      <Fieldset legend={f("rules")} hint={f("rulesHint")}>
        <SelectField
          name="awardScheme"
          label={f("awardScheme")}
          state={state}
          stored={rules.awardScheme}
          options={awardSchemes.map((v) => ({ value: v, label: t(`awardScheme.${v}`) }))}
          required
        />
        <TextField name="minimumEntrants" label={f("minimumEntrants")} type="number" min={0} max={1000} state={state} stored={rules.minimumEntrants} required />
        <TextField
          name="fixedFirst"
          label={`${f("fixedCounts")} · ${f("first")}`}
          type="number"
          min={0}
          max={100}
          state={state}
          stored={rules.fixedAwardCounts[0]}
        />
        <TextField
          name="fixedSecond"
          label={`${f("fixedCounts")} · ${f("second")}`}
          type="number"
          min={0}
          max={100}
          state={state}
          stored={rules.fixedAwardCounts[1]}
        />
        <TextField
          name="fixedThird"
          label={`${f("fixedCounts")} · ${f("third")}`}
          type="number"
          min={0}
          max={100}
          state={state}
          stored={rules.fixedAwardCounts[2]}
        />
        <TextField
          name="percentFirst"
          label={`${f("percentages")} · ${f("first")}`}
          type="number"
          min={0}
          max={100}
          state={state}
          stored={rules.awardPercentages[0]}
        />
        <TextField
          name="percentSecond"
          label={`${f("percentages")} · ${f("second")}`}
          type="number"
          min={0}
          max={100}
          state={state}
          stored={rules.awardPercentages[1]}
        />
        <TextField
          name="percentThird"
          label={`${f("percentages")} · ${f("third")}`}
          type="number"
          min={0}
          max={100}
          state={state}
          stored={rules.awardPercentages[2]}
        />
        <TextField
          name="judgementSpreadLimit"
          label={f("judgementSpreadLimit")}
          type="number"
          min={0}
          max={3}
          state={state}
          stored={rules.judgementSpreadLimit}
        />
        <TextField
          name="theoryWeightPercent"
          label={f("theoryWeightPercent")}
          type="number"
          min={0}
          max={100}
          state={state}
          stored={rules.theoryWeightPercent}
        />
        <TextField
          name="noticePeriodWorkingDays"
          label={f("noticePeriodWorkingDays")}
          type="number"
          min={0}
          max={60}
          state={state}
          stored={rules.noticePeriodWorkingDays}
        />
        <TextField
          name="appealWindowMinutes"
          label={f("appealWindowMinutes")}
          type="number"
          min={0}
          max={20160}
          state={state}
          stored={rules.appealWindowMinutes}
        />
        <SelectField
          name="tieBreakChain"
          label={f("tieBreakChain")}
          hint={f("tieBreakChainHint")}
          state={state}
          stored={presetOfChain(rules.tieBreakChain) ?? "modules_then_time"}
          options={tieBreakPresetNames.map((v) => ({ value: v, label: t(`tieBreakPreset.${v}`) }))}
          required
        />
        <CheckboxField name="allowSharedRanks" label={f("allowSharedRanks")} state={state} stored={rules.allowSharedRanks} />
        <CheckboxField name="showProvisionalLeaderboard" label={f("showProvisionalLeaderboard")} state={state} stored={rules.showProvisionalLeaderboard} />
      </Fieldset>
      <Fieldset legend={f("drawNumbers")} hint={f("drawNumbersHint")}>
        <TextField name="checkInNoPrefix" label={f("checkInNoPrefix")} state={state} stored={rules.checkInNoPrefix} maxLength={8} pattern="[A-Za-z0-9\-]*" />
        <TextField
          name="workstationNoPrefix"
          label={f("workstationNoPrefix")}
          state={state}
          stored={rules.workstationNoPrefix}
          maxLength={8}
          pattern="[A-Za-z0-9\-]*"
        />
        <TextField name="drawNumberDigits" label={f("drawNumberDigits")} type="number" min={1} max={4} state={state} stored={rules.drawNumberDigits} required />
      </Fieldset>
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={busy}>
          {submitLabel}
        </button>
      </div>
    </Form>
  );
}
