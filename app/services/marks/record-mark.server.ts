// A judge records (or corrects) one mark. Never an update: a correction is the next revision,
// superseding the previous one, with a reason. The client's submission id makes the write
// idempotent — a repeat is answered with the stored mark. Refused, with nothing written: a
// judge of another skill, a conflicted judge (recusal: delegation, employer, declared
// relation), a locked module, a value that does not fit the aspect, a competitor of another
// skill. The checks and the write are writeMark's (write-mark.server.ts), which paper score
// sheets share; what is recordMark's own is who may call it (from the grants, no query).
import { z } from "zod";
import { DomainError } from "~/domain/errors";
import type { Principal } from "~/domain/access/roles";
import { canMarkSkill } from "~/domain/access/policy";
import { markDecimalPattern } from "~/domain/marking-scheme/mark-value";
import type { ServiceDeps } from "../deps.server";
import { isUniqueViolation } from "../errors.server";
import { inWriteTransaction } from "../transaction.server";
import { writeMark, type MarkScope, type RecordedMark } from "./write-mark.server";

export type { RecordedMark } from "./write-mark.server";

const decimalText = z.string().regex(markDecimalPattern);

export const MarkValueSchema = z.union([
  z.strictObject({ score: z.number().int() }),
  z.strictObject({ achieved: z.boolean() }),
  z.strictObject({ choiceId: z.string().min(1).max(50) }),
  z.strictObject({ measured: decimalText }),
  z.strictObject({ mark: decimalText }),
]);

export const RecordMarkSchema = z.object({
  submissionId: z.uuid(),
  competitorId: z.uuid(),
  aspectCode: z.string().trim().min(1).max(30),
  value: MarkValueSchema,
  reason: z.string().trim().min(1).max(1000).optional(),
});
export type RecordMark = z.infer<typeof RecordMarkSchema>;

export async function recordMark(deps: ServiceDeps, principal: Principal, scope: MarkScope, input: RecordMark): Promise<RecordedMark> {
  if (!canMarkSkill(principal, scope)) throw new DomainError("FORBIDDEN");
  try {
    return await inWriteTransaction(deps, (tx) =>
      writeMark(tx, scope, { judgeUserId: principal.userId, recordedBy: principal.userId, source: { kind: "judge" } }, input, { onlyMark: true }),
    );
  } catch (error) {
    // Two corrections of the same mark at once: the revision's uniqueness lets one win.
    if (isUniqueViolation(error)) {
      const stored = await deps.db
        .selectFrom("mark")
        .select(["id", "revision", "judgeUserId"])
        .where("submissionId", "=", input.submissionId)
        .executeTakeFirst();
      if (stored && stored.judgeUserId === principal.userId) return { markId: stored.id, revision: stored.revision, replayed: true };
      throw new DomainError("MARK_CONFLICT");
    }
    throw error;
  }
}
