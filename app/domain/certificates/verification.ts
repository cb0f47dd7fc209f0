// What the public verification page 证书查验 says about a certificate: valid, valid but
// provisional (the notice period 公示 of the skill's current publication is still running),
// revoked, or unknown. Lookups of unknown numbers are throttled per client so numbers cannot
// be enumerated; a known number costs nothing (people scan their own certificates). Pure.
import type { ThrottlePolicy } from "../access/throttle";

export type CertificateStatus = "valid" | "provisional" | "revoked";

export function certificateStatus(certificate: { revokedAt: Date | null }, noticeEndsAt: Date | null, now: Date): CertificateStatus {
  if (certificate.revokedAt) return "revoked";
  return noticeEndsAt && noticeEndsAt.getTime() > now.getTime() ? "provisional" : "valid";
}

/** Unknown numbers per client address: a person mistyping is fine, a script guessing is not. */
export const certificateLookupPolicy: ThrottlePolicy = { maxFailures: 20, windowSeconds: 15 * 60 };
