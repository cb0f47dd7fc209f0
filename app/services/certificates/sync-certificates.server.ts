// Issues and revokes a skill's certificates so its valid ones match a (current) publication —
// called inside the publish transaction, after the publication's `published_result` and `honour`
// rows are written (decision 018). Kept certificates keep their numbers; one no longer given is
// revoked with the reason and its replacement; each newly given one gets a fresh number.
// Idempotent: a second sync of the same publication finds nothing to do and writes nothing.
import { randomBytes } from "node:crypto";
import { DomainError } from "~/domain/errors";
import { desiredCertificates, planCertificateSync } from "~/domain/certificates/certificate-plan";
import { certificateNumberRandomBytes, formatCertificateNumber } from "~/domain/certificates/certificate-number";
import type { WriteContext } from "../transaction.server";

/** The reason a revocation records when the caller gives none. */
export const defaultRevocationReason = "成绩重新公示，原证书作废 / Results republished; this certificate was replaced";

/**
 * Call with the skill's current publication only (the new version, after the old one was marked
 * not current and the new rows written): certificates it no longer gives are revoked.
 */
export async function syncCertificates(
  tx: WriteContext,
  input: { publicationId: string; actorUserId: string; reason: string | null },
): Promise<{ issued: number; revoked: number; kept: number }> {
  const publication = await tx.trx
    .selectFrom("publication")
    .innerJoin("competition", "competition.id", "publication.competitionId")
    .select(["publication.id", "publication.competitionId", "publication.skillId", "publication.version", "competition.year"])
    .where("publication.id", "=", input.publicationId)
    .executeTakeFirst();
  if (!publication) throw new DomainError("NOT_FOUND");
  const results = await tx.trx
    .selectFrom("publishedResult")
    .select(["competitorId", "award"])
    .where("publicationId", "=", publication.id)
    .where("award", "is not", null)
    .execute();
  const members = await tx.trx
    .selectFrom("competitorMember")
    .innerJoin("publishedResult", "publishedResult.competitorId", "competitorMember.competitorId")
    .select(["competitorMember.competitorId", "competitorMember.personId"])
    .where("publishedResult.publicationId", "=", publication.id)
    .where("publishedResult.award", "is not", null)
    .orderBy("competitorMember.personId")
    .execute();
  const honours = await tx.trx
    .selectFrom("honour")
    .select(["competitorId", "personId", "kind", "code", "labelZh", "labelEn"])
    .where("publicationId", "=", publication.id)
    .execute();
  // Locked: two syncs of one skill at once would otherwise both issue.
  const valid = await tx.trx
    .selectFrom("certificate")
    .select(["id", "number", "personId", "kind", "code"])
    .where("skillId", "=", publication.skillId)
    .where("revokedAt", "is", null)
    .orderBy("issuedAt")
    .orderBy("number")
    .forUpdate()
    .execute();
  const personsOf = new Map<string, string[]>();
  for (const m of members) personsOf.set(m.competitorId, [...(personsOf.get(m.competitorId) ?? []), m.personId]);
  const plan = planCertificateSync(valid, desiredCertificates(results, personsOf, honours));
  if (plan.issue.length === 0 && plan.revoke.length === 0) return { issued: 0, revoked: 0, kept: plan.keep.length };

  const taken = new Set(valid.map((c) => c.number));
  const newNumber = () => {
    let number: string;
    do number = formatCertificateNumber(publication.year, randomBytes(certificateNumberRandomBytes));
    while (taken.has(number));
    taken.add(number);
    return number;
  };
  const issued =
    plan.issue.length === 0
      ? []
      : await tx.trx
          .insertInto("certificate")
          .values(
            plan.issue.map((d) => ({
              number: newNumber(),
              competitionId: publication.competitionId,
              skillId: publication.skillId,
              publicationId: publication.id,
              competitorId: d.competitorId,
              personId: d.personId,
              kind: d.kind,
              code: d.code,
              labelZh: d.labelZh,
              labelEn: d.labelEn,
              issuedAt: tx.now,
            })),
          )
          .returning(["id", "number", "personId", "kind", "code"])
          .execute();
  // Returned rows follow the VALUES order on both engines; matched by key all the same.
  const issuedIdOf = new Map(issued.map((c) => [`${c.personId}|${c.kind}|${c.code}`, c]));
  const reason = input.reason ?? defaultRevocationReason;
  const revoked: Array<{ number: string; replacedBy: string | null }> = [];
  for (const { certificate, replacedBy } of plan.revoke) {
    const replacement =
      replacedBy === null ? null : issuedIdOf.get(`${plan.issue[replacedBy]!.personId}|${plan.issue[replacedBy]!.kind}|${plan.issue[replacedBy]!.code}`)!;
    await tx.trx
      .updateTable("certificate")
      .set({ revokedAt: tx.now, revokedBy: input.actorUserId, revokedReason: reason, replacedById: replacement?.id ?? null })
      .where("id", "=", certificate.id)
      .where("revokedAt", "is", null)
      .execute();
    revoked.push({ number: certificate.number, replacedBy: replacement?.number ?? null });
  }
  tx.audit({
    actorUserId: input.actorUserId,
    action: "certificates.synced",
    entityType: "publication",
    entityId: publication.id,
    competitionId: publication.competitionId,
    after: { skillId: publication.skillId, version: publication.version, issued: issued.map((c) => c.number), revoked, kept: plan.keep.length },
    reason: plan.revoke.length > 0 ? reason : null,
  });
  return { issued: issued.length, revoked: revoked.length, kept: plan.keep.length };
}
