// The organizer's certificates 证书 tab: each skill's valid and revoked certificate counts with
// the ZIP of its valid ones, and one skill's certificates (number, holder, label, status, PDF).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { createColumnHelper } from "@tanstack/react-table";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { localized } from "~/i18n/i18n";
import { requireOrganizer } from "~/web/require.server";
import { loadCertificateCounts, loadCertificateRows, type CertificateRow, type SkillCertificateCounts } from "~/services/certificates/certificate-board.server";
import { uuidParam } from "~/web/forms.server";
import { DataTable } from "~/components/data-table";
import { formatDateTime } from "~/components/format";
import { useLocale } from "~/components/use-locale";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const competitionId = uuidParam(params, "competitionId");
  await requireOrganizer(request, context, competitionId);
  const skills = await loadCertificateCounts(context.deps.db, competitionId);
  const wanted = new URL(request.url).searchParams.get("skill");
  const skill = skills.find((s) => s.skillId === wanted) ?? null;
  const rows = skill ? await loadCertificateRows(context.deps.db, { competitionId, skillId: skill.skillId }, context.deps.now()) : [];
  return { competitionId, skills, skill, rows };
}

const skillColumn = createColumnHelper<SkillCertificateCounts>();
const certificateColumn = createColumnHelper<CertificateRow>();

const statusClass: Record<CertificateRow["status"], string> = { valid: "badge ok", provisional: "badge warn", revoked: "badge refused" };

export default function CertificatesTab() {
  const { competitionId, skills, skill, rows } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const locale = useLocale();
  const base = `/admin/competitions/${competitionId}`;
  const skillColumns = useMemo(
    () => [
      skillColumn.accessor((s) => localized(locale, s.nameZh, s.nameEn), { id: "skill", header: t("certificates.admin.skill") }),
      skillColumn.accessor((s) => (s.published ? t("certificates.admin.publishedYes") : t("certificates.admin.publishedNo")), {
        id: "published",
        header: t("certificates.admin.published"),
        cell: (c) => <span className={c.row.original.published ? "badge ok" : "badge"}>{c.getValue()}</span>,
      }),
      skillColumn.accessor("valid", { header: t("certificates.admin.valid") }),
      skillColumn.accessor("revoked", { header: t("certificates.admin.revoked") }),
      skillColumn.display({
        id: "actions",
        header: t("certificates.admin.download"),
        cell: (c) => (
          <span className="cert-actions">
            <Link className="button" to={`?skill=${c.row.original.skillId}`} aria-label={`${t("certificates.admin.show")} ${c.row.original.nameZh}`}>
              {t("certificates.admin.show")}
            </Link>
            {c.row.original.valid > 0 ? (
              <a className="button" href={`${base}/certificates.zip?skill=${c.row.original.skillId}`} download>
                {t("certificates.admin.downloadZip")}
              </a>
            ) : null}
          </span>
        ),
      }),
    ],
    [t, locale, base],
  );
  const certificateColumns = useMemo(
    () => [
      certificateColumn.accessor("number", { header: t("certificates.admin.number"), cell: (c) => <span className="code-text">{c.getValue()}</span> }),
      certificateColumn.accessor("holderName", { header: t("certificates.admin.holder") }),
      certificateColumn.accessor((r) => (locale === "en" ? r.labelEn : r.labelZh), { id: "label", header: t("certificates.admin.label") }),
      certificateColumn.accessor((r) => t(`certificates.kind.${r.kind}`), { id: "kind", header: t("certificates.admin.kind") }),
      certificateColumn.accessor((r) => t(`certificates.verify.status.${r.status}`), {
        id: "status",
        header: t("certificates.admin.status"),
        cell: (c) => (
          <>
            <span className={statusClass[c.row.original.status]}>{c.getValue()}</span>
            {c.row.original.replacementNumber ? (
              <small className="hint block">{t("certificates.admin.replacedBy", { number: c.row.original.replacementNumber })}</small>
            ) : null}
          </>
        ),
      }),
      certificateColumn.accessor((r) => formatDateTime(locale, r.issuedAt), { id: "issuedAt", header: t("certificates.admin.issuedAt") }),
      certificateColumn.display({
        id: "pdf",
        header: t("certificates.admin.pdf"),
        cell: (c) => (
          <span className="cert-actions">
            <a className="button" href={`/certificates/${c.row.original.number}.pdf`} target="_blank" rel="noreferrer">
              {t("certificates.admin.pdf")}
            </a>
            <Link to={`/verify/${c.row.original.number}`}>{t("certificates.admin.verifyLink")}</Link>
          </span>
        ),
      }),
    ],
    [t, locale],
  );
  return (
    <>
      <section className="panel" aria-labelledby="certificate-skills">
        <h2 id="certificate-skills">{t("certificates.admin.skills")}</h2>
        <p>{t("certificates.admin.intro")}</p>
        {skills.length === 0 ? (
          <p>{t("certificates.admin.noSkills")}</p>
        ) : (
          <DataTable data={skills} columns={skillColumns} caption={t("certificates.admin.skills")} filterable={false} getRowId={(s) => s.skillId} />
        )}
      </section>
      {skill ? (
        <section className="panel" aria-labelledby="certificate-list">
          <h2 id="certificate-list">{t("certificates.admin.listOf", { skill: localized(locale, skill.nameZh, skill.nameEn) })}</h2>
          {rows.length === 0 ? (
            <p>{t("certificates.admin.none")}</p>
          ) : (
            <>
              {skill.valid > 0 ? (
                <p>
                  <a className="button primary" href={`${base}/certificates.zip?skill=${skill.skillId}`} download>
                    {t("certificates.admin.downloadZip")}
                  </a>
                </p>
              ) : null}
              <DataTable
                data={rows}
                columns={certificateColumns}
                caption={t("certificates.admin.listOf", { skill: localized(locale, skill.nameZh, skill.nameEn) })}
                getRowId={(r) => r.number}
              />
            </>
          )}
        </section>
      ) : null}
    </>
  );
}
