// Venue tablets: the chief judge issues a judge a short one-time code (8 digits, valid 15
// minutes, single use); the judge types it on the tablet instead of a password. Issuing a new
// code retires the judge's unused ones. Wrong codes are throttled per tablet address, but a
// correct code is never refused for its address alone (a venue is often one NAT address):
// guessing is bounded by the back-off of wrong codes everywhere (docs/decisions/004).
import { createHash, randomInt } from "node:crypto";
import { z } from "zod";
import { DomainError } from "~/domain/errors";
import type { Principal } from "~/domain/access/roles";
import { canMarkSkill, canRunJudging } from "~/domain/access/policy";
import { afterFailure, decideBackoff, gateTabletAttempt, signInPolicies } from "~/domain/access/throttle";
import type { ServiceDeps } from "../deps.server";
import { activeGrantsOf } from "./grants.server";
import { inWriteTransaction } from "../transaction.server";
import { createSession } from "./sessions.server";
import { recordAttempts, tallyFailures, throttled } from "./throttle.server";

export const tabletCodeLifetimeMs = 15 * 60 * 1000;

/** Every wrong tablet code, wherever typed, also counts under this key. */
const tabletEverywhereKey = "tablet:*";

export const IssueTabletCodeSchema = z.object({
  competitionId: z.uuid(),
  skillId: z.uuid(),
  judgeUserId: z.uuid(),
});
export type IssueTabletCode = z.infer<typeof IssueTabletCodeSchema>;

export const RedeemTabletCodeSchema = z.object({
  // Judges may type "1234 5678" or "1234-5678".
  code: z
    .string()
    .transform((s) => s.replace(/[\s-]/g, ""))
    .pipe(z.string().regex(/^\d{8}$/)),
});

function hashCode(code: string): string {
  return createHash("sha256").update(`tablet-code:${code}`).digest("hex");
}

export async function issueTabletCode(deps: ServiceDeps, issuer: Principal, input: IssueTabletCode): Promise<{ code: string; expiresAt: Date }> {
  if (!canRunJudging(issuer, { competitionId: input.competitionId, skillId: input.skillId })) throw new DomainError("FORBIDDEN");
  return inWriteTransaction(deps, async (tx) => {
    const judge = await tx.trx
      .selectFrom("appUser")
      .select("appUser.id as userId")
      .select((eb) => activeGrantsOf(eb))
      .where("appUser.id", "=", input.judgeUserId)
      .executeTakeFirst();
    // A code signs in someone who marks this skill by their grants (an admin's reach does not count).
    const scope = { competitionId: input.competitionId, skillId: input.skillId };
    if (!judge || !canMarkSkill({ ...judge, isPlatformAdmin: false }, scope)) throw new DomainError("NOT_FOUND", {}, "judgeUserId");
    await tx.trx
      .updateTable("tabletSignInCode")
      .set({ expiresAt: tx.now })
      .where("userId", "=", input.judgeUserId)
      .where("usedAt", "is", null)
      .where("expiresAt", ">", tx.now)
      .execute();
    // Retry on the (one in 10^8) chance of colliding with another live code.
    for (;;) {
      const code = String(randomInt(0, 100_000_000)).padStart(8, "0");
      const expiresAt = new Date(tx.now.getTime() + tabletCodeLifetimeMs);
      const inserted = await tx.trx
        .insertInto("tabletSignInCode")
        .values({
          codeHash: hashCode(code),
          userId: input.judgeUserId,
          competitionId: input.competitionId,
          skillId: input.skillId,
          issuedBy: issuer.userId,
          expiresAt,
        })
        .onConflict((oc) => oc.column("codeHash").doNothing())
        .returning("id")
        .executeTakeFirst();
      if (!inserted) continue;
      tx.audit({
        actorUserId: issuer.userId,
        action: "tablet_code.issued",
        entityType: "user",
        entityId: input.judgeUserId,
        competitionId: input.competitionId,
        after: { skillId: input.skillId, expiresAt: expiresAt.toISOString() },
      });
      return { code, expiresAt };
    }
  });
}

export async function redeemTabletCode(
  deps: ServiceDeps,
  input: { code: string; address: string; userAgent: string | null },
): Promise<{ token: string; expiresAt: Date; userId: string; competitionId: string; skillId: string | null }> {
  const now = deps.now();
  const key = `tablet:${input.address}`;
  const { tabletAddress, tabletEverywhere } = signInPolicies;
  const atAddress = await tallyFailures(deps.db, key, tabletAddress.windowSeconds, now);
  const everywhere = await tallyFailures(deps.db, tabletEverywhereKey, tabletEverywhere.windowSeconds, now);
  const gate = gateTabletAttempt(decideBackoff(atAddress, now, tabletAddress), decideBackoff(everywhere, now, tabletEverywhere));
  if (gate.kind === "refuse") throw throttled(gate.retryAfterSeconds);
  const redeemed = await inWriteTransaction(deps, async (tx) => {
    const row = await tx.trx
      .updateTable("tabletSignInCode")
      .set({ usedAt: tx.now })
      .where("codeHash", "=", hashCode(input.code))
      .where("usedAt", "is", null)
      .where("expiresAt", ">", tx.now)
      .returning(["userId", "competitionId", "skillId"])
      .executeTakeFirst();
    if (!row) return null;
    await recordAttempts(tx.trx, [key], true, tx.now);
    const session = await createSession(tx.trx, { userId: row.userId, kind: "tablet_code", now: tx.now, userAgent: input.userAgent });
    tx.audit({
      actorUserId: row.userId,
      action: "session.signed_in",
      entityType: "user",
      entityId: row.userId,
      competitionId: row.competitionId,
      after: { kind: "tablet_code", skillId: row.skillId },
    });
    return { ...session, ...row };
  });
  if (!redeemed) {
    await recordAttempts(deps.db, [key, tabletEverywhereKey], false, now);
    if (gate.addressHeldBack) {
      const wait = decideBackoff(afterFailure(atAddress, now), now, tabletAddress);
      if (!wait.allowed) throw throttled(wait.retryAfterSeconds);
    }
    throw new DomainError("TABLET_CODE_INVALID", {}, "code");
  }
  return redeemed;
}
