// A skill's results from its marks, the scores kept as marks arrive and judgement spreads, over
// one shared database (results-fixture.server.ts); the results rules, official points and module
// codes are registered from results-rules-checks.server.ts over the same database.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { refusalCode } from "../../../db/testing";
import { toFixed } from "~/domain/results/exact";
import type { MarkValue } from "~/domain/marking-scheme/mark-value";
import type { Principal } from "~/domain/access/roles";
import { loadSkillResults } from "./load-skill-results.server";
import { loadSkillStandings } from "./load-skill-standings.server";
import { rebuildSkillScores } from "./rebuild-skill-scores.server";
import { decideSpread, justifySpread } from "../marks/spread-resolution.server";
import { recordMark } from "../marks/record-mark.server";
import { CompetitionInputSchema } from "~/domain/competition/inputs";
import { exampleCompetitionForm } from "../../../db/test-support/example-forms";
import { saveCompetition } from "../competitions/save-competition.server";
import { competitors, env, judges, scope, standingsView, t, registerResultsDatabase } from "./results-fixture.server";
import { describeModuleCodes, describeOfficialPoints, describeResultsRules } from "./results-rules-checks.server";

registerResultsDatabase();

describe("a skill's results from its marks", () => {
  it("totals exactly: judgement ninths, trimmed means, per-unit and band calculations, corrections", async () => {
    const results = await loadSkillResults(t.db, scope);
    const row = (id: string) => results.competitors.find((c) => c.competitorId === id)!;
    // X: 10 + 10 + 10·8/9 + 5 + 5·6/9 + 15 + 15 + 10 + mean(8, 9, 9.5) + 10 = 96.0555…
    expect(toFixed(row(competitors.X).total, 4)).toBe("96.0556");
    // Y: 7 + 7 + 10·6/9 + 5 (corrected) + 5·4/9 + 10 + 10 + 10 + mean(6, 7, 7) + 10 = 74.5555…
    expect(toFixed(row(competitors.Y).total, 4)).toBe("74.5556");
    expect(row(competitors.X).modules.map((m) => [m.code, toFixed(m.mark)])).toEqual([
      ["A", "37.22"],
      ["B", "58.83"],
    ]);
  });

  it("counts an aspect only when complete and lists what is missing", async () => {
    const z = (await loadSkillResults(t.db, scope)).competitors.find((c) => c.competitorId === competitors.Z)!;
    expect(toFixed(z.total)).toBe("10.00"); // A1.3 has two of three judges: not counted yet
    expect(z.missingAspects).toContain("A1.3");
    expect(z.missingAspects).toHaveLength(9);
  });

  it("flags a judgement spread over the limit", async () => {
    const y = (await loadSkillResults(t.db, scope)).competitors.find((c) => c.competitorId === competitors.Y)!;
    expect(y.flaggedAspects).toEqual(["A1.3"]);
  });

  it("ranks, scales to WorldSkills points and awards medals for a ws-track skill", async () => {
    const results = await loadSkillResults(t.db, scope);
    expect(results.complete).toBe(false);
    expect(results.selectionOnly).toBe(false);
    // Median 74.5556 (Y), MAD 21.5: X = 700 + 30 × 21.5 / (1.4826 × 21.5) = 720.2;
    // Z = 700 − 30 × 64.5556 / (1.4826 × 21.5) = 639.2.
    expect(results.competitors.map((c) => [c.competitorId, c.rank, c.points, c.award, c.bestOfNation])).toEqual([
      [competitors.X, 1, 720, "gold", true],
      [competitors.Y, 2, 700, "silver", true],
      [competitors.Z, 3, 639, "bronze", true],
    ]);
  });
});

