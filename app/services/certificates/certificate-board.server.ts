// The organizer's certificates tab: each skill's certificate counts, and one skill's list.
import { sql } from "kysely";
import type { DB } from "../../../db/connection";
import { certificateStatus, type CertificateStatus } from "~/domain/certificates/verification";
import type { CertificateKind } from "~/domain/certificates/certificate-plan";
import { loadSkillCertificates } from "./certificate-record.server";

export interface SkillCertificateCounts {
  skillId: string;
  nameZh: string;
  nameEn: string | null;
  valid: number;
  revoked: number;
  published: boolean;
}

export interface CertificateRow {
  number: string;
  holderName: string;
  kind: CertificateKind;
  labelZh: string;
  labelEn: string;
  status: CertificateStatus;
  issuedAt: string;
  revokedAt: string | null;
  replacementNumber: string | null;
}

export async function loadCertificateCounts(db: DB, competitionId: string): Promise<SkillCertificateCounts[]> {
  const rows = await db
    .selectFrom("skill")
    .leftJoin("certificate", "certificate.skillId", "skill.id")
    .select((eb) => [
      "skill.id as skillId",
      "skill.nameZh",
      "skill.nameEn",
      eb.fn.count<string>("certificate.id").filterWhere("certificate.revokedAt", "is", null).as("valid"),
      eb.fn.count<string>("certificate.id").filterWhere("certificate.revokedAt", "is not", null).as("revoked"),
      sql<boolean>`exists (select 1 from publication p where p.skill_id = skill.id and p.is_current)`.as("published"),
    ])
    .where("skill.competitionId", "=", competitionId)
    .where("skill.rehearsalOf", "is", null)
    .groupBy(["skill.id", "skill.nameZh", "skill.nameEn", "skill.startsAt"])
    .orderBy("skill.startsAt")
    .orderBy("skill.nameZh")
    .execute();
  return rows.map((r) => ({ ...r, valid: Number(r.valid), revoked: Number(r.revoked), published: Boolean(r.published) }));
}

export async function loadCertificateRows(db: DB, scope: { competitionId: string; skillId: string }, now: Date): Promise<CertificateRow[]> {
  const records = await loadSkillCertificates(db, scope, "all");
  return records.map((r) => ({
    number: r.number,
    holderName: r.holderName,
    kind: r.kind,
    labelZh: r.labelZh,
    labelEn: r.labelEn,
    status: certificateStatus(r, r.noticeEndsAt, now),
    issuedAt: r.issuedAt.toISOString(),
    revokedAt: r.revokedAt?.toISOString() ?? null,
    replacementNumber: r.replacementNumber,
  }));
}

export interface PersonCertificate {
  number: string;
  kind: CertificateKind;
  labelZh: string;
  labelEn: string;
  competitionNameZh: string;
  competitionNameEn: string | null;
  skillNameZh: string;
  skillNameEn: string | null;
  issuedAt: string;
  revoked: boolean;
}

/** A person's certificates, newest first (their own /me page). */
export async function loadPersonCertificates(db: DB, personId: string): Promise<PersonCertificate[]> {
  const rows = await db
    .selectFrom("certificate")
    .innerJoin("competition", "competition.id", "certificate.competitionId")
    .innerJoin("skill", "skill.id", "certificate.skillId")
    .select([
      "certificate.number",
      "certificate.kind",
      "certificate.labelZh",
      "certificate.labelEn",
      "competition.nameZh as competitionNameZh",
      "competition.nameEn as competitionNameEn",
      "skill.nameZh as skillNameZh",
      "skill.nameEn as skillNameEn",
      "certificate.issuedAt",
      "certificate.revokedAt",
    ])
    .where("certificate.personId", "=", personId)
    .orderBy("certificate.issuedAt", "desc")
    .orderBy("certificate.number")
    .execute();
  return rows.map(({ revokedAt, issuedAt, ...r }) => ({ ...r, issuedAt: issuedAt.toISOString(), revoked: revokedAt !== null }));
}
