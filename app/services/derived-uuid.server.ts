// A UUID derived from a name (SHA-256, shaped as a version-8 UUID): the same name always gives
// the same id, so a write repeated from the same source (a score sheet's row, an appeal
// correction's row) carries the same submission id and is stored once.
import { createHash } from "node:crypto";

export function derivedUuid(name: string): string {
  const bytes = createHash("sha256").update(name).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
