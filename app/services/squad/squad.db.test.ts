import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPlatformAdmin, createSkill, createTestDatabase, refusalCode, testServiceDeps, type TestDatabase } from "../../../db/testing";
import type { Principal } from "~/domain/access/roles";
import { inWriteTransaction } from "../transaction.server";
import { applyAdvancement } from "../advancement/apply-advancement.server";
import { CreateAdvancementRuleSchema, createAdvancementRule } from "../advancement/advancement-rules.server";
import { insertPublication, makeCompetition, makeCompetitor, makePerson } from "../../../db/test-support/publication-fixture";
import { loadPathway } from "../pathway/pathway.server";
import { DefineSquadRoundSchema, defineSquadRound, enterSquadRound, loadSquad, squadDelegationName } from "./squad.server";

let t: TestDatabase;
let env: ReturnType<typeof testServiceDeps>;
let admin: Principal;
let selection: Awaited<ReturnType<typeof makeCompetition>>;
let squad: Awaited<ReturnType<typeof makeCompetition>>;
let round2SkillId: string;
const names = ["甲", "乙", "丙", "丁"];
const personIds: string[] = [];
const occupationCode = "6-18-02-04";

beforeAll(async () => {
  t = await createTestDatabase();
  env = testServiceDeps(t);
  admin = await createPlatformAdmin(t.db);
  selection = await makeCompetition(env.deps, admin, { nameZh: "第48届世赛全国选拔赛", level: "ws_selection", day: "2026-09-10" });
  squad = await makeCompetition(env.deps, admin, { nameZh: "第48届世赛国家集训队", level: "ws_squad", day: "2026-12-10", skill: { nameZh: "焊接 第1轮" } });
  round2SkillId = await createSkill(env.deps, admin, squad.competitionId, { nameZh: "焊接 第2轮", startsAt: "2026-12-10T08:30", endsAt: "2026-12-10T17:30" });
  const rows = [];
  for (const [i, name] of names.entries()) {
    const { personId } = await makePerson(t.db, env.deps.secrets.piiKey, `选手${name}`);
    personIds.push(personId);
    rows.push({ competitorId: await makeCompetitor(t.db, selection, [personId], `X-0${i + 1}`), delegationId: selection.delegationId, rank: i + 1 });
  }
  await createAdvancementRule(
    env.deps,
    admin,
    selection.competitionId,
    CreateAdvancementRuleSchema.parse({ kind: "squad", targetLevel: "ws_squad", targetCompetitionId: squad.competitionId, topN: "3", track: "ws" }),
  );
  const publicationId = await insertPublication(t.db, { ...selection, publishedBy: admin.userId, at: env.deps.now(), rows });
  await inWriteTransaction(env.deps, (tx) => applyAdvancement(tx, { publicationId, actorUserId: admin.userId, reason: null }));
});

afterAll(async () => {
  await t.drop();
});

const round = (fields: Record<string, string>) =>
  DefineSquadRoundSchema.parse({ occupationCode, roundNo: "1", skillId: squad.skillId, keepCount: "2", reserveCount: "1", ...fields });
const skillOfRound = (roundNo: number) => (roundNo === 1 ? squad.skillId : round2SkillId);
const competitorsOf = async (roundNo: number) =>
  t.db
    .selectFrom("competitor")
    .innerJoin("competitorMember", "competitorMember.competitorId", "competitor.id")
    .innerJoin("delegation", "delegation.id", "competitor.delegationId")
    .select(["competitor.id", "competitorMember.personId", "delegation.nameZh"])
    .where("competitor.skillId", "=", skillOfRound(roundNo))
    .orderBy("competitor.registrationNo")
    .execute();

