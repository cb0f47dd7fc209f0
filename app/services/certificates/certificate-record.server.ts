// One certificate by number, with what its pages and its PDF show and who may download it.
// Explicit columns: the holder's name and masked ID number, never the ID number's cipher.
import type { DB } from "../../../db/connection";
import type { CertificateKind } from "~/domain/certificates/certificate-plan";

export interface CertificateRecord {
  id: string;
  number: string;
  kind: CertificateKind;
  code: string;
  labelZh: string;
  labelEn: string;
  issuedAt: Date;
  revokedAt: Date | null;
  revokedReason: string | null;
  replacementNumber: string | null;
  competitionId: string;
  skillId: string;
  personId: string;
  delegationId: string;
  holderName: string;
  idNumberMasked: string;
  competitionNameZh: string;
  competitionNameEn: string | null;
  organizerName: string;
  skillNameZh: string;
  skillNameEn: string | null;
  /** The end of the notice period of the skill's current publication (else the certificate's own). */
  noticeEndsAt: Date;
}

function certificateQuery(db: DB) {
  return db
    .selectFrom("certificate")
    .innerJoin("person", "person.id", "certificate.personId")
    .innerJoin("competitor", "competitor.id", "certificate.competitorId")
    .innerJoin("competition", "competition.id", "certificate.competitionId")
    .innerJoin("skill", "skill.id", "certificate.skillId")
    .innerJoin("publication as issuedBy", "issuedBy.id", "certificate.publicationId")
    .leftJoin("publication as current", (j) => j.onRef("current.skillId", "=", "certificate.skillId").on("current.isCurrent", "=", true))
    .leftJoin("certificate as replacement", "replacement.id", "certificate.replacedById")
    .select((eb) => [
      "certificate.id",
      "certificate.number",
      "certificate.kind",
      "certificate.code",
      "certificate.labelZh",
      "certificate.labelEn",
      "certificate.issuedAt",
      "certificate.revokedAt",
      "certificate.revokedReason",
      "replacement.number as replacementNumber",
      "certificate.competitionId",
      "certificate.skillId",
      "certificate.personId",
      "competitor.delegationId",
      "person.name as holderName",
      "person.idNumberMasked",
      "competition.nameZh as competitionNameZh",
      "competition.nameEn as competitionNameEn",
      "competition.organizerName",
      "skill.nameZh as skillNameZh",
      "skill.nameEn as skillNameEn",
      eb.fn.coalesce("current.noticeEndsAt", "issuedBy.noticeEndsAt").as("noticeEndsAt"),
    ]);
}

export async function loadCertificate(db: DB, number: string): Promise<CertificateRecord | undefined> {
  return certificateQuery(db).where("certificate.number", "=", number).executeTakeFirst();
}

/** A skill's certificates (valid only, or all), in number order. */
export async function loadSkillCertificates(db: DB, scope: { competitionId: string; skillId: string }, which: "valid" | "all"): Promise<CertificateRecord[]> {
  let query = certificateQuery(db).where("certificate.competitionId", "=", scope.competitionId).where("certificate.skillId", "=", scope.skillId);
  if (which === "valid") query = query.where("certificate.revokedAt", "is", null);
  return query.orderBy("certificate.number").execute();
}
