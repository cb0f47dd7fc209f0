// The entry form of one competitor or team (or the fix of a draft or returned registration): the
// skill, then each member's fields, with each refused field's message beside it.
import { Form, Link, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { RegistrationField } from "~/domain/registration/registrations";
import { localized } from "~/i18n/i18n";
import type { RegistrationRow } from "~/services/registration/registration-board.server";
import { useLocale } from "../use-locale";
import { useProblemText, type Problem } from "./problems";

export interface EntrySkill {
  id: string;
  nameZh: string;
  nameEn: string | null;
  entrantGroup: string;
  teamSize: number;
  used: number;
  quota: number;
}

export function EntryForm({
  skills,
  editing,
  problems,
  values,
}: {
  skills: readonly EntrySkill[];
  editing: RegistrationRow | null;
  problems: Problem[];
  values: Record<string, string> | undefined;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  const [skillId, setSkillId] = useState<string>(values?.skillId ?? editing?.skillId ?? "");
  const skill = skills.find((s) => s.id === skillId);
  const memberCount = skill?.teamSize ?? 1;
  const problemOf = (member: number, field: RegistrationField) => problems.find((p) => p.row === member + 1 && p.field === field);
  const text = useProblemText();
  const stored = (i: number, field: RegistrationField): string => {
    if (values?.[`m${i}.${field}`] !== undefined) return values[`m${i}.${field}`]!;
    const m = editing?.members[i];
    if (!m) return "";
    const byField: Partial<Record<RegistrationField, string>> = {
      name: m.name,
      gender: m.gender === "male" ? "男" : "女",
      birthDate: m.birthDate,
      phone: m.phone ?? "",
      employer: m.employer ?? "",
      occupation: m.occupation ?? "",
      skillLevel: m.skillLevel ?? "",
      postCategory: m.retirementCategory === "female_cadre" ? "管理岗位" : m.retirementCategory === "female_worker" ? "工人岗位" : "",
    };
    return byField[field] ?? "";
  };
  const field = (i: number, name: RegistrationField, control: (id: string, describedBy: string | undefined) => React.ReactNode, hint?: string) => {
    const id = `m${i}-${name}`;
    const problem = problemOf(i, name);
    const describedBy = [problem ? `${id}-error` : "", hint ? `${id}-hint` : ""].filter(Boolean).join(" ") || undefined;
    return (
      <div className={`field${problem ? " has-error" : ""}`}>
        <label htmlFor={id}>{t(`registration.fields.${name}`)}</label>
        {control(id, describedBy)}
        {hint ? (
          <small id={`${id}-hint`} className="hint">
            {hint}
          </small>
        ) : null}
        {problem ? (
          <small id={`${id}-error`} className="error">
            {text(problem)}
          </small>
        ) : null}
      </div>
    );
  };
  const otherProblems = problems.filter((p) => p.field === null || p.field === "skill" || p.field === "group" || p.field === "team");
  return (
    <Form method="post" className="stacked-form" aria-labelledby="entry-title" key={editing?.id ?? "new"}>
      <h2 id="entry-title">{editing ? t("registration.editTitle") : t("registration.addTitle")}</h2>
      <p className="hint">{t("registration.addHint")}</p>
      <input type="hidden" name="intent" value={editing ? "update" : "add"} />
      {editing ? (
        <>
          <input type="hidden" name="registrationId" value={editing.id} />
          <input type="hidden" name="version" value={editing.version} />
        </>
      ) : null}
      {otherProblems.length > 0 ? (
        <div className="form-errors" role="alert">
          {otherProblems.map((p, i) => (
            <p key={i}>{text(p)}</p>
          ))}
        </div>
      ) : problems.length > 0 ? (
        <div className="form-errors" role="alert">
          <p>{t("validation.formHasErrors", { count: problems.length })}</p>
        </div>
      ) : null}
      <div className="field">
        <label htmlFor="entry-skill">{t("registration.skill")}</label>
        <select id="entry-skill" name="skillId" required value={skillId} onChange={(e) => setSkillId(e.currentTarget.value)}>
          <option value="">{t("registration.choose")}</option>
          {skills.map((s) => (
            <option key={s.id} value={s.id}>
              {localized(locale, s.nameZh, s.nameEn)} · {t(`group.${s.entrantGroup}`)} ({t("registration.quotaUsed", { used: s.used, quota: s.quota })})
            </option>
          ))}
        </select>
      </div>
      {Array.from({ length: memberCount }, (_, i) => (
        <fieldset className="fieldset" key={`${skillId}-${i}`}>
          <legend>{memberCount > 1 ? t("registration.member", { n: i + 1 }) : t("registration.members")}</legend>
          <div className="field-grid">
            {field(i, "name", (id, d) => (
              <input
                id={id}
                name={`m${i}.name`}
                defaultValue={stored(i, "name")}
                required
                maxLength={100}
                autoComplete="off"
                aria-describedby={d}
                aria-invalid={problemOf(i, "name") ? true : undefined}
              />
            ))}
            {field(
              i,
              "idNumber",
              (id, d) => (
                <input
                  id={id}
                  name={`m${i}.idNumber`}
                  required={!editing}
                  maxLength={30}
                  autoComplete="off"
                  spellCheck={false}
                  className="code-text"
                  placeholder={editing?.members[i]?.idNumberMasked}
                  aria-describedby={d}
                  aria-invalid={problemOf(i, "idNumber") ? true : undefined}
                />
              ),
              editing ? editing.members[i]?.idNumberMasked : undefined,
            )}
            {field(i, "gender", (id, d) => (
              <select
                id={id}
                name={`m${i}.gender`}
                defaultValue={stored(i, "gender")}
                required
                aria-describedby={d}
                aria-invalid={problemOf(i, "gender") ? true : undefined}
              >
                <option value="">{t("registration.choose")}</option>
                <option value="男">{t("registration.gender.male")}</option>
                <option value="女">{t("registration.gender.female")}</option>
              </select>
            ))}
            {field(i, "birthDate", (id, d) => (
              <input
                id={id}
                type="date"
                name={`m${i}.birthDate`}
                defaultValue={stored(i, "birthDate")}
                required
                aria-describedby={d}
                aria-invalid={problemOf(i, "birthDate") ? true : undefined}
              />
            ))}
            {field(i, "postCategory", (id, d) => (
              <select
                id={id}
                name={`m${i}.postCategory`}
                defaultValue={stored(i, "postCategory")}
                aria-describedby={d}
                aria-invalid={problemOf(i, "postCategory") ? true : undefined}
              >
                <option value="">—</option>
                <option value="管理岗位">{t("registration.postCategory.cadre")}</option>
                <option value="工人岗位">{t("registration.postCategory.worker")}</option>
              </select>
            ))}
            {field(i, "phone", (id, d) => (
              <input
                id={id}
                type="tel"
                name={`m${i}.phone`}
                defaultValue={stored(i, "phone")}
                maxLength={20}
                aria-describedby={d}
                aria-invalid={problemOf(i, "phone") ? true : undefined}
              />
            ))}
            {field(i, "employer", (id, d) => (
              <input
                id={id}
                name={`m${i}.employer`}
                defaultValue={stored(i, "employer")}
                required
                maxLength={200}
                aria-describedby={d}
                aria-invalid={problemOf(i, "employer") ? true : undefined}
              />
            ))}
            {field(i, "occupation", (id, d) => (
              <input
                id={id}
                name={`m${i}.occupation`}
                defaultValue={stored(i, "occupation")}
                maxLength={100}
                aria-describedby={d}
                aria-invalid={problemOf(i, "occupation") ? true : undefined}
              />
            ))}
            {field(i, "skillLevel", (id, d) => (
              <select
                id={id}
                name={`m${i}.skillLevel`}
                defaultValue={stored(i, "skillLevel")}
                aria-describedby={d}
                aria-invalid={problemOf(i, "skillLevel") ? true : undefined}
              >
                <option value="">—</option>
                {(["level5", "level4", "level3", "level2", "level1", "special_technician", "chief_technician"] as const).map((l) => (
                  <option key={l} value={l}>
                    {t(`registration.skillLevel.${l}`)}
                  </option>
                ))}
              </select>
            ))}
          </div>
        </fieldset>
      ))}
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={busy || !skill}>
          {t("registration.saveDraft")}
        </button>
        {editing ? (
          <Link className="button" to=".">
            {t("admin.cancel")}
          </Link>
        ) : null}
      </div>
    </Form>
  );
}
