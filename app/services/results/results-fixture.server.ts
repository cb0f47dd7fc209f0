// The database the results tests share (results.db.test.ts and results-rules-checks.server.ts):
// a ws-track skill with the example scheme, three competitors marked in different degrees of
// completeness, five judges. The tests read it through these live bindings, set by the hooks
// registerResultsDatabase registers.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll } from "vitest";
import {
  createCompetitionWithSkill,
  createDelegation,
  createPlatformAdmin,
  createTestDatabase,
  exampleSchemeDraft,
  testServiceDeps,
  type TestDatabase,
} from "../../../db/testing";
import { composeIdNumber } from "~/domain/identity/id-number";
import type { MarkValue } from "~/domain/marking-scheme/mark-value";
import type { Principal } from "~/domain/access/roles";
import type { SkillStandings, Standing } from "~/domain/results/skill-results";
import { protectIdNumber } from "../identity/protect-id-number.server";
import { saveMarkingScheme } from "../marking-schemes/save-marking-scheme.server";
import { recordMark } from "../marks/record-mark.server";

export let t: TestDatabase;
export let env: ReturnType<typeof testServiceDeps>;
export let scope: { competitionId: string; skillId: string };
export const judges: Principal[] = [];
export const competitors: Record<"X" | "Y" | "Z", string> = { X: "", Y: "", Z: "" };

/** Registers the hooks that make the shared database (before the file's tests) and drop it (after). */
export function registerResultsDatabase(): void {
  beforeAll(async () => {
    t = await createTestDatabase();
    env = testServiceDeps(t);
    const admin = await createPlatformAdmin(t.db);
    const { competitionId, skillId } = await createCompetitionWithSkill(env.deps, admin, { competition: { minimumEntrants: "3" } });
    scope = { competitionId, skillId };
    await saveMarkingScheme(env.deps, admin, { ...scope, draft: exampleSchemeDraft() });
    let seq = 1;
    for (const [key, region] of [
      ["X", "510700"],
      ["Y", "510800"],
      ["Z", "510900"],
    ] as const) {
      const delegationId = await createDelegation(env.deps, admin, competitionId, { nameZh: `${region}代表队`, kind: "region", regionCode: region });
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
}

/** What the live standings show, comparable across the two ways of computing it. */
export function standingsView(results: SkillStandings<Standing>) {
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
