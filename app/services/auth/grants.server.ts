// The one loader of an account's grants. A session, an API token and every check of another
// account's roles read the active role assignments through `activeGrantsOf`, as a JSON array in
// the statement that finds the account, so each yields the same Principal in one round trip.
import type { ExpressionBuilder, Kysely } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import type { Principal, RoleGrant } from "~/domain/access/roles";
import type { Database } from "../../../db/schema";

/** The account's active grants, as a `grants` column of a statement over `appUser`. */
export function activeGrantsOf(eb: ExpressionBuilder<Database, "appUser">) {
  return jsonArrayFrom(
    eb
      .selectFrom("roleAssignment")
      .select(["roleAssignment.role", "roleAssignment.competitionId", "roleAssignment.skillId", "roleAssignment.delegationId"])
      .whereRef("roleAssignment.userId", "=", "appUser.id")
      .where("roleAssignment.revokedAt", "is", null),
  ).as("grants");
}

/** The principal of a signed-in account: every grant it holds. */
export function principalOfAccount(account: { userId: string; isPlatformAdmin: boolean; grants: readonly RoleGrant[] }): Principal {
  return { userId: account.userId, isPlatformAdmin: account.isPlatformAdmin, grants: account.grants };
}

/** The principal of an API token: the account's grants of the token's one role in its one competition, never an admin's reach. */
export function principalOfToken(account: { userId: string; grants: readonly RoleGrant[] }, token: { competitionId: string; role: string }): Principal {
  return {
    userId: account.userId,
    isPlatformAdmin: false,
    grants: account.grants.filter((g) => g.role === token.role && g.competitionId === token.competitionId),
  };
}

/** The principal of an account by id, as a session of it would carry (scripts, scenarios and tests acting as that person). */
export async function loadPrincipal(db: Kysely<Database>, userId: string): Promise<Principal | null> {
  const row = await db
    .selectFrom("appUser")
    .select(["appUser.id as userId", "appUser.isPlatformAdmin"])
    .select((eb) => activeGrantsOf(eb))
    .where("appUser.id", "=", userId)
    .where("appUser.disabledAt", "is", null)
    .executeTakeFirst();
  return row ? principalOfAccount(row) : null;
}
