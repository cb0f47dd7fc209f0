// The leader fixes a draft or a returned registration: its members are checked again and replaced.
import type { Principal } from "~/domain/access/roles";
import { DomainError } from "~/domain/errors";
import { checkRegistrationRows, type RegistrationCheck, type RegistrationRowInput } from "~/domain/registration/registrations";
import type { ServiceDeps } from "../deps.server";
import { revealIdNumber } from "../identity/protect-id-number.server";
import { inWriteTransaction } from "../transaction.server";
import { loadContext, writeRegistrations } from "./registration-rows.server";
import { actingAs, requireOpenWindow, lockRegistration, requireAction, membersOf } from "./registration-scope.server";

/** Replaces a draft's or a rejected registration's members (the leader fixes it); the version guards against a stale form. */
export async function updateRegistration(
  deps: ServiceDeps,
  principal: Principal,
  competitionId: string,
  registrationId: string,
  input: { version: number; rows: RegistrationRowInput[] },
): Promise<{ ok: true } | { ok: false; check: RegistrationCheck }> {
  return inWriteTransaction(deps, async (tx) => {
    const current = await lockRegistration(tx.trx, competitionId, registrationId);
    const scope = { competitionId, delegationId: current.delegationId };
    const as = actingAs(principal, scope);
    requireAction(current.status, as, "edit");
    if (current.version !== input.version) throw new DomainError("REGISTRATION_CHANGED");
    await tx.trx.selectFrom("delegation").select("id").where("id", "=", scope.delegationId).forUpdate().executeTakeFirst();
    // An ID number left blank keeps the stored one: the form never receives it, only its mask.
    const stored = await tx.trx
      .selectFrom("registrationMember as m")
      .innerJoin("person as p", "p.id", "m.personId")
      .select(["m.position", "p.idNumberCipher"])
      .where("m.registrationId", "=", registrationId)
      .execute();
    const cipherAt = new Map(stored.map((m) => [m.position, m.idNumberCipher]));
    const rows = input.rows.map((row, i) =>
      row.idNumber === "" && cipherAt.has(i + 1) ? { ...row, idNumber: revealIdNumber(deps.secrets.piiKey, cipherAt.get(i + 1)!) } : row,
    );
    const loaded = await loadContext(deps, tx.trx, scope, rows, tx.now, { excludeRegistrationId: registrationId });
    requireOpenWindow(as, loaded.settings);
    const check = checkRegistrationRows(rows, loaded.context);
    if (check.problems.length > 0 || check.clean.length !== 1) return { ok: false as const, check };
    const before = await membersOf(tx.trx, registrationId);
    await tx.trx.deleteFrom("registrationMember").where("registrationId", "=", registrationId).execute();
    // Written as a one-entry batch, then moved under the existing registration.
    const [tempId] = await writeRegistrations(deps, tx, scope, check, loaded, { status: "draft", documents: current.documents, actorUserId: principal.userId });
    await tx.trx
      .updateTable("registration")
      .set({ skillId: check.clean[0]!.skillId, version: current.version + 1, updatedAt: tx.now })
      .where("id", "=", registrationId)
      .execute();
    await tx.trx.updateTable("registrationMember").set({ registrationId }).where("registrationId", "=", tempId!).execute();
    await tx.trx.deleteFrom("registration").where("id", "=", tempId!).execute();
    tx.audit({
      actorUserId: principal.userId,
      action: "registration.updated",
      entityType: "registration",
      entityId: registrationId,
      competitionId,
      before: { skillId: current.skillId, members: before },
      after: { skillId: check.clean[0]!.skillId, members: await membersOf(tx.trx, registrationId) },
    });
    return { ok: true as const };
  });
}
