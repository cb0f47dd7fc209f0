// An organizer grants a role in their competition to an account, creating the account when the
// name is new (a judge's account may have no password: it signs in on tablets by code only).
// A grant that would make one person both organize and judge a skill is refused, in either order.
import { z } from "zod";
import { DomainError } from "~/domain/errors";
import { checkGrantCompatible, checkGrantScope, roles, type Principal, type RoleGrant } from "~/domain/access/roles";
import { canGrantRoles } from "~/domain/access/policy";
import type { ServiceDeps } from "../deps.server";
import { isUniqueViolation } from "../errors.server";
import { inWriteTransaction } from "../transaction.server";
import { choice, optionalText, text } from "~/domain/fields";
import { hashPassword } from "../auth/passwords.server";
import { activeGrantsOf } from "../auth/grants.server";

const optionalId = z.preprocess((v) => (v === "" ? null : v), z.uuid({ message: "invalidChoice" }).nullable().default(null));

export const GrantRoleSchema = z.object({
  username: text(40)
    .transform((v) => v.toLowerCase())
    .refine((v) => /^[a-z0-9][a-z0-9._-]{2,39}$/.test(v), { message: "invalidFormat" }),
  displayName: optionalText(100),
  password: z.preprocess(
    (v) => (v === "" ? null : v),
    z.string().min(10, { message: "tooShort:10" }).max(200, { message: "tooLong:200" }).nullable().default(null),
  ),
  role: choice(roles),
  skillId: optionalId,
  delegationId: optionalId,
});
export type GrantRole = z.output<typeof GrantRoleSchema>;

export async function grantRole(
  deps: ServiceDeps,
  principal: Principal,
  competitionId: string,
  input: GrantRole,
): Promise<{ userId: string; created: boolean }> {
  if (!canGrantRoles(principal, competitionId)) throw new DomainError("FORBIDDEN");
  checkGrantScope(input);
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  try {
    return await inWriteTransaction(deps, async (tx) => {
      if (input.skillId) {
        const skill = await tx.trx
          .selectFrom("skill")
          .select("id")
          .where("id", "=", input.skillId)
          .where("competitionId", "=", competitionId)
          .executeTakeFirst();
        if (!skill) throw new DomainError("NOT_FOUND", {}, "skillId");
      }
      if (input.delegationId) {
        const delegation = await tx.trx
          .selectFrom("delegation")
          .select("id")
          .where("id", "=", input.delegationId)
          .where("competitionId", "=", competitionId)
          .executeTakeFirst();
        if (!delegation) throw new DomainError("NOT_FOUND", {}, "delegationId");
      }
      // The account's row is locked while its grants are checked: two grants at once take turns.
      let user: { id: string; grants: RoleGrant[] } | undefined = await tx.trx
        .selectFrom("appUser")
        .select("appUser.id")
        .select((eb) => activeGrantsOf(eb))
        .where("appUser.username", "=", input.username)
        .forUpdate()
        .executeTakeFirst();
      let created = false;
      if (user) checkGrantCompatible(user.grants, { role: input.role, competitionId, skillId: input.skillId, delegationId: input.delegationId });
      else {
        if (!input.displayName) throw new DomainError("VALIDATION", {}, "displayName");
        const inserted = await tx.trx
          .insertInto("appUser")
          .values({ username: input.username, displayName: input.displayName, passwordHash })
          .returning("id")
          .executeTakeFirstOrThrow();
        user = { id: inserted.id, grants: [] };
        created = true;
        tx.audit({
          actorUserId: principal.userId,
          action: "user.created",
          entityType: "user",
          entityId: user.id,
          competitionId,
          after: { username: input.username, displayName: input.displayName, hasPassword: passwordHash !== null },
        });
      }
      const grant = { userId: user.id, role: input.role, competitionId, skillId: input.skillId, delegationId: input.delegationId };
      const inserted = await tx.trx
        .insertInto("roleAssignment")
        .values({ ...grant, grantedBy: principal.userId })
        .returning("id")
        .executeTakeFirstOrThrow();
      tx.audit({ actorUserId: principal.userId, action: "role.granted", entityType: "role_assignment", entityId: inserted.id, competitionId, after: grant });
      return { userId: user.id, created };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError("ROLE_ALREADY_GRANTED", {}, "role");
    throw error;
  }
}
