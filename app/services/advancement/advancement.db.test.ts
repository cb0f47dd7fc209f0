import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPlatformAdmin, createTestDatabase, refusalCode, testServiceDeps, type TestDatabase } from "../../../db/testing";
import type { Principal } from "~/domain/access/roles";
import type { RegistrationRowInput } from "~/domain/registration/registrations";
import { verifyStoredAuditChain } from "../audit/verify-audit-chain.server";
import { inWriteTransaction } from "../transaction.server";
import { saveRegistrationRows } from "../registration/save-registration-rows.server";
import { saveSkillRegistrationRule, SkillRegistrationRuleInputSchema } from "../registration/registration-settings.server";
import { applyAdvancement } from "./apply-advancement.server";
import { CreateAdvancementRuleSchema, createAdvancementRule, withdrawAdvancementRule } from "./advancement-rules.server";
import { listQualifiedForCompetition, listQualifiedFromCompetition } from "./qualified-persons.server";
import { insertPublication, makeCompetition, makeCompetitor, makePerson } from "../../../db/test-support/publication-fixture";

let t: TestDatabase;
let env: ReturnType<typeof testServiceDeps>;
let admin: Principal;
let city: { competitionId: string; skillId: string; delegationId: string };
let provincial: { competitionId: string; skillId: string; delegationId: string };
const persons: Record<"A" | "B" | "C", { personId: string; idNumber: string; competitorId: string }> = {} as never;

const apply = (publicationId: string, reason: string | null = null) =>
  inWriteTransaction(env.deps, (tx) => applyAdvancement(tx, { publicationId, actorUserId: admin.userId, reason }));
const current = () =>
  t.db
    .selectFrom("advancement")
    .select(["personId", "rank", "kind", "targetLevel", "publicationId", "revokedReason"])
    .where("revokedAt", "is", null)
    .orderBy("rank")
    .execute();
const nameOf = (personId: string) => Object.entries(persons).find(([, p]) => p.personId === personId)![0];

beforeAll(async () => {
  t = await createTestDatabase();
  env = testServiceDeps(t);
  admin = await createPlatformAdmin(t.db);
  city = await makeCompetition(env.deps, admin, { nameZh: "2026年成都市焊工技能大赛", level: "city", day: "2026-06-10" });
  provincial = await makeCompetition(env.deps, admin, { nameZh: "2026年四川工匠杯", level: "provincial", day: "2026-11-21" });
  for (const [i, key] of (["A", "B", "C"] as const).entries()) {
    const person = await makePerson(t.db, env.deps.secrets.piiKey, `选手${key}`);
    persons[key] = { ...person, competitorId: await makeCompetitor(t.db, city, [person.personId], `C-0${i + 1}`) };
  }
});

afterAll(async () => {
  await t.drop();
});

describe("advancement rules", () => {
  it("refuses a target level that is not higher, and a target competition of another level", async () => {
    const rule = (fields: Record<string, string>) =>
      CreateAdvancementRuleSchema.parse({
        kind: "eligible",
        targetLevel: "provincial",
        targetCompetitionId: "",
        topN: "2",
        topNTeam: "",
        track: "",
        ...fields,
      });
    expect(await refusalCode(createAdvancementRule(env.deps, admin, city.competitionId, rule({ targetLevel: "city" })))).toBe("ADVANCEMENT_TARGET_NOT_HIGHER");
    expect(await refusalCode(createAdvancementRule(env.deps, admin, city.competitionId, rule({ targetLevel: "industry" })))).toBe(
      "ADVANCEMENT_TARGET_NOT_HIGHER",
    );
    expect(
      await refusalCode(
        createAdvancementRule(env.deps, admin, city.competitionId, rule({ targetLevel: "national", targetCompetitionId: provincial.competitionId })),
      ),
    ).toBe("ADVANCEMENT_TARGET_LEVEL_MISMATCH");
    const outsider: Principal = { userId: admin.userId, isPlatformAdmin: false, grants: [] };
    expect(await refusalCode(createAdvancementRule(env.deps, outsider, city.competitionId, rule({})))).toBe("FORBIDDEN");
    expect(CreateAdvancementRuleSchema.safeParse({ kind: "eligible", targetLevel: "provincial", topN: "0" }).success).toBe(false);
  });
});

