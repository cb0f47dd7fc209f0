// Results tests registered by results.db.test.ts over its shared database (results-fixture.server.ts):
// results rules (parts, time used, tie-breaks), official WorldSkills points and module codes.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { createDelegation, createSkill, exampleSchemeDraft, refusalCode } from "../../../db/testing";
import { composeIdNumber } from "~/domain/identity/id-number";
import { toFixed } from "~/domain/results/exact";
import type { MarkValue } from "~/domain/marking-scheme/mark-value";
import type { Principal } from "~/domain/access/roles";
import { CompetitionInputSchema } from "~/domain/competition/inputs";
import { exampleCompetitionForm } from "../../../db/test-support/example-forms";
import { saveCompetition } from "../competitions/save-competition.server";
import { protectIdNumber } from "../identity/protect-id-number.server";
import { parseSchemeCsv } from "../marking-schemes/scheme-csv.server";
import { saveMarkingScheme } from "../marking-schemes/save-marking-scheme.server";
import { recordMark } from "../marks/record-mark.server";
import { loadSkillResults } from "./load-skill-results.server";
import { loadSkillStandings } from "./load-skill-standings.server";
import { recordTimeUsed } from "./record-time-used.server";
import { importOfficialPoints, latestOfficialPointsImport } from "./import-official-points.server";
import { competitors, env, judges, scope, standingsView, t } from "./results-fixture.server";

/** Theory and practice parts, time used and the tie-break chain, on a second skill of the shared competition. */
export function describeResultsRules(): void {
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
      const skillId = await createSkill(env.deps, admin, scope.competitionId, { nameZh: "焊工理论与实操", track: "national", wsNumber: "" });
      theory = { competitionId: scope.competitionId, skillId };
      const draft = exampleSchemeDraft();
      draft.modules[0]!.part = "theory";
      expect(await saveMarkingScheme(env.deps, admin, { ...theory, draft })).toMatchObject({ ok: true });
      let seq = 40;
      for (const [key, region] of [
        ["P", "511000"],
        ["Q", "511100"],
        ["R", "511300"],
      ] as const) {
        const delegationId = await createDelegation(env.deps, admin, scope.competitionId, {
          nameZh: `${region}理论代表队`,
          kind: "region",
          regionCode: region,
        });
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
        saveCompetition(
          env.deps,
          admin,
          CompetitionInputSchema.parse({ ...exampleCompetitionForm, minimumEntrants: "3", tieBreakChain }),
          theory.competitionId,
        );
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
}

/** Official WorldSkills points imported over the computed ones, on the shared skill. */
export function describeOfficialPoints(): void {
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
}

/** Module codes kept as data (underscores included), on a skill of their own. */
export function describeModuleCodes(): void {
  describe("module codes as data", () => {
    it("keeps module marks under codes with underscores (never rewritten like column names)", async () => {
      const root = await t.db.selectFrom("appUser").select("id").where("username", "=", "root").executeTakeFirstOrThrow();
      const admin: Principal = { userId: root.id, isPlatformAdmin: true, grants: [] };
      const skillId = await createSkill(env.deps, admin, scope.competitionId, { nameZh: "下划线模块" });
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
}
