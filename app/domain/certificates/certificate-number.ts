// Certificate numbers 证书编号: `GJ<competition year>-XXXX-XXXX-XXXX`, twelve Crockford base32
// symbols (60 random bits) in three groups — hard to guess, easy to read out over the phone.
// Crockford's alphabet has no I, L, O or U; a typed O is read as 0 and I or L as 1, so the
// usual confusions cannot produce a different number. Pure: the random bytes come in.

export const crockfordAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** Random symbols in a number (three groups of four). */
const symbolCount = 12;
/** Bytes of randomness a number needs: 12 symbols × 5 bits = 60 bits. */
export const certificateNumberRandomBytes = 8;

export const certificateNumberPattern = /^GJ\d{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

/** A certificate number from the competition's year and 8 random bytes. */
export function formatCertificateNumber(year: number, random: Uint8Array): string {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`year ${year}`);
  if (random.length < certificateNumberRandomBytes) throw new RangeError("needs 8 random bytes");
  let bits = 0n;
  for (let i = 0; i < certificateNumberRandomBytes; i++) bits = (bits << 8n) | BigInt(random[i]!);
  let symbols = "";
  for (let i = 0; i < symbolCount; i++) symbols += crockfordAlphabet[Number((bits >> BigInt(5 * i)) & 31n)];
  return `GJ${year}-${symbols.slice(0, 4)}-${symbols.slice(4, 8)}-${symbols.slice(8, 12)}`;
}

/**
 * What a person typed or scanned, as a number in its canonical form — or null when it cannot be
 * one. Case, spaces, missing or extra dashes do not matter; O reads as 0, I and L as 1.
 */
export function normalizeCertificateNumber(input: string): string | null {
  const compact = input.toUpperCase().replace(/[\s\-_–—.]/g, "");
  if (!compact.startsWith("GJ")) return null;
  const match = /^(\d{4})([0-9A-HJKMNP-TV-Z]{12})$/.exec(compact.slice(2).replace(/O/g, "0").replace(/[IL]/g, "1"));
  if (!match) return null;
  const symbols = match[2]!;
  return `GJ${match[1]}-${symbols.slice(0, 4)}-${symbols.slice(4, 8)}-${symbols.slice(8, 12)}`;
}

/** The public verification page of a number (printed as the certificate's QR code). */
export function verificationUrl(origin: string, number: string): string {
  return `${origin.replace(/\/+$/, "")}/verify/${encodeURIComponent(number)}`;
}
