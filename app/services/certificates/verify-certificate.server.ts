// The public verification 证书查验 of a certificate number: what the page may show (the holder's
// name and masked ID number, the label, competition, skill, dates, status — nothing else) or
// "unknown". Unknown numbers count against the client's address (the sign-in throttle's table):
// past the limit every lookup is refused for a while, so numbers cannot be guessed in bulk.
import { normalizeCertificateNumber } from "~/domain/certificates/certificate-number";
import type { CertificateKind } from "~/domain/certificates/certificate-plan";
import { certificateLookupPolicy, certificateStatus, type CertificateStatus } from "~/domain/certificates/verification";
import type { ServiceDeps } from "../deps.server";
import { assertNotThrottled, recordAttempts } from "../auth/throttle.server";
import { loadCertificate } from "./certificate-record.server";

export type CertificateVerification =
  | { status: "unknown"; number: string }
  | {
      status: CertificateStatus;
      number: string;
      kind: CertificateKind;
      labelZh: string;
      labelEn: string;
      holderName: string;
      idNumberMasked: string;
      competitionNameZh: string;
      competitionNameEn: string | null;
      organizerName: string;
      skillNameZh: string;
      skillNameEn: string | null;
      issuedAt: string;
      noticeEndsAt: string;
      revokedAt: string | null;
      revokedReason: string | null;
      replacementNumber: string | null;
    };

export async function verifyCertificate(deps: ServiceDeps, input: { number: string; address: string }): Promise<CertificateVerification> {
  const now = deps.now();
  const keys = [{ key: `certificate-lookup:${input.address}`, policy: certificateLookupPolicy }];
  // Refused with sign-in's SIGN_IN_THROTTLED: "too many attempts, try again in N minutes".
  await assertNotThrottled(deps.db, keys, now);
  const number = normalizeCertificateNumber(input.number);
  const record = number ? await loadCertificate(deps.db, number) : undefined;
  if (!record) {
    await recordAttempts(
      deps.db,
      keys.map((k) => k.key),
      false,
      now,
    );
    return { status: "unknown", number: number ?? input.number.slice(0, 40) };
  }
  return {
    status: certificateStatus(record, record.noticeEndsAt, now),
    number: record.number,
    kind: record.kind,
    labelZh: record.labelZh,
    labelEn: record.labelEn,
    holderName: record.holderName,
    idNumberMasked: record.idNumberMasked,
    competitionNameZh: record.competitionNameZh,
    competitionNameEn: record.competitionNameEn,
    organizerName: record.organizerName,
    skillNameZh: record.skillNameZh,
    skillNameEn: record.skillNameEn,
    issuedAt: record.issuedAt.toISOString(),
    noticeEndsAt: record.noticeEndsAt.toISOString(),
    revokedAt: record.revokedAt?.toISOString() ?? null,
    revokedReason: record.revokedReason,
    replacementNumber: record.replacementNumber,
  };
}
