// The organizer publishes the signed-off results (the first version), starting the notice period.
import { DomainError } from "~/domain/errors";
import type { Principal } from "~/domain/access/roles";
import { canManageCompetition } from "~/domain/access/policy";
import type { ServiceDeps } from "../deps.server";
import { inWriteTransaction } from "../transaction.server";
import { writePublication } from "./write-publication.server";
import { type PublicationScope, moduleLocks, signature, sameSignature, currentPublication, requireCompleteStandings } from "./publication-rows.server";

/** The organizer publishes the signed-off results: the first version, which starts the notice period. */
export async function publishResults(
  deps: ServiceDeps,
  principal: Principal,
  scope: PublicationScope,
): Promise<{ publicationId: string; version: number; noticeEndsOn: string }> {
  if (!canManageCompetition(principal, scope.competitionId)) throw new DomainError("FORBIDDEN");
  return inWriteTransaction(deps, async (tx) => {
    await tx.trx
      .selectFrom("skill")
      .select("id")
      .where("id", "=", scope.skillId)
      .where("competitionId", "=", scope.competitionId)
      .forUpdate()
      .executeTakeFirst();
    if (await currentPublication(tx.trx, scope.skillId)) throw new DomainError("RESULTS_ALREADY_PUBLISHED");
    const signOff = await tx.trx
      .selectFrom("skillSignOff")
      .select(["id", "signedAt", "standings"])
      .where("skillId", "=", scope.skillId)
      .orderBy("signedAt", "desc")
      .limit(1)
      .executeTakeFirst();
    if (!signOff) throw new DomainError("SIGN_OFF_REQUIRED");
    const standings = await requireCompleteStandings(tx.trx, scope);
    const lastLockChange = (await moduleLocks(tx.trx, scope.skillId)).reduce<number>((at, m) => Math.max(at, m.changedAt?.getTime() ?? 0), 0);
    if (lastLockChange > new Date(signOff.signedAt).getTime() || !sameSignature(signOff.standings, signature(standings)))
      throw new DomainError("SIGN_OFF_STALE");
    // Published results name the competitors: where codes were drawn, only once the chief judge
    // has opened both layers (解密), witnessed.
    const [draws, layers] = await Promise.all([
      tx.trx.selectFrom("draw").select("id").where("skillId", "=", scope.skillId).limit(1).execute(),
      tx.trx.selectFrom("decryption").select("layer").where("skillId", "=", scope.skillId).execute(),
    ]);
    if (draws.length > 0 && layers.length < 2) throw new DomainError("DECRYPTION_REQUIRED");
    return writePublication(tx, scope, { actorUserId: principal.userId, standings, signOffId: signOff.id, appealId: null, reason: null });
  });
}
