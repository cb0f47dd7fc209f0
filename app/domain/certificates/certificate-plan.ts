// Which certificates a skill's current publication gives, and how the skill's valid
// certificates change to match it (decision 018). Terms: a *desired* certificate is one the
// publication gives — one `award` per person of each competitor with an award, one `title` or
// `promotion` per honour row; a *valid* one is issued and not revoked. A certificate is known by
// (person, kind, code): the same one is kept as it is (same number), one no longer given is
// revoked, one newly given is issued. A revoked one names its replacement: the certificate of
// the same person and kind issued in the same sync. Pure: no I/O.
import type { Award } from "../results/awards";
import { awardLabel } from "./labels";

export type CertificateKind = "award" | "title" | "promotion";

export interface DesiredCertificate {
  personId: string;
  competitorId: string;
  kind: CertificateKind;
  code: string;
  labelZh: string;
  labelEn: string;
}

export interface ValidCertificate {
  id: string;
  number: string;
  personId: string;
  kind: CertificateKind;
  code: string;
}

export interface CertificatePlan<V extends ValidCertificate = ValidCertificate> {
  keep: V[];
  issue: DesiredCertificate[];
  /** `replacedBy`: the index in `issue` of the replacement, or null. */
  revoke: Array<{ certificate: V; replacedBy: number | null }>;
}

export interface PublishedAwardRow {
  competitorId: string;
  award: Award | null;
}

export interface HonourRow {
  competitorId: string;
  personId: string;
  kind: "title" | "promotion";
  code: string;
  labelZh: string;
  labelEn: string;
}

const keyOf = (c: { personId: string; kind: CertificateKind; code: string }) => `${c.personId}|${c.kind}|${c.code}`;

/** The certificates a publication gives; `members`: the persons of each competitor. */
export function desiredCertificates(
  results: readonly PublishedAwardRow[],
  members: ReadonlyMap<string, readonly string[]>,
  honours: readonly HonourRow[],
): DesiredCertificate[] {
  const byKey = new Map<string, DesiredCertificate>();
  for (const r of results) {
    if (!r.award) continue;
    const label = awardLabel(r.award);
    for (const personId of members.get(r.competitorId) ?? []) {
      const c: DesiredCertificate = { personId, competitorId: r.competitorId, kind: "award", code: r.award, labelZh: label.zh, labelEn: label.en };
      byKey.set(keyOf(c), c);
    }
  }
  for (const h of honours) {
    const c: DesiredCertificate = { personId: h.personId, competitorId: h.competitorId, kind: h.kind, code: h.code, labelZh: h.labelZh, labelEn: h.labelEn };
    byKey.set(keyOf(c), c);
  }
  // A stable order (person, kind, code), so numbers are issued and audited in a repeatable order.
  return [...byKey.values()].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
}

export function planCertificateSync<V extends ValidCertificate>(valid: readonly V[], desired: readonly DesiredCertificate[]): CertificatePlan<V> {
  const wanted = new Set(desired.map(keyOf));
  const held = new Set<string>();
  const keep: V[] = [];
  const stale: V[] = [];
  for (const c of valid) {
    // Two valid certificates for the same thing cannot come from a sync; keep the first, revoke the rest.
    if (wanted.has(keyOf(c)) && !held.has(keyOf(c))) {
      keep.push(c);
      held.add(keyOf(c));
    } else stale.push(c);
  }
  const issue = desired.filter((d) => !held.has(keyOf(d)));
  const revoke = stale.map((certificate) => {
    const i = issue.findIndex((d) => d.personId === certificate.personId && d.kind === certificate.kind);
    return { certificate, replacedBy: i === -1 ? null : i };
  });
  return { keep, issue, revoke };
}
