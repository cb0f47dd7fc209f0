import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, refusalCode, testServiceDeps, type TestDatabase } from "../../../db/testing";
import { composeIdNumber } from "~/domain/identity/id-number";
import { toFixed } from "~/domain/results/exact";
import type { MarkValue } from "~/domain/marking-scheme/mark-value";
import type { Principal } from "~/domain/access/roles";
import { CompetitionInputSchema, DelegationInputSchema, SkillInputSchema } from "~/domain/competition/inputs";
import { exampleCompetitionForm, exampleSkillForm } from "../../../db/test-support/example-forms";
import { saveCompetition } from "../competitions/save-competition.server";
import { saveDelegation } from "../competitions/save-delegation.server";
import { saveSkill } from "../competitions/save-skill.server";
import { protectIdNumber } from "../identity/protect-id-number.server";
import { parseSchemeCsv } from "../marking-schemes/scheme-csv.server";
import { saveMarkingScheme } from "../marking-schemes/save-marking-scheme.server";
import { recordMark } from "../marks/record-mark.server";
import { loadSkillResults } from "./load-skill-results.server";
import { loadSkillStandings } from "./load-skill-standings.server";
import { rebuildSkillScores } from "./rebuild-skill-scores.server";
import { decideSpread, justifySpread } from "../marks/spread-resolution.server";
import { recordTimeUsed } from "./record-time-used.server";
import { importOfficialPoints, latestOfficialPointsImport } from "./import-official-points.server";
import type { SkillStandings, Standing } from "~/domain/results/skill-results";

let t: TestDatabase;
let env: ReturnType<typeof testServiceDeps>;
let scope: { competitionId: string; skillId: string };
const judges: Principal[] = [];
const competitors: Record<"X" | "Y" | "Z", string> = { X: "", Y: "", Z: "" };

