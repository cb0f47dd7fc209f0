// API tokens: a token acts as one account with one role in one competition (never more than the
// account itself holds). A token of a personal role (judging, supervising, arbitrating) is created
// by its holder, signed in as themselves; an organizer creates the others (canCreateApiToken).
// Shown once; only its SHA-256 is stored.
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { DomainError } from "~/domain/errors";
import { personalRoles, roles, type Principal } from "~/domain/access/roles";
import { canCreateApiToken, canCreateApiTokensIn } from "~/domain/access/policy";
import type { DB } from "../../../db/connection";
import type { ServiceDeps } from "../deps.server";
import { inWriteTransaction } from "../transaction.server";
import { choice, text } from "~/domain/fields";
import { activeGrantsOf, principalOfToken } from "./grants.server";

export const CreateApiTokenSchema = z.object({
  label: text(100),
  username: text(40).transform((v) => v.toLowerCase()),
  role: choice(roles),
});
export type CreateApiToken = z.output<typeof CreateApiTokenSchema>;

const tokenPrefix = "gj_";

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export async function createApiToken(
  deps: ServiceDeps,
  principal: Principal,
  competitionId: string,
  input: CreateApiToken,
): Promise<{ token: string; id: string }> {
  // Who may not create tokens here at all learns nothing about the accounts.
  if (!canCreateApiTokensIn(principal, competitionId)) throw new DomainError("FORBIDDEN");
  return inWriteTransaction(deps, async (tx) => {
    const user = await tx.trx.selectFrom("appUser").select("id").where("username", "=", input.username).where("disabledAt", "is", null).executeTakeFirst();
    if (!user) throw new DomainError("NOT_FOUND", {}, "username");
    if (!canCreateApiToken(principal, { competitionId, role: input.role, forUserId: user.id }))
      throw new DomainError(personalRoles.has(input.role) ? "API_TOKEN_NOT_OWN" : "FORBIDDEN", {}, "username");
    const holds = await tx.trx
      .selectFrom("roleAssignment")
      .select("id")
      .where("userId", "=", user.id)
      .where("competitionId", "=", competitionId)
      .where("role", "=", input.role)
      .where("revokedAt", "is", null)
      .executeTakeFirst();
    if (!holds) throw new DomainError("ROLE_SCOPE_INVALID", { role: input.role }, "role");
    const token = tokenPrefix + randomBytes(32).toString("base64url");
    const row = await tx.trx
      .insertInto("apiToken")
      .values({
        tokenHash: hashToken(token),
        label: input.label,
        userId: user.id,
        competitionId,
        role: input.role,
        createdBy: principal.userId,
        createdAt: tx.now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    tx.audit({
      actorUserId: principal.userId,
      action: "api_token.created",
      entityType: "api_token",
      entityId: row.id,
      competitionId,
      after: { label: input.label, userId: user.id, username: input.username, role: input.role },
    });
    return { token, id: row.id };
  });
}

/** The principal a Bearer token stands for, or null: the account's grants of that role in that competition only. */
export async function principalOfApiToken(db: DB, token: string, now: Date): Promise<Principal | null> {
  if (!token.startsWith(tokenPrefix) || token.length > 100) return null;
  // The token and its account's grants in one statement: this runs before every API write (judges' marks).
  const row = await db
    .selectFrom("apiToken")
    .innerJoin("appUser", "appUser.id", "apiToken.userId")
    .select(["apiToken.id", "apiToken.userId", "apiToken.competitionId", "apiToken.role", "apiToken.lastUsedAt"])
    .select((eb) => activeGrantsOf(eb))
    .where("apiToken.tokenHash", "=", hashToken(token))
    .where("apiToken.revokedAt", "is", null)
    .where("appUser.disabledAt", "is", null)
    .executeTakeFirst();
  if (!row) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000)
    await db.updateTable("apiToken").set({ lastUsedAt: now }).where("id", "=", row.id).execute();
  return principalOfToken(row, row);
}
