// Secrets for signing session cookies and protecting ID numbers. Given by the environment in
// production; on a developer's or a single-venue machine they are generated once and kept in
// the data directory beside the embedded database, so a restart keeps sessions and the ability
// to match ID numbers.
import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import type { Secrets } from "../app/services/deps.server";

const StoredSecretsSchema = z.object({ sessionSecret: z.string().min(32), piiKey: z.string().regex(/^[0-9a-f]{64}$/) });

function decodeKey(value: string): Buffer {
  return /^[0-9a-fA-F]{64}$/.test(value) ? Buffer.from(value, "hex") : Buffer.from(value, "base64");
}

export async function loadSecrets(env: { dataDir: string; sessionSecret?: string; piiKey?: string }): Promise<Secrets> {
  if (env.sessionSecret && env.piiKey) return { sessionSecret: env.sessionSecret, piiKey: decodeKey(env.piiKey) };
  const file = path.join(env.dataDir, "secrets.json");
  let stored: z.infer<typeof StoredSecretsSchema>;
  try {
    stored = StoredSecretsSchema.parse(JSON.parse(await readFile(file, "utf8")));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT")
      throw new Error(`${file} is unreadable or damaged; restore it from backup (ID numbers stored with it cannot be matched without it).`);
    stored = { sessionSecret: randomBytes(32).toString("base64url"), piiKey: randomBytes(32).toString("hex") };
    await mkdir(env.dataDir, { recursive: true });
    await writeFile(file, JSON.stringify(stored, null, 2), { mode: 0o600, flag: "wx" });
  }
  return {
    sessionSecret: env.sessionSecret ?? stored.sessionSecret,
    piiKey: env.piiKey ? decodeKey(env.piiKey) : Buffer.from(stored.piiKey, "hex"),
  };
}
