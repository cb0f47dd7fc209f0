import { Form, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { delegationKinds } from "~/domain/competition/ladder";
import { Fieldset, FormErrorSummary, SelectField, TextField, type FormState } from "./form";

export interface DelegationFormValues {
  nameZh: string;
  nameEn: string | null;
  kind: string;
  regionCode: string | null;
}

export function DelegationForm({ stored, state, title }: { stored: DelegationFormValues | null; state?: FormState; title: string }) {
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  const f = (key: string) => t(`admin.delegationForm.${key}`);
  return (
    <Form method="post" noValidate className="stacked-form">
      <FormErrorSummary state={state} />
      <Fieldset legend={title}>
        <TextField name="nameZh" label={f("nameZh")} state={state} stored={stored?.nameZh} required maxLength={100} />
        <TextField name="nameEn" label={f("nameEn")} state={state} stored={stored?.nameEn} maxLength={100} lang="en" />
        <SelectField
          name="kind"
          label={f("kind")}
          state={state}
          stored={stored?.kind ?? "region"}
          options={delegationKinds.map((v) => ({ value: v, label: t(`delegationKind.${v}`) }))}
          required
        />
        <TextField name="regionCode" label={f("regionCode")} state={state} stored={stored?.regionCode} inputMode="numeric" maxLength={6} />
      </Fieldset>
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={busy}>
          {t("admin.save")}
        </button>
      </div>
    </Form>
  );
}
