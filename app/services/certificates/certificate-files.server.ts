// A certificate's PDF for the people entitled to it, and a skill's valid certificates as one
// ZIP for its organizers. Who may download one: the holder (their account's person), the
// competition's organizers, the team leader of the competitor's delegation, platform admins.
import { zipSync } from "fflate";
import type { DB } from "../../../db/connection";
import type { Principal } from "~/domain/access/roles";
import { canManageCompetition, canLeadDelegation } from "~/domain/access/policy";
import { loadSkillCertificates, type CertificateRecord } from "./certificate-record.server";
import { renderCertificatePdf } from "./certificate-pdf.server";

/** The person an account belongs to (a competitor's own account), if any. */
export async function personOfUser(db: DB, userId: string): Promise<string | null> {
  return (await db.selectFrom("appUser").select("personId").where("id", "=", userId).executeTakeFirst())?.personId ?? null;
}

export function canDownloadCertificate(
  user: Principal,
  personId: string | null,
  certificate: Pick<CertificateRecord, "competitionId" | "delegationId" | "personId">,
): boolean {
  return (
    (personId !== null && personId === certificate.personId) ||
    canManageCompetition(user, certificate.competitionId) ||
    canLeadDelegation(user, { competitionId: certificate.competitionId, delegationId: certificate.delegationId })
  );
}

/** `<number> <name> <label>.pdf`, without characters a file system refuses. */
export function certificateFileName(c: { number: string; holderName: string; labelZh: string }): string {
  // eslint-disable-next-line no-control-regex -- control characters are what is being removed
  return `${c.number} ${c.holderName} ${c.labelZh}.pdf`.replace(/[\\/:*?"<>|\u0000-\u001f]/g, "_");
}

/** Every valid certificate of a skill, one PDF each, as a ZIP with UTF-8 names. */
export async function skillCertificatesZip(
  db: DB,
  scope: { competitionId: string; skillId: string },
  origin: string,
): Promise<{ zip: Uint8Array<ArrayBuffer>; count: number }> {
  const records = await loadSkillCertificates(db, scope, "valid");
  const files: Record<string, Uint8Array> = {};
  for (const record of records) {
    files[certificateFileName(record)] = await renderCertificatePdf(record, origin);
    // A certificate takes 0.1–0.4 s of CPU (font subsetting): let other requests in between.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  // PDFs are compressed already: stored, not deflated again. fflate flags non-ASCII names as UTF-8.
  // fflate allocates a plain ArrayBuffer.
  return { zip: zipSync(files, { level: 0 }) as Uint8Array<ArrayBuffer>, count: records.length };
}
