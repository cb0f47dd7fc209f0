// The leader removes a draft or returned registration; what it held stays in the audit chain.
import type { Principal } from "~/domain/access/roles";
import type { ServiceDeps } from "../deps.server";
import { inWriteTransaction } from "../transaction.server";
import { actingAs, readRegistrationSettings, requireOpenWindow, lockRegistration, requireAction, membersOf } from "./registration-scope.server";

/** A draft or rejected registration the leader no longer wants: removed, with what it held in the audit chain. */
export async function deleteRegistration(deps: ServiceDeps, principal: Principal, competitionId: string, registrationId: string): Promise<void> {
  await inWriteTransaction(deps, async (tx) => {
    const current = await lockRegistration(tx.trx, competitionId, registrationId);
    const scope = { competitionId, delegationId: current.delegationId };
    const as = actingAs(principal, scope);
    requireAction(current.status, as, "delete");
    const settings = await readRegistrationSettings(tx.trx, competitionId, tx.now);
    requireOpenWindow(as, settings);
    const before = await membersOf(tx.trx, registrationId);
    await tx.trx.deleteFrom("registrationMember").where("registrationId", "=", registrationId).execute();
    await tx.trx.deleteFrom("registration").where("id", "=", registrationId).execute();
    tx.audit({
      actorUserId: principal.userId,
      action: "registration.deleted",
      entityType: "registration",
      entityId: registrationId,
      competitionId,
      before: { status: current.status, skillId: current.skillId, members: before },
    });
  });
}