describe("scores kept as marks arrive", () => {
  it("give exactly the standings a full re-aggregation of every mark gives", async () => {
    const kept = await loadSkillStandings(t.db, scope);
    expect(standingsView(kept)).toEqual(standingsView(await loadSkillResults(t.db, scope)));
    expect(kept.competitors.find((c) => c.competitorId === competitors.Z)!.missingCount).toBe(9);
  });

  it("follow corrections, completion of a judgement team and new flags, mark by mark", async () => {
    const record = (judge: Principal, aspectCode: string, value: MarkValue, reason?: string) =>
      recordMark(env.deps, judge, scope, { submissionId: randomUUID(), competitorId: competitors.Z, aspectCode, value, reason });
    const zKept = async () => (await loadSkillStandings(t.db, scope)).competitors.find((c) => c.competitorId === competitors.Z)!;
    await record(judges[2]!, "A1.3", { score: 1 }); // completes the team: 3, 3, 1 → spread 2, flagged
    expect(await zKept()).toMatchObject({ missingCount: 8, flaggedCount: 1 });
    expect(toFixed((await zKept()).total, 4)).toBe(
      toFixed((await loadSkillResults(t.db, scope)).competitors.find((c) => c.competitorId === competitors.Z)!.total, 4),
    );
    await record(judges[2]!, "A1.3", { score: 2 }, "复评：与组内一致"); // re-scored: 3, 3, 2 → no flag
    expect(await zKept()).toMatchObject({ missingCount: 8, flaggedCount: 0 });
    await record(judges[0]!, "A1.1", { measured: "2.3" }, "重新测量"); // a measurement corrected down
    expect(standingsView(await loadSkillStandings(t.db, scope))).toEqual(standingsView(await loadSkillResults(t.db, scope)));
  });

  it("are rebuilt from the marks to the same values", async () => {
    const before = standingsView(await loadSkillStandings(t.db, scope));
    await t.db.transaction().execute((trx) => rebuildSkillScores(trx, new Date(), scope));
    expect(standingsView(await loadSkillStandings(t.db, scope))).toEqual(before);
  });

  it("are remade when the competition's rules change how marks count", async () => {
    const [admin] = await t.db.selectFrom("appUser").select("id").where("username", "=", "root").execute();
    const principal: Principal = { userId: admin!.id, isPlatformAdmin: true, grants: [] };
    // A spread limit of 2 unflags Y's A1.3 (scores 3, 1, 2); the kept flag must follow.
    await saveCompetition(
      env.deps,
      principal,
      CompetitionInputSchema.parse({ ...exampleCompetitionForm, minimumEntrants: "3", judgementSpreadLimit: "2" }),
      scope.competitionId,
    );
    const y = (await loadSkillStandings(t.db, scope)).competitors.find((c) => c.competitorId === competitors.Y)!;
    expect(y.flaggedCount).toBe(0);
    expect(standingsView(await loadSkillStandings(t.db, scope))).toEqual(standingsView(await loadSkillResults(t.db, scope)));
    await saveCompetition(env.deps, principal, CompetitionInputSchema.parse({ ...exampleCompetitionForm, minimumEntrants: "3" }), scope.competitionId);
    expect((await loadSkillStandings(t.db, scope)).competitors.find((c) => c.competitorId === competitors.Y)!.flaggedCount).toBe(1);
  });

  it("follow the rules, the track and the minimum entrants changed behind the process's back (the meta it keeps is re-read)", async () => {
    const before = await loadSkillStandings(t.db, scope);
    expect(before.competitors.some((c) => c.points !== null)).toBe(true);
    // Straight in the database, as another instance or a repair would: no service of this process sees it.
    await t.db.updateTable("skill").set({ track: "local" }).where("id", "=", scope.skillId).execute();
    const local = await loadSkillStandings(t.db, scope);
    expect(local.competitors.every((c) => c.points === null)).toBe(true);
    await t.db.updateTable("skill").set({ track: "ws" }).where("id", "=", scope.skillId).execute();
    const stored = await t.db.selectFrom("competition").select("ruleSettings").where("id", "=", scope.competitionId).executeTakeFirstOrThrow();
    const rules = (typeof stored.ruleSettings === "string" ? JSON.parse(stored.ruleSettings) : stored.ruleSettings) as Record<string, unknown>;
    await t.db
      .updateTable("competition")
      .set({ ruleSettings: JSON.stringify({ ...rules, minimumEntrants: 10 }) })
      .where("id", "=", scope.competitionId)
      .execute();
    expect((await loadSkillStandings(t.db, scope)).selectionOnly).toBe(true);
    await t.db
      .updateTable("competition")
      .set({ ruleSettings: JSON.stringify(rules) })
      .where("id", "=", scope.competitionId)
      .execute();
    expect(standingsView(await loadSkillStandings(t.db, scope))).toEqual(standingsView(before));
  });

  it("stay right when a judgement team marks one competitor at the same moment", async () => {
    // Three judges submit A2.2 for Z concurrently; each transaction must see the others' marks.
    await Promise.all(
      [3, 2, 3].map((score, i) =>
        recordMark(env.deps, judges[i]!, scope, { submissionId: randomUUID(), competitorId: competitors.Z, aspectCode: "A2.2", value: { score } }),
      ),
    );
    const z = (await loadSkillStandings(t.db, scope)).competitors.find((c) => c.competitorId === competitors.Z)!;
    expect(z.missingCount).toBe(7);
    expect(standingsView(await loadSkillStandings(t.db, scope))).toEqual(standingsView(await loadSkillResults(t.db, scope)));
  });
});

