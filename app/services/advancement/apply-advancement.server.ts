// Applies a competition's advancement rules 晋级规则 to one publication of a skill (decision 018),
// inside the transaction that publishes (or republishes) it: the persons its published rows
// qualify are compared with the skill's current (non-revoked) advancement rows; the ones no longer
// qualified are revoked with the reason, the new ones inserted with the result that qualified
// them. A person still qualified at the same rank keeps their row (and the publication that first
// qualified them); a changed rank is revoked and added again, quoting the new publication.
// Running it twice for one publication changes nothing the second time.
import { selectAdvancers } from "~/domain/advancement/advancement";
import { DomainError } from "~/domain/errors";
import type { WriteContext } from "../transaction.server";

export async function applyAdvancement(
  tx: WriteContext,
  input: { publicationId: string; actorUserId: string; reason: string | null },
): Promise<{ added: number; revoked: number }> {
  const trx = tx.trx;
  const publication = await trx
    .selectFrom("publication")
    .innerJoin("skill", "skill.id", "publication.skillId")
    .select([
      "publication.id",
      "publication.competitionId",
      "publication.skillId",
      "publication.version",
      "skill.track",
      "skill.teamSize",
      "skill.occupationCode",
    ])
    .where("publication.id", "=", input.publicationId)
    .executeTakeFirst();
  if (!publication) throw new DomainError("NOT_FOUND");
  const rules = await trx
    .selectFrom("advancementRule")
    .select(["id", "kind", "targetLevel", "targetCompetitionId", "topN", "track", "teamTopN"])
    .where("competitionId", "=", publication.competitionId)
    .where("withdrawnAt", "is", null)
    .orderBy("createdAt")
    .execute();
  const rows = await trx
    .selectFrom("publishedResult as r")
    .innerJoin("competitorMember as m", "m.competitorId", "r.competitorId")
    .select(["r.competitorId", "r.rank", "m.personId"])
    .where("r.publicationId", "=", publication.id)
    .orderBy("r.rank")
    .orderBy("m.personId")
    .execute();
  const entries = new Map<string, { competitorId: string; rank: number; teamSize: number; track: typeof publication.track; personIds: string[] }>();
  for (const row of rows) {
    const entry = entries.get(row.competitorId) ?? {
      competitorId: row.competitorId,
      rank: row.rank,
      teamSize: publication.teamSize,
      track: publication.track,
      personIds: [],
    };
    entry.personIds.push(row.personId);
    entries.set(row.competitorId, entry);
  }
  // Lock the skill's current rows so two publications of one skill cannot both add a person.
  const existing = await trx
    .selectFrom("advancement")
    .select(["id", "ruleId", "personId", "competitorId", "rank", "kind", "targetLevel"])
    .where("sourceSkillId", "=", publication.skillId)
    .where("revokedAt", "is", null)
    .forUpdate()
    .execute();

  const activeRules = new Set(rules.map((r) => r.id));
  const keyOf = (a: { ruleId: string; personId: string; competitorId: string; rank: number }) => `${a.ruleId}|${a.personId}|${a.competitorId}|${a.rank}`;
  const wanted = new Map<string, { rule: (typeof rules)[number]; competitorId: string; personId: string; rank: number }>();
  for (const rule of rules) {
    for (const advancer of selectAdvancers([...entries.values()], { topN: rule.topN, topNTeam: rule.teamTopN, track: rule.track }))
      wanted.set(keyOf({ ...advancer, ruleId: rule.id }), { rule, ...advancer });
  }
  const toRevoke = existing.filter((row) => activeRules.has(row.ruleId) && !wanted.has(keyOf(row)));
  const kept = new Set(existing.map(keyOf));
  const toAdd = [...wanted].filter(([key]) => !kept.has(key)).map(([, row]) => row);

  const reason = input.reason ?? `publication v${publication.version}`;
  if (toRevoke.length > 0) {
    await trx
      .updateTable("advancement")
      .set({ revokedAt: tx.now, revokedReason: reason })
      .where(
        "id",
        "in",
        toRevoke.map((r) => r.id),
      )
      .where("revokedAt", "is", null)
      .execute();
  }
  let added: Array<{ id: string; personId: string; ruleId: string; rank: number }> = [];
  if (toAdd.length > 0) {
    added = await trx
      .insertInto("advancement")
      .values(
        toAdd.map((a) => ({
          ruleId: a.rule.id,
          personId: a.personId,
          competitorId: a.competitorId,
          publicationId: publication.id,
          sourceCompetitionId: publication.competitionId,
          sourceSkillId: publication.skillId,
          occupationCode: publication.occupationCode,
          rank: a.rank,
          kind: a.rule.kind,
          targetLevel: a.rule.targetLevel,
          targetCompetitionId: a.rule.targetCompetitionId,
          createdAt: tx.now,
        })),
      )
      .returning(["id", "personId", "ruleId", "rank"])
      .execute();
  }
  if (toRevoke.length > 0 || added.length > 0) {
    tx.audit({
      actorUserId: input.actorUserId,
      action: "advancement.applied",
      entityType: "publication",
      entityId: publication.id,
      competitionId: publication.competitionId,
      before: { revoked: toRevoke.map((r) => ({ id: r.id, ruleId: r.ruleId, personId: r.personId, rank: r.rank })) },
      after: { skillId: publication.skillId, version: publication.version, added },
      reason: input.reason,
    });
  }
  return { added: added.length, revoked: toRevoke.length };
}