describe("squad rounds", () => {
  it("defines rounds that keep fewer each time, only in a ws_squad competition", async () => {
    expect(await refusalCode(defineSquadRound(env.deps, admin, selection.competitionId, round({ skillId: selection.skillId })))).toBe("SQUAD_NOT_WS_SQUAD");
    expect(await refusalCode(defineSquadRound(env.deps, admin, squad.competitionId, round({ roundNo: "2", skillId: round2SkillId })))).toBe(
      "SQUAD_PREVIOUS_ROUND_MISSING",
    );
    await defineSquadRound(env.deps, admin, squad.competitionId, round({}));
    expect(await refusalCode(defineSquadRound(env.deps, admin, squad.competitionId, round({ roundNo: "2", skillId: round2SkillId, keepCount: "2" })))).toBe(
      "SQUAD_KEEP_NOT_FEWER",
    );
    expect(await refusalCode(defineSquadRound(env.deps, admin, squad.competitionId, round({ roundNo: "2", skillId: squad.skillId, keepCount: "1" })))).toBe(
      "SQUAD_ROUND_EXISTS",
    );
    await defineSquadRound(env.deps, admin, squad.competitionId, round({ roundNo: "2", skillId: round2SkillId, keepCount: "1", reserveCount: "1" }));
    const [view] = await loadSquad(t.db, squad.competitionId);
    expect(view!.qualified.map((q) => q.name)).toEqual(["选手甲", "选手乙", "选手丙"]);
    expect(view!.rounds.map((r) => [r.roundNo, r.keepCount, r.reserveCount, r.ranking])).toEqual([
      [1, 2, 1, null],
      [2, 1, 1, null],
    ]);
  });

  it("enters round 1's qualified persons once, in the squad's delegation", async () => {
    expect(await enterSquadRound(env.deps, admin, squad.competitionId, { occupationCode, roundNo: 1 })).toEqual({ entered: 3 });
    expect(await enterSquadRound(env.deps, admin, squad.competitionId, { occupationCode, roundNo: 1 })).toEqual({ entered: 0 });
    const entered = await competitorsOf(1);
    expect(entered.map((c) => c.personId).sort()).toEqual(personIds.slice(0, 3).sort());
    expect(new Set(entered.map((c) => c.nameZh))).toEqual(new Set([squadDelegationName]));
    expect(await t.db.selectFrom("person").select("id").execute()).toHaveLength(4); // the stored persons, reused
  });

  it("enters the next round only from a published round without a tie at its keep boundary", async () => {
    expect(await refusalCode(enterSquadRound(env.deps, admin, squad.competitionId, { occupationCode, roundNo: 2 }))).toBe("SQUAD_ROUND_NOT_PUBLISHED");
    const entered = await competitorsOf(1);
    const delegation = await t.db
      .selectFrom("delegation")
      .select("id")
      .where("competitionId", "=", squad.competitionId)
      .where("nameZh", "=", squadDelegationName)
      .executeTakeFirstOrThrow();
    const row = (personIndex: number, rank: number) => ({
      competitorId: entered.find((c) => c.personId === personIds[personIndex])!.id,
      delegationId: delegation.id,
      rank,
    });
    await insertPublication(t.db, {
      competitionId: squad.competitionId,
      skillId: squad.skillId,
      publishedBy: admin.userId,
      at: env.deps.now(),
      rows: [row(0, 1), row(1, 2), row(2, 2)],
    });
    expect(await refusalCode(enterSquadRound(env.deps, admin, squad.competitionId, { occupationCode, roundNo: 2 }))).toBe("SQUAD_TIE_AT_BOUNDARY");
    expect((await loadSquad(t.db, squad.competitionId))[0]!.rounds[0]!.outcome).toMatchObject({ advance: [personIds[0]], tieAtBoundary: true });
    // The chief expert's deciding assessment breaks the tie; the corrected publication replaces it.
    await insertPublication(t.db, {
      competitionId: squad.competitionId,
      skillId: squad.skillId,
      publishedBy: admin.userId,
      at: env.deps.now(),
      rows: [row(0, 2), row(1, 1), row(2, 3)],
    });
    expect(await enterSquadRound(env.deps, admin, squad.competitionId, { occupationCode, roundNo: 2 })).toEqual({ entered: 2 });
    expect((await competitorsOf(2)).map((c) => c.personId).sort()).toEqual([personIds[0], personIds[1]].sort());
    const [view] = await loadSquad(t.db, squad.competitionId);
    expect(view!.rounds[0]!.outcome).toEqual({ advance: [personIds[1], personIds[0]], reserve: [personIds[2]], out: [], tied: [], tieAtBoundary: false });
    // The person's pathway shows the round and how it ended.
    const pathway = await loadPathway(t.db, personIds[2]!, admin);
    expect(pathway.pathway.entries.map((e) => e.squadRound)).toEqual([
      null,
      { competitorId: entered.find((c) => c.personId === personIds[2])!.id, roundNo: 1, outcome: "reserve" },
    ]);
  });
});
