// An upheld appeal's correction applied as a whole: each mark supersedes the judge's earlier one,
// the results are republished and the team leaders notified.
import { DomainError } from "~/domain/errors";
import type { Principal } from "~/domain/access/roles";
import type { ServiceDeps } from "../deps.server";
import { inWriteTransaction } from "../transaction.server";
import { derivedUuid } from "../derived-uuid.server";
import { writeMark } from "../marks/write-mark.server";
import { loadSkillStandings } from "../results/load-skill-standings.server";
import { currentPublication } from "./publication-rows.server";
import { writePublication } from "./write-publication.server";
import { notify, leadersOf, appealRow, requireCorrector, type CorrectionRow, latestCorrection } from "./appeal-rows.server";

/** Applies the prepared correction as a whole: the marks, the republication, the notices. */
export async function applyCorrection(
  deps: ServiceDeps,
  principal: Principal,
  appealId: string,
  correctionId: string,
): Promise<{ publicationVersion: number | null }> {
  const first = await appealRow(deps.db, appealId);
  const scope = { competitionId: first.competitionId, skillId: first.skillId };
  requireCorrector(principal, scope);
  return inWriteTransaction(deps, async (tx) => {
    await tx.trx.selectFrom("skill").select("id").where("id", "=", scope.skillId).forUpdate().executeTakeFirstOrThrow();
    const appeal = await tx.trx
      .selectFrom("appeal")
      .select(["id", "appealNo", "competitionId", "delegationId", "filedBy", "state", "correctedAt", "ruling"])
      .where("id", "=", appealId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (appeal.state !== "upheld") throw new DomainError("APPEAL_NOT_UPHELD");
    if (appeal.correctedAt) throw new DomainError("APPEAL_STATE");
    const correction = await tx.trx
      .selectFrom("appealCorrection")
      .select(["id", "rows", "appliedAt"])
      .where("id", "=", correctionId)
      .where("appealId", "=", appealId)
      .forUpdate()
      .executeTakeFirst();
    if (!correction || correction.appliedAt) throw new DomainError("APPEAL_STATE");
    const latest = await latestCorrection(tx.trx, appealId);
    if (latest?.id !== correction.id) throw new DomainError("APPEAL_STATE");
    const reason = `申诉 #${appeal.appealNo}：${appeal.ruling ?? ""}`.slice(0, 1000);
    for (const row of correction.rows as CorrectionRow[]) {
      await writeMark(
        tx,
        scope,
        { judgeUserId: row.judgeUserId, recordedBy: principal.userId, source: { kind: "appeal", appealId } },
        {
          submissionId: derivedUuid(`gongjiang appeal correction ${correction.id} row ${row.row}`),
          competitorId: row.competitorId,
          aspectCode: row.aspectCode,
          value: row.input,
          reason,
        },
      );
    }
    let publicationVersion: number | null = null;
    let publicationId: string | null = null;
    if (await currentPublication(tx.trx, scope.skillId)) {
      const standings = await loadSkillStandings(tx.trx, scope);
      const written = await writePublication(tx, scope, { actorUserId: principal.userId, standings, signOffId: null, appealId, reason });
      publicationVersion = written.version;
      publicationId = written.publicationId;
    }
    await tx.trx.updateTable("appealCorrection").set({ appliedBy: principal.userId, appliedAt: tx.now }).where("id", "=", correction.id).execute();
    await tx.trx
      .updateTable("appeal")
      .set({ correctedAt: tx.now, correctedBy: principal.userId, correctedPublicationId: publicationId })
      .where("id", "=", appealId)
      .execute();
    await tx.trx
      .insertInto("appealEvent")
      .values({
        appealId,
        kind: "correction_applied",
        text: publicationVersion ? `v${publicationVersion}` : null,
        actorUserId: principal.userId,
        occurredAt: tx.now,
      })
      .execute();
    await notify(tx, await leadersOf(tx.trx, { competitionId: appeal.competitionId, delegationId: appeal.delegationId, filedBy: appeal.filedBy }), {
      competitionId: appeal.competitionId,
      kind: "appeal.corrected",
      payload: { appealId, appealNo: String(appeal.appealNo), skillId: scope.skillId, publicationVersion },
    });
    tx.audit({
      actorUserId: principal.userId,
      action: "appeal.correction_applied",
      entityType: "appeal",
      entityId: appealId,
      competitionId: appeal.competitionId,
      after: { correctionId: correction.id, rows: (correction.rows as CorrectionRow[]).length, publicationVersion },
      reason,
    });
    return { publicationVersion };
  });
}
