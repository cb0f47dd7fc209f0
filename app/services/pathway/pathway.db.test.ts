import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPlatformAdmin, createTestDatabase, exampleSchemeDraft, testServiceDeps, type TestDatabase } from "../../../db/testing";
import type { Principal } from "~/domain/access/roles";
import { saveMarkingScheme } from "../marking-schemes/save-marking-scheme.server";
import { inWriteTransaction } from "../transaction.server";
import { applyAdvancement } from "../advancement/apply-advancement.server";
import { CreateAdvancementRuleSchema, createAdvancementRule } from "../advancement/advancement-rules.server";
import { insertPublication, makeCompetition, makeCompetitor, makePerson } from "../../../db/test-support/publication-fixture";
import { loadPathway } from "./pathway.server";

let t: TestDatabase;
let env: ReturnType<typeof testServiceDeps>;
let admin: Principal;
let city: Awaited<ReturnType<typeof makeCompetition>>;
let provincial: Awaited<ReturnType<typeof makeCompetition>>;
let personId: string;
let otherPersonId: string;
let masked: string;
let selfUser: Principal;

beforeAll(async () => {
  t = await createTestDatabase();
  env = testServiceDeps(t);
  admin = await createPlatformAdmin(t.db);
  city = await makeCompetition(env.deps, admin, { nameZh: "2026年成都市焊工技能大赛", level: "city", day: "2026-06-10" });
  provincial = await makeCompetition(env.deps, admin, { nameZh: "2026年四川工匠杯", level: "provincial", day: "2026-11-21" });
  await saveMarkingScheme(env.deps, admin, {
    competitionId: provincial.competitionId,
    skillId: provincial.skillId,
    draft: exampleSchemeDraft(),
  });
  const person = await makePerson(t.db, env.deps.secrets.piiKey, "王焊工");
  personId = person.personId;
  masked = (await t.db.selectFrom("person").select("idNumberMasked").where("id", "=", personId).executeTakeFirstOrThrow()).idNumberMasked;
  otherPersonId = (await makePerson(t.db, env.deps.secrets.piiKey, "李焊工")).personId;
  const cityEntry = await makeCompetitor(t.db, city, [personId], "C-01");
  const otherEntry = await makeCompetitor(t.db, city, [otherPersonId], "C-02");
  await makeCompetitor(t.db, provincial, [personId], "P-01");
  await createAdvancementRule(
    env.deps,
    admin,
    city.competitionId,
    CreateAdvancementRuleSchema.parse({ kind: "eligible", targetLevel: "provincial", topN: "1" }),
  );
  const publicationId = await insertPublication(t.db, {
    ...city,
    publishedBy: admin.userId,
    at: env.deps.now(),
    rows: [
      { competitorId: cityEntry, delegationId: city.delegationId, rank: 1, total: "91.2500", points: 712, award: "first" },
      { competitorId: otherEntry, delegationId: city.delegationId, rank: 2, total: "80", award: "second" },
    ],
  });
  await inWriteTransaction(env.deps, (tx) => applyAdvancement(tx, { publicationId, actorUserId: admin.userId, reason: null }));
  await t.db
    .insertInto("honour")
    .values({
      publicationId,
      competitorId: cityEntry,
      personId,
      competitionId: city.competitionId,
      skillId: city.skillId,
      kind: "title",
      code: "chengdu_craftsman",
      labelZh: "成都工匠",
      labelEn: "Chengdu Craftsman",
    })
    .execute();
  const certificate = (number: string) => ({
    number,
    competitionId: city.competitionId,
    skillId: city.skillId,
    publicationId,
    competitorId: cityEntry,
    personId,
    kind: "award" as const,
    code: "first",
    labelZh: "一等奖",
    labelEn: "First prize",
    issuedAt: env.deps.now(),
  });
  await t.db
    .insertInto("certificate")
    .values([certificate("GJ-REVOKED-0001"), certificate("GJ-VALID-00002")])
    .execute();
  await t.db
    .updateTable("certificate")
    .set({ revokedAt: env.deps.now(), revokedBy: admin.userId, revokedReason: "重新颁发" })
    .where("number", "=", "GJ-REVOKED-0001")
    .execute();
  const self = await t.db
    .insertInto("appUser")
    .values({ username: "wang", displayName: "王焊工", passwordHash: null, personId })
    .returning("id")
    .executeTakeFirstOrThrow();
  selfUser = { userId: self.id, isPlatformAdmin: false, grants: [] };
});