describe("applyAdvancement", () => {
  let first: string;
  it("qualifies ranks 1…N of the publication and is idempotent", async () => {
    const { added } = await createAdvancementRule(
      env.deps,
      admin,
      city.competitionId,
      CreateAdvancementRuleSchema.parse({ kind: "eligible", targetLevel: "provincial", targetCompetitionId: provincial.competitionId, topN: "2" }),
    );
    expect(added).toBe(0); // nothing published yet
    first = await insertPublication(t.db, {
      ...city,
      publishedBy: admin.userId,
      at: env.deps.now(),
      rows: [
        { competitorId: persons.A.competitorId, delegationId: city.delegationId, rank: 1, award: "first" },
        { competitorId: persons.B.competitorId, delegationId: city.delegationId, rank: 2, award: "second" },
        { competitorId: persons.C.competitorId, delegationId: city.delegationId, rank: 3, award: "third" },
      ],
    });
    expect(await apply(first)).toEqual({ added: 2, revoked: 0 });
    expect((await current()).map((a) => [nameOf(a.personId), a.rank, a.kind, a.targetLevel])).toEqual([
      ["A", 1, "eligible", "provincial"],
      ["B", 2, "eligible", "provincial"],
    ]);
    expect(await apply(first)).toEqual({ added: 0, revoked: 0 });
    const qualified = await listQualifiedFromCompetition(t.db, city.competitionId);
    expect(qualified.map((q) => [q.name, q.rank, q.award, q.target?.id])).toEqual([
      ["选手A", 1, "first", provincial.competitionId],
      ["选手B", 2, "second", provincial.competitionId],
    ]);
    expect(JSON.stringify(qualified)).not.toContain(persons.A.idNumber);
  });

  it("a republication revokes who is no longer qualified and adds who now is", async () => {
    env.advance(60_000);
    const second = await insertPublication(t.db, {
      ...city,
      publishedBy: admin.userId,
      at: env.deps.now(),
      rows: [
        { competitorId: persons.A.competitorId, delegationId: city.delegationId, rank: 1, award: "first" },
        { competitorId: persons.C.competitorId, delegationId: city.delegationId, rank: 2, award: "second" },
        { competitorId: persons.B.competitorId, delegationId: city.delegationId, rank: 3, award: "third" },
      ],
    });
    expect(await apply(second, "申诉成立，更正成绩")).toEqual({ added: 1, revoked: 1 });
    const rows = await current();
    expect(rows.map((a) => [nameOf(a.personId), a.rank])).toEqual([
      ["A", 1],
      ["C", 2],
    ]);
    expect(rows[0]!.publicationId).toBe(first); // A's qualification did not change
    expect(rows[1]!.publicationId).toBe(second);
    const revoked = await t.db.selectFrom("advancement").select(["personId", "revokedReason"]).where("revokedAt", "is not", null).execute();
    expect(revoked.map((r) => [nameOf(r.personId), r.revokedReason])).toEqual([["B", "申诉成立，更正成绩"]]);
    expect(await apply(second)).toEqual({ added: 0, revoked: 0 });
    const audit = await t.db.selectFrom("auditEvent").select(["action"]).where("action", "=", "advancement.applied").execute();
    expect(audit).toHaveLength(2);
    expect((await verifyStoredAuditChain(t.db)).ok).toBe(true);
  });

  it("the next competition's registration lists the qualified and accepts them for its 晋级资格", async () => {
    await saveSkillRegistrationRule(
      env.deps,
      admin,
      { competitionId: provincial.competitionId, skillId: provincial.skillId },
      SkillRegistrationRuleInputSchema.parse({
        quota: "5",
        requiredSkillLevel: "",
        requireLocality: "",
        requireOccupation: "",
        requiredResultLevel: "city",
        requiredResultRank: "1",
      }),
    );
    const listed = await listQualifiedForCompetition(t.db, provincial.competitionId, provincial.delegationId);
    expect(listed.map((q) => [q.name, q.skillIds, q.source.id])).toEqual([
      ["选手A", [provincial.skillId], city.competitionId],
      ["选手C", [provincial.skillId], city.competitionId],
    ]);
    expect(listed[0]!.prefill).toEqual({ name: "选手A", gender: "male", birthDate: "2005-05-06", employer: "" });
    const scope = { competitionId: provincial.competitionId, delegationId: provincial.delegationId };
    const row = (n: number, key: "A" | "B" | "C"): RegistrationRowInput => ({
      row: n,
      name: `选手${key}`,
      gender: "男",
      idNumber: persons[key].idNumber,
      birthDate: "2005-05-06",
      phone: "",
      employer: "成都工匠机械有限公司",
      occupation: "",
      skillLevel: "",
      skill: "焊接",
      group: "职工组",
      postCategory: "",
      team: "",
    });
    // C ranks 2nd (rank 1 required) but holds an advancement to this competition; B's was revoked.
    const problems = async (key: "A" | "B" | "C") => {
      const result = await saveRegistrationRows(env.deps, admin, scope, [row(1, key)], { mode: "all", submit: false });
      return result.ok ? [] : result.check.problems.map((p) => p.code);
    };
    expect(await problems("B")).toEqual(["RESULT_REQUIRED"]);
    expect(await problems("C")).toEqual([]);
    // Withdrawn, the rule's qualifications go; A still has the published first place.
    expect(
      await withdrawAdvancementRule(env.deps, admin, city.competitionId, {
        ruleId: (await t.db.selectFrom("advancementRule").select("id").executeTakeFirstOrThrow()).id,
        reason: "规则有误",
      }),
    ).toEqual({ revoked: 2 });
    expect(await current()).toEqual([]);
    expect(await listQualifiedForCompetition(t.db, provincial.competitionId, null)).toEqual([]);
    expect(await problems("A")).toEqual([]);
  });

  it("a new rule applies at once to what is already published, the track filter included", async () => {
    const squadRule = CreateAdvancementRuleSchema.parse({ kind: "reserve", targetLevel: "provincial", topN: "1", track: "national" });
    expect((await createAdvancementRule(env.deps, admin, city.competitionId, squadRule)).added).toBe(0); // the skill is ws
    const wsRule = CreateAdvancementRuleSchema.parse({ kind: "reserve", targetLevel: "provincial", topN: "1", track: "ws" });
    expect((await createAdvancementRule(env.deps, admin, city.competitionId, wsRule)).added).toBe(1);
    expect((await current()).map((a) => [nameOf(a.personId), a.kind])).toEqual([["A", "reserve"]]);
  });
});
