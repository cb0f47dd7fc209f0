// The latest prepared correction of an appeal and what it would change.
import type { DB } from "../../../db/connection";
import type { Principal } from "~/domain/access/roles";
import { previewEffect } from "./correction-effect.server";
import { appealRow, requireCorrector, type CorrectionRow, latestCorrection } from "./appeal-rows.server";

/** The latest prepared correction and what it would change. */
export async function previewCorrection(db: DB, principal: Principal, appealId: string, now: Date) {
  const appeal = await appealRow(db, appealId);
  const scope = { competitionId: appeal.competitionId, skillId: appeal.skillId };
  requireCorrector(principal, scope);
  const correction = await latestCorrection(db, appealId);
  if (!correction || correction.appliedAt) return null;
  const rows = correction.rows as CorrectionRow[];
  return { correctionId: correction.id, rows: rows.length, ...(await previewEffect(db, scope, rows, now)) };
}
