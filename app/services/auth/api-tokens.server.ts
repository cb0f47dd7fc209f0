// API tokens: an organizer creates one for an account that holds a role in the competition; the
// token acts as that account with that one role in that one competition (never more than the
// account itself holds). Shown once; only its SHA-256 is stored.
import { jsonArrayFrom } from "kysely/helpers/postgres";
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { DomainError } from "~/domain/errors";
import { canManageCompetition, roles, type Principal } from "~/domain/access/roles";
import type { DB } from "../../../db/connection";
import type { ServiceDeps } from "../deps.server";
import { inWriteTransaction } from "../transaction.server";
import { choice, text } from "../validation";

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
  if (!canManageCompetition(principal, competitionId)) throw new DomainError("FORBIDDEN");
  return inWriteTransaction(deps, async (tx) => {
    const user = await tx.trx.selectFrom("appUser").select("id").where("username", "=", input.username).where("disabledAt", "is", null).executeTakeFirst();
    if (!user) throw new DomainError("NOT_FOUND", {}, "username");
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
      after: { label: input.label, username: input.username, role: input.role },
    });
    return { token, id: row.id };
  });
}

/** The principal a Bearer token stands for, or null: the account's grants of that role in that competition only. */
export async function principalOfApiToken(db: DB, token: string, now: Date): Promise<Principal | null> {
  if (!token.startsWith(tokenPrefix) || token.length > 100) return null;
  // The token and its grants in one statement: this runs before every API write (judges' marks).
  const row = await db
    .selectFrom("apiToken")
    .innerJoin("appUser", "appUser.id", "apiToken.userId")
    .select(["apiToken.id", "apiToken.userId", "apiToken.competitionId", "apiToken.role", "apiToken.lastUsedAt"])
    .select((eb) =>
      jsonArrayFrom(
        eb
          .selectFrom("roleAssignment")
          .select(["roleAssignment.role", "roleAssignment.competitionId", "roleAssignment.skillId", "roleAssignment.delegationId"])
          .whereRef("roleAssignment.userId", "=", "apiToken.userId")
          .whereRef("roleAssignment.competitionId", "=", "apiToken.competitionId")
          .whereRef("roleAssignment.role", "=", "apiToken.role")
          .where("roleAssignment.revokedAt", "is", null),
      ).as("grants"),
    )
    .where("apiToken.tokenHash", "=", hashToken(token))
    .where("apiToken.revokedAt", "is", null)
    .where("appUser.disabledAt", "is", null)
    .executeTakeFirst();
  if (!row) return null;
  const grants = row.grants;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000)
    await db.updateTable("apiToken").set({ lastUsedAt: now }).where("id", "=", row.id).execute();
  return { userId: row.userId, isPlatformAdmin: false, grants };
}
