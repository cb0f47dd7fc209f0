// Complete marks for one demo skill, recorded through the real service so recusal, value checks
// and the audit chain apply: every judge of the skill who may mark a competitor does, until
// each aspect is complete. Values follow a seeded "ability" per competitor so the ranking has
// shape (and a few judgement spreads get flagged, as on a real day).
import { randomUUID } from "node:crypto";
import type { Principal } from "~/domain/access/roles";
import { DomainError } from "~/domain/errors";
import type { MarkValue } from "~/domain/marking-scheme/mark-value";
import type { Aspect } from "~/domain/marking-scheme/scheme";
import type { ServiceDeps } from "~/services/deps.server";
import { loadSchemeContext } from "~/services/marks/scheme-context.server";
import { recordMark } from "~/services/marks/record-mark.server";
import type { Random } from "./random";

function valueFor(aspect: Aspect, ability: number, random: Random): MarkValue {
  const good = random.next() < ability;
  switch (aspect.kind) {
    case "judgement":
      return { score: Math.max(0, Math.min(3, Math.round(ability * 3 + (random.next() - 0.5) * 1.6))) };
    case "trimmed_mean":
      return { mark: (Number(aspect.max.n) / Number(aspect.max.d) * Math.min(1, ability + (random.next() - 0.5) * 0.2)).toFixed(2) };
    case "measurement":
      switch (aspect.calculation.kind) {
        case "all_or_nothing":
          return { achieved: good };
        case "choice":
          return { choiceId: good ? "none" : random.next() < 0.7 ? "minor" : "major" };
        case "per_unit":
          return { measured: (25 + (good ? 0.03 : 0.05 + random.next() * 0.1) * (random.next() < 0.5 ? -1 : 1)).toFixed(3) };
        case "bands":
          return { measured: (good ? random.next() * 0.1 : 0.1 + random.next() * 0.4).toFixed(2) };
      }
  }
}

export async function markSkillCompletely(deps: ServiceDeps, scope: { competitionId: string; skillId: string }, random: Random): Promise<number> {
  const context = await loadSchemeContext(deps.db, scope.skillId);
  const judges = await deps.db
    .selectFrom("roleAssignment")
    .select(["userId", "role"])
    .where("skillId", "=", scope.skillId)
    .where("role", "in", ["judge", "chief_judge"])
    .where("revokedAt", "is", null)
    .orderBy("role", "desc")
    .execute();
  const principals: Principal[] = judges.map((j) => ({ userId: j.userId, isPlatformAdmin: false, grants: [{ role: j.role, competitionId: scope.competitionId, skillId: scope.skillId, delegationId: null }] }));
  const competitors = await deps.db.selectFrom("competitor").select("id").where("skillId", "=", scope.skillId).orderBy("registrationNo").execute();
  let recorded = 0;
  for (const competitor of competitors) {
    const ability = 0.35 + random.next() * 0.6;
    for (const [code, { aspect }] of context.aspects) {
      const needed = aspect.kind === "judgement" ? 3 : aspect.kind === "trimmed_mean" ? aspect.panelSize : 1;
      let given = 0;
      for (const judge of principals) {
        if (given === needed) break;
        try {
          await recordMark(deps, judge, scope, { submissionId: randomUUID(), competitorId: competitor.id, aspectCode: code, value: valueFor(aspect, ability, random) });
          given++;
          recorded++;
        } catch (error) {
          // A judge with a conflict (own delegation or employer) leaves it to the others.
          if (!(error instanceof DomainError && error.code === "JUDGE_CONFLICT")) throw error;
        }
      }
    }
  }
  return recorded;
}