describe("a judgement spread over the limit", () => {
  const chief = (): Principal => ({
    userId: judges[4]!.userId,
    isPlatformAdmin: false,
    grants: [{ role: "chief_judge", competitionId: scope.competitionId, skillId: scope.skillId, delegationId: null }],
  });
  const yFlags = async () => (await loadSkillStandings(t.db, scope)).competitors.find((c) => c.competitorId === competitors.Y)!.flaggedCount;
  const caseOf = { competitorId: "", aspectCode: "A1.3" };

  it("stays flagged until a team member justifies it and the chief judge approves", async () => {
    caseOf.competitorId = competitors.Y; // scores 3, 1, 2 by judges 0–2
    expect(await yFlags()).toBe(1);
    // Only the chief judge decides, and only on a written justification.
    expect(await refusalCode(decideSpread(env.deps, chief(), scope, { ...caseOf, approve: true, note: "同意" }))).toBe("SPREAD_NOT_JUSTIFIED");
    // A judge who did not score it cannot justify it; one of the team can.
    expect(await refusalCode(justifySpread(env.deps, judges[3]!, scope, { ...caseOf, text: "不在评分组" }))).toBe("FORBIDDEN");
    await justifySpread(env.deps, judges[1]!, scope, { ...caseOf, text: "焊缝局部气孔，评分尺度理解不同，已复核" });
    expect(await refusalCode(decideSpread(env.deps, judges[1]!, scope, { ...caseOf, approve: true, note: "自批" }))).toBe("FORBIDDEN");
    expect(await yFlags()).toBe(1);
    await decideSpread(env.deps, chief(), scope, { ...caseOf, approve: true, note: "说明成立" });
    expect(await yFlags()).toBe(0);
    expect(standingsView(await loadSkillStandings(t.db, scope))).toEqual(standingsView(await loadSkillResults(t.db, scope)));
    const explained = (await loadSkillResults(t.db, scope)).competitors.find((c) => c.competitorId === competitors.Y)!.aspects.find((a) => a.code === "A1.3")!;
    expect(explained).toMatchObject({ flagged: false, spreadApproved: true });
  });

  it("is judged afresh when a judge re-scores: the approval covered the earlier scores only", async () => {
    await recordMark(env.deps, judges[0]!, scope, {
      submissionId: randomUUID(),
      competitorId: competitors.Y,
      aspectCode: "A1.3",
      value: { score: 0 },
      reason: "复评",
    }); // 0, 1, 2
    expect(await yFlags()).toBe(1);
    await justifySpread(env.deps, judges[0]!, scope, { ...caseOf, text: "复评后仍有分歧" });
    await decideSpread(env.deps, chief(), scope, { ...caseOf, approve: false, note: "请重新评分" });
    expect(await yFlags()).toBe(1);
    await recordMark(env.deps, judges[0]!, scope, {
      submissionId: randomUUID(),
      competitorId: competitors.Y,
      aspectCode: "A1.3",
      value: { score: 2 },
      reason: "二次复评",
    }); // 2, 1, 2
    expect(await yFlags()).toBe(0);
    expect(await refusalCode(justifySpread(env.deps, judges[0]!, scope, { ...caseOf, text: "无需" }))).toBe("SPREAD_NOT_OVER_LIMIT");
    const actions = await t.db.selectFrom("auditEvent").select("action").where("action", "like", "spread.%").orderBy("seq").execute();
    expect(actions.map((a) => a.action)).toEqual(["spread.justified", "spread.approved", "spread.justified", "spread.rejected"]);
  });
});

describeResultsRules();
describeOfficialPoints();
describeModuleCodes();
