// The steps after marking, for demo skills: the chief judge locks every module, re-checks the
// results the rule asks for (top 10 and 15 % of the rest) and signs them off — all through the
// services a chief judge uses. Publishing is the organizer's (publishDemoSkill), at a given time
// so a past competition's notice period lies in the past.
import type { Principal } from "~/domain/access/roles";
import { readRuleSettings } from "~/domain/competition/rule-settings";
import { recheckStatus } from "~/domain/publication/recheck";
import type { ServiceDeps } from "~/services/deps.server";
import { loadSchemeContext } from "~/services/marks/scheme-context.server";
import { setModuleLock } from "~/services/marks/set-module-lock.server";
import { publishResults } from "~/services/publication/publish-results.server";
import { recordRecheck } from "~/services/publication/record-recheck.server";
import { signOffResults } from "~/services/publication/sign-off-results.server";
import { loadSkillStandings } from "~/services/results/load-skill-standings.server";
import { shanghaiLocalToInstant } from "~/domain/time";
import { CreateAdvancementRuleSchema, createAdvancementRule } from "~/services/advancement/advancement-rules.server";
import { DefineSquadRoundSchema, defineSquadRound } from "~/services/squad/squad.server";
import { decryptLayer } from "~/services/judging/console.server";
import type { DemoHistory } from "./demo-history";

type Scope = { competitionId: string; skillId: string };

/** The skill's chief judge as a principal (the demo grants one per skill). */
export async function chiefJudgeOf(deps: ServiceDeps, scope: Scope): Promise<Principal> {
  const grant = await deps.db
    .selectFrom("roleAssignment")
    .select("userId")
    .where("skillId", "=", scope.skillId)
    .where("role", "=", "chief_judge")
    .where("revokedAt", "is", null)
    .orderBy("grantedAt")
    .executeTakeFirstOrThrow();
  return {
    userId: grant.userId,
    isPlatformAdmin: false,
    grants: [{ role: "chief_judge", competitionId: scope.competitionId, skillId: scope.skillId, delegationId: null }],
  };
}

/** Locks, re-checks and signs off a completely marked skill. */
export async function signOffDemoSkill(deps: ServiceDeps, scope: Scope, chief: Principal): Promise<void> {
  const context = await loadSchemeContext(deps.db, scope.skillId);
  for (const [code, module] of context.modules) if (!module.locked) await setModuleLock(deps, chief, scope, { moduleCode: code, locked: true });
  const standings = await loadSkillStandings(deps.db, scope);
  const competition = await deps.db.selectFrom("competition").select("ruleSettings").where("id", "=", scope.competitionId).executeTakeFirstOrThrow();
  const rules = readRuleSettings(competition.ruleSettings);
  // The top of the table, then the rest from the bottom up, until the rule is met.
  const order = [...standings.competitors].sort((a, b) => a.rank - b.rank);
  const done: Array<{ competitorId: string; foundError: boolean }> = [];
  for (const c of [...order.slice(0, rules.recheckTopN), ...order.slice(rules.recheckTopN).reverse()]) {
    if (recheckStatus(standings.competitors, done, rules).satisfied) break;
    await recordRecheck(deps, chief, scope, { competitorId: c.competitorId, foundError: false, note: null });
    done.push({ competitorId: c.competitorId, foundError: false });
  }
  await signOffResults(deps, chief, scope);
}

/** The organizer publishes at `at` (the notice period is counted from that day). */
export async function publishDemoSkill(deps: ServiceDeps, scope: Scope, organizer: Principal, at: Date): Promise<void> {
  await publishResults({ ...deps, now: () => at }, organizer, scope);
}

/**
 * The history's official results: its advancement rules first (so each publication applies
 * them), then every skill re-checked and signed off by its chief judge an hour before the
 * organizer publishes it, on the day the history says — so 2025's notice periods are long over
 * and its titles, promotions and advancement final — and the squad's elimination rounds.
 */
export async function publishDemoHistory(deps: ServiceDeps, admin: Principal, history: DemoHistory): Promise<void> {
  for (const rule of history.advancementRules) {
    const input = CreateAdvancementRuleSchema.parse({
      kind: rule.kind,
      targetLevel: rule.targetLevel,
      targetCompetitionId: rule.targetCompetitionId ?? "",
      topN: String(rule.topN),
      topNTeam: rule.topNTeam === null ? "" : String(rule.topNTeam),
      track: rule.track ?? "",
    });
    await createAdvancementRule(deps, admin, rule.competitionId, input);
  }
  for (const item of history.publish) {
    const scope = { competitionId: item.competitionId, skillId: item.skillId };
    const at = shanghaiLocalToInstant(item.publishedAtLocal);
    if (!at) throw new Error(`Demo history: no instant for ${item.publishedAtLocal}`);
    const chief = await chiefJudgeOf(deps, scope);
    const before = (minutes: number) => ({ ...deps, now: () => new Date(at.getTime() - minutes * 60_000) });
    await signOffDemoSkill(before(90), scope, chief);
    // The codes were drawn: the chief judge opens both layers, a supervisor witnessing, before names are published.
    const drawn = await deps.db.selectFrom("draw").select("id").where("skillId", "=", scope.skillId).limit(1).executeTakeFirst();
    if (drawn) {
      const witness = await deps.db
        .selectFrom("roleAssignment")
        .select("userId")
        .where("competitionId", "=", scope.competitionId)
        .where("role", "=", "supervisor")
        .where("revokedAt", "is", null)
        .orderBy("grantedAt")
        .executeTakeFirst();
      if (!witness) throw new Error(`Demo history: no supervisor to witness the decryption of ${scope.skillId}`);
      for (const layer of [1, 2] as const) await decryptLayer(before(60 - layer), chief, scope, { layer, witnessUserId: witness.userId });
    }
    await publishDemoSkill(deps, scope, admin, at);
  }
  for (const squad of history.squad) {
    for (const round of squad.rounds) {
      const input = DefineSquadRoundSchema.parse({
        occupationCode: squad.occupationCode,
        roundNo: String(round.roundNo),
        skillId: round.skillId,
        keepCount: String(round.keepCount),
        reserveCount: String(round.reserveCount),
      });
      await defineSquadRound(deps, admin, squad.competitionId, input);
    }
  }
}