beforeAll(async () => {
  t = await createTestDatabase();
  env = testServiceDeps(t);
  const root = await t.db
    .insertInto("appUser")
    .values({ username: "root", displayName: "管理员", passwordHash: null, isPlatformAdmin: true })
    .returning("id")
    .executeTakeFirstOrThrow();
  const admin: Principal = { userId: root.id, isPlatformAdmin: true, grants: [] };
  const { competitionId } = await saveCompetition(env.deps, admin, CompetitionInputSchema.parse({ ...exampleCompetitionForm, minimumEntrants: "3" }), null);
  const { skillId } = await saveSkill(env.deps, admin, competitionId, SkillInputSchema.parse(exampleSkillForm), null);
  scope = { competitionId, skillId };
  await saveMarkingScheme(env.deps, admin, {
    ...scope,
    draft: parseSchemeCsv(readFileSync(new URL("../../../docs/examples/marking-scheme.csv", import.meta.url))).draft!,
  });
  let seq = 1;
  for (const [key, region] of [
    ["X", "510700"],
    ["Y", "510800"],
    ["Z", "510900"],
  ] as const) {
    const { delegationId } = await saveDelegation(
      env.deps,
      admin,
      competitionId,
      DelegationInputSchema.parse({ nameZh: `${region}代表队`, kind: "region", regionCode: region }),
      null,
    );
    const person = await t.db
      .insertInto("person")
      .values({
        name: `选手${key}`,
        gender: "male",
        birthDate: "2004-03-01",
        ...protectIdNumber(env.deps.secrets.piiKey, composeIdNumber(region, "2004-03-01", seq++, "male")),
        employerId: null,
        regionCode: region,
        phone: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const c = await t.db
      .insertInto("competitor")
      .values({ competitionId, skillId, delegationId, registrationNo: `W-0${seq}` })
      .returning("id")
      .executeTakeFirstOrThrow();
    await t.db.insertInto("competitorMember").values({ competitorId: c.id, personId: person.id }).execute();
    competitors[key] = c.id;
  }
  for (const region of ["510100", "510300", "510400", "510500", "510600"]) {
    const user = await t.db
      .insertInto("appUser")
      .values({ username: `judge.${region}`, displayName: region, passwordHash: null })
      .returning("id")
      .executeTakeFirstOrThrow();
    await t.db.insertInto("roleAssignment").values({ userId: user.id, role: "judge", competitionId, skillId }).execute();
    judges.push({ userId: user.id, isPlatformAdmin: false, grants: [{ role: "judge", competitionId, skillId, delegationId: null }] });
  }

  const record = (judge: Principal, competitorId: string, aspectCode: string, value: MarkValue) =>
    recordMark(env.deps, judge, scope, { submissionId: randomUUID(), competitorId, aspectCode, value });
  // X: a strong competitor; every aspect marked.
  const sheets: Record<"X" | "Y", { measured: Array<[string, MarkValue]>; judged: Array<[string, number[]]>; panel: string[] }> = {
    X: {
      measured: [
        ["A1.1", { measured: "1.5" }],
        ["A1.2", { choiceId: "none" }],
        ["A2.1", { achieved: true }],
        ["B1.1", { measured: "0.5" }],
        ["B1.2", { choiceId: "grade1" }],
        ["B2.1", { achieved: true }],
        ["B2.3", { achieved: true }],
      ],
      judged: [
        ["A1.3", [3, 3, 2]],
        ["A2.2", [2, 2, 2]],
      ],
      panel: ["8", "9", "9.5", "7", "10"],
    },
    Y: {
      measured: [
        ["A1.1", { measured: "2.3" }],
        ["A1.2", { choiceId: "minor" }],
        ["A2.1", { achieved: false }],
        ["B1.1", { measured: "1.5" }],
        ["B1.2", { choiceId: "grade2" }],
        ["B2.1", { achieved: true }],
        ["B2.3", { achieved: true }],
      ],
      judged: [
        ["A1.3", [3, 1, 2]],
        ["A2.2", [1, 2, 1]],
      ],
      panel: ["6", "7", "7", "8", "5"],
    },
  };
  for (const key of ["X", "Y"] as const) {
    const sheet = sheets[key];
    for (const [aspect, value] of sheet.measured) await record(judges[0]!, competitors[key], aspect, value);
    for (const [aspect, scores] of sheet.judged) for (const [i, score] of scores.entries()) await record(judges[i]!, competitors[key], aspect, { score });
    for (const [i, mark] of sheet.panel.entries()) await record(judges[i]!, competitors[key], "B2.2", { mark });
  }
  // Z: only one aspect so far, and only two of three judges on a judgement aspect.
  await record(judges[0]!, competitors.Z, "A1.1", { measured: "1.5" });
  await record(judges[0]!, competitors.Z, "A1.3", { score: 3 });
  await record(judges[1]!, competitors.Z, "A1.3", { score: 3 });
  // A correction: the later revision counts, not the first.
  await recordMark(env.deps, judges[0]!, scope, {
    submissionId: randomUUID(),
    competitorId: competitors.Y,
    aspectCode: "A2.1",
    value: { achieved: true },
    reason: "复核：工位已整理",
  });
});
afterAll(async () => t.drop());

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

/** What the live standings show, comparable across the two ways of computing it. */
function standingsView(results: SkillStandings<Standing>) {
  return {
    selectionOnly: results.selectionOnly,
    complete: results.complete,
    tieBreaks: results.tieBreaks,
    partWeights: results.partWeights,
    competitors: results.competitors.map((c) => ({
      competitorId: c.competitorId,
      total: `${c.total.n}/${c.total.d}`,
      rawTotal: `${c.rawTotal.n}/${c.rawTotal.d}`,
      parts:
        c.parts &&
        (["theory", "practice"] as const).map((p) => `${p}=${c.parts![p].mark.n}/${c.parts![p].mark.d} of ${c.parts![p].max.n}/${c.parts![p].max.d}`),
      modules: c.modules.map((m) => `${m.code}=${m.mark.n}/${m.mark.d} of ${m.max.n}/${m.max.d}`),
      timeUsedSeconds: c.timeUsedSeconds,
      rank: c.rank,
      decidedBy: c.decidedBy,
      unresolvedTie: c.unresolvedTie,
      points: c.points,
      pointsSource: c.pointsSource,
      award: c.award,
      bestOfNation: c.bestOfNation,
      missing: c.missingCount,
      flagged: c.flaggedCount,
    })),
  };
}

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

describe("results rules: theory and practice parts, time used, the tie-break chain", () => {
  let admin: Principal;
  let theory: { competitionId: string; skillId: string };
  const people: Record<"P" | "Q" | "R", string> = { P: "", Q: "", R: "" };
  const standingsOf = async () => {
    const kept = await loadSkillStandings(t.db, theory);
    expect(standingsView(kept)).toEqual(standingsView(await loadSkillResults(t.db, theory)));
    return new Map(kept.competitors.map((c) => [c.competitorId, c]));
  };

  beforeAll(async () => {
    const root = await t.db.selectFrom("appUser").select("id").where("username", "=", "root").executeTakeFirstOrThrow();
    admin = { userId: root.id, isPlatformAdmin: true, grants: [] };
    // The example scheme with module A (40 marks) as the theory part, B (60) as practice.
    const { skillId } = await saveSkill(
      env.deps,
      admin,
      scope.competitionId,
      SkillInputSchema.parse({ ...exampleSkillForm, nameZh: "焊工理论与实操", track: "national", wsNumber: "" }),
      null,
    );
    theory = { competitionId: scope.competitionId, skillId };
    const draft = parseSchemeCsv(readFileSync(new URL("../../../docs/examples/marking-scheme.csv", import.meta.url))).draft!;
    draft.modules[0]!.part = "theory";
    expect(await saveMarkingScheme(env.deps, admin, { ...theory, draft })).toMatchObject({ ok: true });
    let seq = 40;
    for (const [key, region] of [
      ["P", "511000"],
      ["Q", "511100"],
      ["R", "511300"],
    ] as const) {
      const { delegationId } = await saveDelegation(
        env.deps,
        admin,
        scope.competitionId,
        DelegationInputSchema.parse({ nameZh: `${region}理论代表队`, kind: "region", regionCode: region }),
        null,
      );
      const person = await t.db
        .insertInto("person")
        .values({
          name: `选手${key}`,
          gender: "female",
          birthDate: "2004-05-01",
          ...protectIdNumber(env.deps.secrets.piiKey, composeIdNumber(region, "2004-05-01", seq++, "female")),
          employerId: null,
          regionCode: region,
          phone: null,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const c = await t.db
        .insertInto("competitor")
        .values({ competitionId: scope.competitionId, skillId, delegationId, registrationNo: `T-${key}` })
        .returning("id")
        .executeTakeFirstOrThrow();
      await t.db.insertInto("competitorMember").values({ competitorId: c.id, personId: person.id }).execute();
      people[key] = c.id;
    }
    const judge = judges[0]!;
    await t.db.insertInto("roleAssignment").values({ userId: judge.userId, role: "judge", competitionId: scope.competitionId, skillId }).execute();
    const marker: Principal = { ...judge, grants: [{ role: "judge", competitionId: scope.competitionId, skillId, delegationId: null }] };
    const record = (competitorId: string, aspectCode: string, value: MarkValue) =>
      recordMark(env.deps, marker, theory, { submissionId: randomUUID(), competitorId, aspectCode, value });
    // P and Q: 10 of 40 in theory, 10 of 60 in practice — equal in total and in every module.
    for (const key of ["P", "Q"] as const) {
      await record(people[key], "A1.1", { measured: "1.5" });
      await record(people[key], "B2.1", { achieved: true });
    }
    // R: 5 of 40 in theory, 10 of 60 in practice.
    await record(people.R, "A2.1", { achieved: true });
    await record(people.R, "B2.3", { achieved: true });
  });

  it("weighs theory 20% and practice 80% exactly, in the kept standings as in the full results", async () => {
    const standings = await standingsOf();
    const p = standings.get(people.P)!;
    // 20% × (10/40 × 100) + 80% × (10/60 × 100) = 5 + 40/3 = 55/3
    expect(p.total).toEqual({ n: 55n, d: 3n });
    expect(p.rawTotal).toEqual({ n: 20n, d: 1n });
    expect(toFixed(p.parts!.theory.scaled)).toBe("25.00");
    expect(toFixed(p.parts!.practice.scaled)).toBe("16.67");
    expect(standings.get(people.R)!.total).toEqual({ n: 95n, d: 6n }); // 2.5 + 40/3
    const kept = await loadSkillStandings(t.db, theory);
    expect(kept.partWeights).toEqual({ theory: 20, practice: 80 });
    expect(kept.tieBreaks).toEqual(["B", "A", "time_used"]);
  });

  it("breaks the tie by time used, recorded and corrected by the chief judge", async () => {
    await recordTimeUsed(env.deps, admin, theory, { competitorId: people.P, seconds: 95 * 60 + 30 });
    await recordTimeUsed(env.deps, admin, theory, { competitorId: people.Q, seconds: 90 * 60 });
    let standings = await standingsOf();
    expect([standings.get(people.Q)!.rank, standings.get(people.P)!.rank, standings.get(people.R)!.rank]).toEqual([1, 2, 3]);
    expect(standings.get(people.P)!.decidedBy).toBe("time_used");
    expect(standings.get(people.R)!.decidedBy).toBe("total");

    // A correction needs a reason; the same time again is refused; the latest record counts.
    expect(await refusalCode(recordTimeUsed(env.deps, admin, theory, { competitorId: people.Q, seconds: 100 * 60 }))).toBe("REASON_REQUIRED");
    expect(await refusalCode(recordTimeUsed(env.deps, admin, theory, { competitorId: people.Q, seconds: 90 * 60, reason: "复核" }))).toBe("TIME_UNCHANGED");
    await recordTimeUsed(env.deps, admin, theory, { competitorId: people.Q, seconds: 100 * 60, reason: "计时器复核：少记 10 分钟" });
    standings = await standingsOf();
    expect([standings.get(people.P)!.rank, standings.get(people.Q)!.rank]).toEqual([1, 2]);
    expect(standings.get(people.Q)!.timeUsedSeconds).toBe(6000);
    expect(await t.db.selectFrom("timeUsedRecord").select("seconds").where("competitorId", "=", people.Q).orderBy("id").execute()).toEqual([
      { seconds: 5400 },
      { seconds: 6000 },
    ]);
    const audit = await t.db.selectFrom("auditEvent").select(["action", "reason"]).where("entityId", "=", people.Q).orderBy("seq").execute();
    expect(audit).toEqual([
      { action: "time_used.recorded", reason: null },
      { action: "time_used.corrected", reason: "计时器复核：少记 10 分钟" },
    ]);
    expect(env.published.filter((e) => e.type === "results.changed" && e.skillId === theory.skillId)).toHaveLength(3);
  });

  it("refuses a time from anyone but the chief judge, and for a competitor of another skill", async () => {
    const judge = { ...judges[0]!, grants: [{ role: "judge" as const, competitionId: theory.competitionId, skillId: theory.skillId, delegationId: null }] };
    expect(await refusalCode(recordTimeUsed(env.deps, judge, theory, { competitorId: people.P, seconds: 60 }))).toBe("FORBIDDEN");
    expect(await refusalCode(recordTimeUsed(env.deps, admin, theory, { competitorId: competitors.X, seconds: 60 }))).toBe("UNKNOWN_COMPETITOR");
  });

  it("follows the competition's chain: time first, modules only, none", async () => {
    const withChain = async (tieBreakChain: string) =>
      saveCompetition(env.deps, admin, CompetitionInputSchema.parse({ ...exampleCompetitionForm, minimumEntrants: "3", tieBreakChain }), theory.competitionId);
    await withChain("time_then_modules");
    let standings = await standingsOf();
    expect((await loadSkillStandings(t.db, theory)).tieBreaks).toEqual(["time_used", "B", "A"]);
    expect([standings.get(people.P)!.rank, standings.get(people.P)!.decidedBy]).toEqual([1, null]);
    await withChain("modules_only");
    standings = await standingsOf();
    // Equal after the chain: shared rank (this competition allows it).
    expect([standings.get(people.P)!.rank, standings.get(people.Q)!.rank, standings.get(people.R)!.rank]).toEqual([1, 1, 3]);
    await withChain("none");
    expect((await loadSkillStandings(t.db, theory)).tieBreaks).toEqual([]);
    await withChain("modules_then_time");
  });

  it("the scheme's parts round-trip through the database and the CSV", async () => {
    const results = await loadSkillResults(t.db, theory);
    expect(results.competitors[0]!.modules.map((m) => m.code)).toEqual(["A", "B"]);
    const stored = await t.db
      .selectFrom("schemeModule")
      .innerJoin("markingScheme", "markingScheme.id", "schemeModule.schemeId")
      .select(["schemeModule.code", "schemeModule.part"])
      .where("markingScheme.skillId", "=", theory.skillId)
      .orderBy("schemeModule.position")
      .execute();
    expect(stored).toEqual([
      { code: "A", part: "theory" },
      { code: "B", part: "practice" },
    ]);
  });
});

describe("official WorldSkills points", () => {
  let admin: Principal;
  const csv = (text: string) => new TextEncoder().encode(text);
  beforeAll(async () => {
    const root = await t.db.selectFrom("appUser").select("id").where("username", "=", "root").executeTakeFirstOrThrow();
    admin = { userId: root.id, isPlatformAdmin: true, grants: [] };
  });
  const codeOf = async (id: string) =>
    (await t.db.selectFrom("competitor").select("registrationNo").where("id", "=", id).executeTakeFirstOrThrow()).registrationNo;

  it("replace computed points where given, in the kept standings as in the full results", async () => {
    const z = await codeOf(competitors.Z);
    expect(await importOfficialPoints(env.deps, admin, scope, csv(`\uFEFFcode,points\n${z},950\n`))).toEqual({ ok: true, count: 1 });
    const kept = await loadSkillStandings(t.db, scope);
    expect(standingsView(kept)).toEqual(standingsView(await loadSkillResults(t.db, scope)));
    const row = kept.competitors.find((c) => c.competitorId === competitors.Z)!;
    expect([row.points, row.pointsSource, row.award]).toEqual([950, "official", "gold"]);
    expect(kept.competitors.find((c) => c.competitorId === competitors.X)!.pointsSource).toBe("computed");
    expect(await latestOfficialPointsImport(t.db, scope.skillId)).toMatchObject({ count: 1 });
  });

  it("refuse a file with any problem whole, naming each row", async () => {
    const [x, y] = [await codeOf(competitors.X), await codeOf(competitors.Y)];
    const refused = await importOfficialPoints(env.deps, admin, scope, csv(`code,points\n${x},abc\nNOPE,700\n${y},1001\n${y},600\n${x},7.5\n`));
    expect(refused.ok ? [] : refused.problems.map((p) => [p.code, p.row])).toEqual([
      ["BAD_POINTS", 2],
      ["UNKNOWN_CODE", 3],
      ["BAD_POINTS", 4],
      ["DUPLICATE_CODE", 5],
      ["DUPLICATE_CODE", 6],
      ["BAD_POINTS", 6],
    ]);
    const notUtf8 = await importOfficialPoints(env.deps, admin, scope, new Uint8Array([0x63, 0x6f, 0x64, 0x65, 0xff, 0xfe]));
    expect(notUtf8.ok ? null : notUtf8.problems[0]!.code).toBe("NOT_UTF8");
    const tooMany = await importOfficialPoints(env.deps, admin, scope, csv("code,points\n" + `${x},700\n`.repeat(1001)));
    expect(tooMany.ok ? null : tooMany.problems[0]!.code).toBe("TOO_MANY_ROWS");
    const noColumns = await importOfficialPoints(env.deps, admin, scope, csv("编号,积分\n"));
    expect(noColumns.ok ? null : noColumns.problems[0]).toMatchObject({ code: "MISSING_COLUMNS", params: { columns: "code, points" } });
    // Nothing changed: the earlier import still counts.
    expect((await loadSkillStandings(t.db, scope)).competitors.find((c) => c.competitorId === competitors.Z)!.points).toBe(950);
  });

  it("are cleared by an empty import, back to computed points, and only for ws-track skills", async () => {
    expect(await importOfficialPoints(env.deps, admin, scope, null)).toEqual({ ok: true, count: 0 });
    const kept = await loadSkillStandings(t.db, scope);
    expect(kept.competitors.every((c) => c.pointsSource === "computed")).toBe(true);
    expect(standingsView(kept)).toEqual(standingsView(await loadSkillResults(t.db, scope)));
    expect(await latestOfficialPointsImport(t.db, scope.skillId)).toBeNull();
    expect(await t.db.selectFrom("officialPointsImport").select("rowCount").where("skillId", "=", scope.skillId).orderBy("id").execute()).toEqual([
      { rowCount: 1 },
      { rowCount: 0 },
    ]);
    const judge = judges[0]!;
    expect(await refusalCode(importOfficialPoints(env.deps, judge, scope, csv("code,points\n")))).toBe("FORBIDDEN");
    const national = await t.db
      .selectFrom("skill")
      .select("id")
      .where("competitionId", "=", scope.competitionId)
      .where("track", "=", "national")
      .executeTakeFirstOrThrow();
    expect(await refusalCode(importOfficialPoints(env.deps, admin, { competitionId: scope.competitionId, skillId: national.id }, csv("code,points\n")))).toBe(
      "NOT_WS_TRACK",
    );
  });
});

describe("module codes as data", () => {
  it("keeps module marks under codes with underscores (never rewritten like column names)", async () => {
    const root = await t.db.selectFrom("appUser").select("id").where("username", "=", "root").executeTakeFirstOrThrow();
    const admin: Principal = { userId: root.id, isPlatformAdmin: true, grants: [] };
    const { skillId } = await saveSkill(env.deps, admin, scope.competitionId, SkillInputSchema.parse({ ...exampleSkillForm, nameZh: "下划线模块" }), null);
    const underscored = { competitionId: scope.competitionId, skillId };
    const text = readFileSync(new URL("../../../docs/examples/marking-scheme.csv", import.meta.url), "utf8")
      .replace(/^module,A,/m, "module,M_A,")
      .replace(/^module,B,/m, "module,模块_B,")
      .replace(/^(sub_criterion,A\d,)A,/gm, "$1M_A,")
      .replace(/^(sub_criterion,B\d,)B,/gm, "$1模块_B,");
    expect(await saveMarkingScheme(env.deps, admin, { ...underscored, draft: parseSchemeCsv(new TextEncoder().encode(text)).draft! })).toMatchObject({
      ok: true,
    });
    const delegation = await t.db.selectFrom("delegation").select("id").where("competitionId", "=", scope.competitionId).limit(1).executeTakeFirstOrThrow();
    const c = await t.db
      .insertInto("competitor")
      .values({ competitionId: scope.competitionId, skillId, delegationId: delegation.id, registrationNo: "U-001" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const judge: Principal = { ...judges[4]!, grants: [{ role: "judge", competitionId: scope.competitionId, skillId, delegationId: null }] };
    await t.db.insertInto("roleAssignment").values({ userId: judge.userId, role: "judge", competitionId: scope.competitionId, skillId }).execute();
    await recordMark(env.deps, judge, underscored, { submissionId: randomUUID(), competitorId: c.id, aspectCode: "A2.1", value: { achieved: true } });
    await recordMark(env.deps, judge, underscored, { submissionId: randomUUID(), competitorId: c.id, aspectCode: "B2.1", value: { achieved: true } });
    const kept = (await loadSkillStandings(t.db, underscored)).competitors[0]!;
    const full = (await loadSkillResults(t.db, underscored)).competitors[0]!;
    expect(kept.modules.map((m) => [m.code, toFixed(m.mark)])).toEqual([
      ["M_A", "5.00"],
      ["模块_B", toFixed(full.modules[1]!.mark)],
    ]);
    expect(kept.modules.map((m) => toFixed(m.mark))).toEqual(full.modules.map((m) => toFixed(m.mark)));
    expect(toFixed(kept.total)).toBe(toFixed(full.total));
  });
});
