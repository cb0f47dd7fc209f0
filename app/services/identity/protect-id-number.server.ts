// ID numbers are stored protected: AES-256-GCM ciphertext for the rare lawful read-back, an HMAC
// blind index so the same person is found again by number without decrypting, and the masked
// form for display. Keys come from the server's secrets (PII_KEY), never from the database.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";
import { maskIdNumber } from "~/domain/identity/id-number";

export interface ProtectedIdNumber {
  idNumberCipher: string;
  idNumberIndex: string;
  idNumberMasked: string;
}

function deriveKey(piiKey: Buffer, purpose: "encrypt" | "index"): Buffer {
  return Buffer.from(hkdfSync("sha256", piiKey, Buffer.alloc(0), `gongjiang id-number ${purpose}`, 32));
}

const keyCache = new WeakMap<Buffer, { encrypt: Buffer; index: Buffer }>();
function keysOf(piiKey: Buffer) {
  let keys = keyCache.get(piiKey);
  if (!keys) {
    keys = { encrypt: deriveKey(piiKey, "encrypt"), index: deriveKey(piiKey, "index") };
    keyCache.set(piiKey, keys);
  }
  return keys;
}

/** Blind index of a normalized (upper-case, 18-character) ID number. */
export function indexIdNumber(piiKey: Buffer, normalized: string): string {
  return createHmac("sha256", keysOf(piiKey).index).update(normalized).digest("hex");
}

export function protectIdNumber(piiKey: Buffer, normalized: string): ProtectedIdNumber {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keysOf(piiKey).encrypt, iv);
  const body = Buffer.concat([cipher.update(normalized, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return {
    idNumberCipher: `v1:${Buffer.concat([iv, tag, body]).toString("base64")}`,
    idNumberIndex: indexIdNumber(piiKey, normalized),
    idNumberMasked: maskIdNumber(normalized),
  };
}

export function revealIdNumber(piiKey: Buffer, stored: string): string {
  const [version, payload] = stored.split(":");
  if (version !== "v1" || !payload) throw new Error("Unknown ID number cipher version");
  const raw = Buffer.from(payload, "base64");
  const decipher = createDecipheriv("aes-256-gcm", keysOf(piiKey).encrypt, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
}
