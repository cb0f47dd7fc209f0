// Officially published WorldSkills points for a ws-track skill, uploaded by its chief judge or an
// organizer. All or nothing: a file with any problem changes nothing. Each import is kept
// (append-only); the latest counts, and an empty import (or "clear") returns to computed points.
import type { DB } from "../../../db/connection";
import { DomainError } from "~/domain/errors";
import type { Principal } from "~/domain/access/roles";
import { canImportOfficialPoints } from "~/domain/access/policy";
import type { ServiceDeps } from "../deps.server";
import { inWriteTransaction } from "../transaction.server";
import { competitorCode } from "../competitors/competitor-code.server";
import { parseOfficialPointsCsv, type OfficialPointsProblem } from "./official-points-csv.server";

export type ImportOfficialPointsResult = { ok: true; count: number } | { ok: false; problems: OfficialPointsProblem[] };

type Scope = { competitionId: string; skillId: string };

/** Imports a CSV file; `null` bytes clear the official points. */
export async function importOfficialPoints(
  deps: ServiceDeps,
  principal: Principal,
  scope: Scope,
  bytes: Uint8Array | null,
): Promise<ImportOfficialPointsResult> {
  if (!canImportOfficialPoints(principal, scope)) throw new DomainError("FORBIDDEN");
  return inWriteTransaction(deps, async (tx) => {
    // Locks the skill so two imports apply one after the other.
    const skill = await tx.trx
      .selectFrom("skill")
      .select(["id", "track"])
      .where("id", "=", scope.skillId)
      .where("competitionId", "=", scope.competitionId)
      .forUpdate()
      .executeTakeFirst();
    if (!skill) throw new DomainError("NOT_FOUND");
    if (skill.track !== "ws") throw new DomainError("NOT_WS_TRACK");
    // By the code the results page shows: the workstation number once drawn.
    const competitors = await tx.trx
      .selectFrom("competitor")
      .select((eb) => ["competitor.id", competitorCode(eb).as("code")])
      .where("competitor.skillId", "=", scope.skillId)
      .execute();
    const idOfCode = new Map(competitors.map((c) => [c.code, c.id]));
    const parsed = bytes === null ? { rows: [], problems: [] } : parseOfficialPointsCsv(bytes, new Set(idOfCode.keys()));
    if (parsed.problems.length > 0) return { ok: false as const, problems: parsed.problems };
    const batch = await tx.trx
      .insertInto("officialPointsImport")
      .values({ competitionId: scope.competitionId, skillId: scope.skillId, rowCount: parsed.rows.length, importedBy: principal.userId, importedAt: tx.now })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (parsed.rows.length > 0) {
      await tx.trx
        .insertInto("officialPoints")
        .values(parsed.rows.map((r) => ({ importId: batch.id, competitorId: idOfCode.get(r.code)!, points: r.points })))
        .execute();
    }
    tx.audit({
      actorUserId: principal.userId,
      action: parsed.rows.length > 0 ? "official_points.imported" : "official_points.cleared",
      entityType: "skill",
      entityId: scope.skillId,
      competitionId: scope.competitionId,
      after: { importId: batch.id, points: Object.fromEntries(parsed.rows.map((r) => [r.code, r.points])) },
    });
    tx.emit({ type: "results.changed", competitionId: scope.competitionId, skillId: scope.skillId, cause: "official_points" });
    return { ok: true as const, count: parsed.rows.length };
  });
}

/** The import that counts now (null when points are computed): when, and for how many competitors. */
export async function latestOfficialPointsImport(db: DB, skillId: string): Promise<{ importedAt: Date; count: number } | null> {
  const latest = await db
    .selectFrom("officialPointsImport")
    .select(["importedAt", "rowCount"])
    .where("skillId", "=", skillId)
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  return latest && latest.rowCount > 0 ? { importedAt: latest.importedAt, count: latest.rowCount } : null;
}