afterAll(async () => {
  await t.drop();
});

describe("loadPathway", () => {
  it("shows the public only published results, without the ID number", async () => {
    const view = await loadPathway(t.db, personId, null);
    expect(view.audience).toBe("public");
    expect(view.person).toEqual({ id: personId, name: "王焊工", idNumberMasked: null });
    expect(view.pathway.entries.map((e) => [e.competition.nameZh, e.result?.status, e.result?.rank, e.result?.award])).toEqual([
      ["2026年成都市焊工技能大赛", "published", 1, "first"],
    ]);
    const [entry] = view.pathway.entries;
    expect(entry!.honours.map((h) => h.labelZh)).toEqual(["成都工匠"]);
    expect(entry!.advancements.map((a) => [a.kind, a.targetLevel, a.rank])).toEqual([["eligible", "provincial", 1]]);
    expect(entry!.certificates.map((c) => c.number)).toEqual(["GJ-VALID-00002"]);
    expect(view.pathway.points).toEqual([{ competitorId: entry!.competitorId, on: "2026-06-10", value: "712", scale: "points", status: "published" }]);
    const text = JSON.stringify(view);
    expect(text).not.toContain(masked);
    expect(text).not.toContain("provisional");
    expect(text).not.toContain("四川工匠杯");
  });

  it("shows staff every entry, provisional results marked, and the masked ID number", async () => {
    const organizer: Principal = {
      userId: admin.userId,
      isPlatformAdmin: false,
      grants: [{ role: "organizer", competitionId: provincial.competitionId, skillId: null, delegationId: null }],
    };
    const view = await loadPathway(t.db, personId, organizer);
    expect(view.audience).toBe("staff");
    expect(view.person!.idNumberMasked).toBe(masked);
    expect(view.pathway.entries.map((e) => [e.competition.level, e.result?.status])).toEqual([
      ["city", "published"],
      ["provincial", "provisional"],
    ]);
    expect(view.pathway.entries[0]!.certificates.map((c) => [c.number, c.revoked])).toEqual([
      ["GJ-REVOKED-0001", true],
      ["GJ-VALID-00002", false],
    ]);
    const leader: Principal = {
      userId: admin.userId,
      isPlatformAdmin: false,
      grants: [{ role: "team_leader", competitionId: city.competitionId, skillId: null, delegationId: city.delegationId }],
    };
    expect((await loadPathway(t.db, personId, leader)).audience).toBe("staff");
    // An organizer of a competition the person never entered is the public.
    const stranger: Principal = {
      userId: admin.userId,
      isPlatformAdmin: false,
      grants: [{ role: "organizer", competitionId: "00000000-0000-4000-8000-000000000000", skillId: null, delegationId: null }],
    };
    expect((await loadPathway(t.db, personId, stranger)).audience).toBe("public");
  });

  it("shows the person every entry, but provisional results only where the competition shows them", async () => {
    const view = await loadPathway(t.db, personId, selfUser);
    expect(view.audience).toBe("self");
    expect(view.person!.idNumberMasked).toBe(masked);
    expect(view.pathway.entries.map((e) => [e.competition.level, e.result?.status ?? null])).toEqual([
      ["city", "published"],
      ["provincial", null],
    ]);
  });

  it("names nobody to the public while nothing of the person is published", async () => {
    const lonely = await makePerson(t.db, env.deps.secrets.piiKey, "赵新人");
    await makeCompetitor(t.db, provincial, [lonely.personId], "P-02");
    const view = await loadPathway(t.db, lonely.personId, null);
    expect(view.person).toBeNull();
    expect(view.pathway.entries).toEqual([]);
  });
});
