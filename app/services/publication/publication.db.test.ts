// Publication and appeals end to end on a small skill: re-check, sign-off, publish (honours,
// notice period), an appeal filed, heard, upheld, corrected past the lock with a preview that
// matches what applying it does, republication and the team leader's notice.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createCompetitionWithSkill,
  createDelegation,
  createPlatformAdmin,
  createTestDatabase,
  exampleSchemeDraft,
  refusalCode,
  testServiceDeps,
  type TestDatabase,
} from "../../../db/testing";
import { composeIdNumber } from "~/domain/identity/id-number";
import type { Principal } from "~/domain/access/roles";
import { syntheticMarkValue, judgesNeeded } from "~/domain/marking-scheme/synthetic-marks";
import { protectIdNumber } from "../identity/protect-id-number.server";
import { saveMarkingScheme } from "../marking-schemes/save-marking-scheme.server";
import { recordMark } from "../marks/record-mark.server";
import { setModuleLock } from "../marks/set-module-lock.server";
import { loadSchemeContext } from "../marks/scheme-context.server";
import { loadSkillStandings } from "../results/load-skill-standings.server";
import { CreateAdvancementRuleSchema, createAdvancementRule } from "../advancement/advancement-rules.server";
import { ChangeCompetitorStateSchema, changeCompetitorState } from "../registration/change-competitor-state.server";
import { loadPublicationBoard } from "./load-publication-board.server";
import { publishResults } from "./publish-results.server";
import { recordRecheck } from "./record-recheck.server";
import { signOffResults } from "./sign-off-results.server";
import { addHearingNote } from "./add-hearing-note.server";
import { applyCorrection } from "./apply-correction.server";
import { fileAppeal } from "./file-appeal.server";
import { listNotifications } from "./list-notifications.server";
import { loadAppeal } from "./load-appeal.server";
import { prepareCorrection } from "./prepare-correction.server";
import { previewCorrection } from "./preview-correction.server";
import { ruleAppeal } from "./rule-appeal.server";

let t: TestDatabase;
let env: ReturnType<typeof testServiceDeps>;
let scope: { competitionId: string; skillId: string };
let admin: Principal;
let chief: Principal;
let organizer: Principal;
let arbitrator: Principal;
let leader: Principal;
let otherLeader: Principal;
const judges: Array<Principal & { username: string }> = [];
const competitors: Array<{ id: string; delegationId: string }> = [];
const regions = ["510700", "510800", "510900", "511000", "511100", "511300"];

async function user(
  username: string,
  role: "chief_judge" | "organizer" | "arbitrator" | "team_leader" | "judge",
  delegationId: string | null = null,
): Promise<Principal> {
  const row = await t.db.insertInto("appUser").values({ username, displayName: username, passwordHash: null }).returning("id").executeTakeFirstOrThrow();
  const skillId = role === "chief_judge" || role === "judge" ? scope.skillId : null;
  await t.db.insertInto("roleAssignment").values({ userId: row.id, role, competitionId: scope.competitionId, skillId, delegationId }).execute();
  return { userId: row.id, isPlatformAdmin: false, grants: [{ role, competitionId: scope.competitionId, skillId, delegationId }] };
}

beforeAll(async () => {
  t = await createTestDatabase();
  env = testServiceDeps(t);
  admin = await createPlatformAdmin(t.db);
  const { competitionId, skillId } = await createCompetitionWithSkill(env.deps, admin, { competition: { minimumEntrants: "3" } });
  scope = { competitionId, skillId };
  // Titles and promotions as a provincial contest gives them.
  const honourRules = [
    { kind: "title", code: "sichuan_craftsman", labelZh: "四川工匠", labelEn: "Sichuan Craftsman", group: "any", when: { rankTo: 1 } },
    { kind: "promotion", toLevel: "one_up", group: "any", when: { rankTo: 3 } },
  ];
  const stored = await t.db.selectFrom("competition").select("ruleSettings").where("id", "=", competitionId).executeTakeFirstOrThrow();
  await t.db
    .updateTable("competition")
    .set({ ruleSettings: JSON.stringify({ ...(stored.ruleSettings as object), honourRules }) })
    .where("id", "=", competitionId)
    .execute();
  await saveMarkingScheme(env.deps, admin, { ...scope, draft: exampleSchemeDraft() });

  let seq = 1;
  for (const region of regions) {
    const delegationId = await createDelegation(env.deps, admin, competitionId, { nameZh: `${region}代表队`, kind: "region", regionCode: region });
    for (let k = 0; k < 2; k++) {
      const person = await t.db
        .insertInto("person")
        .values({
          name: `选手${seq}`,
          gender: "male",
          birthDate: "2000-03-01",
          ...protectIdNumber(env.deps.secrets.piiKey, composeIdNumber(region, "2000-03-01", seq, "male")),
          employerId: null,
          regionCode: region,
          phone: null,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const c = await t.db
        .insertInto("competitor")
        .values({ competitionId, skillId, delegationId, registrationNo: `P-${String(seq).padStart(2, "0")}` })
        .returning("id")
        .executeTakeFirstOrThrow();
      await t.db.insertInto("competitorMember").values({ competitorId: c.id, personId: person.id, skillLevel: "level4" }).execute();
      competitors.push({ id: c.id, delegationId });
      seq++;
    }
  }
  for (const region of ["510100", "510300", "510400", "510500", "510600"]) {
    const principal = await user(`judge.${region}`, "judge");
    judges.push({ ...principal, username: `judge.${region}` });
  }
  chief = await user("chief", "chief_judge");
  organizer = await user("organizer", "organizer");
  arbitrator = await user("arbitrator", "arbitrator");
  leader = await user("leader.two", "team_leader", competitors[1]!.delegationId);
  otherLeader = await user("leader.six", "team_leader", competitors[11]!.delegationId);

  // Every aspect marked; the same value from every judge of an aspect (no spreads), abilities
  // falling from the first competitor to the last, the first two close together.
  const context = await loadSchemeContext(t.db, skillId);
  for (const [i, competitor] of competitors.entries()) {
    const ability = i === 0 ? 0.92 : i === 1 ? 0.8 : 0.78 - i * 0.05;
    for (const [code, { aspect }] of context.aspects) {
      const value = syntheticMarkValue(aspect, ability, () => 0.5);
      for (const judge of judges.slice(0, judgesNeeded(aspect)))
        await recordMark(env.deps, judge, scope, { submissionId: randomUUID(), competitorId: competitor.id, aspectCode: code, value });
    }
  }
});

afterAll(async () => {
  await t.drop();
});

describe("publication", () => {
  it("refuses re-checks and sign-off while a module is open, then the sign-off until the re-check rule is met", async () => {
    expect(await refusalCode(recordRecheck(env.deps, chief, scope, { competitorId: competitors[0]!.id, foundError: false, note: null }))).toBe(
      "RESULTS_MODULES_UNLOCKED",
    );
    expect(await refusalCode(signOffResults(env.deps, chief, scope))).toBe("RESULTS_MODULES_UNLOCKED");
    for (const module of (await loadSchemeContext(t.db, scope.skillId)).modules.keys())
      await setModuleLock(env.deps, chief, scope, { moduleCode: module, locked: true });
    expect(await refusalCode(signOffResults(env.deps, chief, scope))).toBe("RECHECK_INCOMPLETE");
    expect(await refusalCode(recordRecheck(env.deps, chief, scope, { competitorId: competitors[0]!.id, foundError: true, note: null }))).toBe(
      "REASON_REQUIRED",
    );
    expect(await refusalCode(recordRecheck(env.deps, organizer, scope, { competitorId: competitors[0]!.id, foundError: false, note: null }))).toBe("FORBIDDEN");
    const standings = await loadSkillStandings(t.db, scope);
    // The top 10 and 15 % of the other two (one).
    for (const c of standings.competitors.slice(0, 11))
      await recordRecheck(env.deps, chief, scope, { competitorId: c.competitorId, foundError: false, note: null });
    const board = await loadPublicationBoard(t.db, chief, scope, env.deps.now());
    expect(board.recheck).toMatchObject({ satisfied: true, restRequired: 1, restDone: 1, fullRequired: false });
  });

  it("publishes only signed-off results, once, with honours and a notice period of five working days", async () => {
    expect(await refusalCode(publishResults(env.deps, organizer, scope))).toBe("SIGN_OFF_REQUIRED");
    expect(await refusalCode(signOffResults(env.deps, organizer, scope))).toBe("FORBIDDEN");
    await signOffResults(env.deps, chief, scope);
    expect(await refusalCode(publishResults(env.deps, chief, scope))).toBe("FORBIDDEN");
    // Before publication the appeal window (two hours after the skill's end on 21 November) is over.
    expect(
      await refusalCode(
        fileAppeal(env.deps, leader, scope.competitionId, {
          submissionId: randomUUID(),
          skillId: scope.skillId,
          delegationId: competitors[1]!.delegationId,
          competitorId: competitors[1]!.id,
          reason: "第二名选手的评分有误，请复核",
          attachments: [],
        }),
      ),
    ).toBe("APPEAL_TOO_LATE");
    const published = await publishResults(env.deps, organizer, scope);
    // Published on Sunday 22 November (Beijing): Monday 23 to Friday 27.
    expect(published).toMatchObject({ version: 1, noticeEndsOn: "2026-11-27" });
    expect(await refusalCode(publishResults(env.deps, organizer, scope))).toBe("RESULTS_ALREADY_PUBLISHED");
    const rows = await t.db
      .selectFrom("publishedResult")
      .select(["competitorId", "rank", "total", "award"])
      .where("publicationId", "=", published.publicationId)
      .orderBy("rank")
      .execute();
    expect(rows).toHaveLength(12);
    expect(rows[0]!.competitorId).toBe(competitors[0]!.id);
    expect(rows[0]!.total).toMatch(/^\d+\.\d{4}$/);
    const honours = await t.db
      .selectFrom("honour")
      .select(["competitorId", "kind", "code"])
      .where("publicationId", "=", published.publicationId)
      .orderBy("kind")
      .orderBy("code")
      .execute();
    expect(honours.filter((h) => h.kind === "title").map((h) => h.competitorId)).toEqual([competitors[0]!.id]);
    expect(honours.filter((h) => h.kind === "promotion").every((h) => h.code === "level3")).toBe(true);
    expect(honours.filter((h) => h.kind === "promotion")).toHaveLength(3);
    expect(env.published.some((e) => e.type === "results.published")).toBe(true);
    const board = await loadPublicationBoard(t.db, organizer, scope, env.deps.now());
    expect(board.publication).toMatchObject({ version: 1, noticeEndsOn: "2026-11-27", phase: "notice" });
    // Certificates for every award, title and promotion of the publication, in the same transaction.
    const certificates = await t.db
      .selectFrom("certificate")
      .select(["kind", "code", "competitorId"])
      .where("publicationId", "=", published.publicationId)
      .execute();
    expect(certificates.filter((c) => c.kind === "award")).toHaveLength(rows.filter((r) => r.award).length);
    expect(certificates.filter((c) => c.kind !== "award")).toHaveLength(honours.length);
  });
});

describe("appeals", () => {
  let appealId: string;

  it("a team leader files for their own delegation during the notice period; a repeat answers with the stored appeal", async () => {
    const input = {
      submissionId: randomUUID(),
      skillId: scope.skillId,
      delegationId: competitors[1]!.delegationId,
      competitorId: competitors[1]!.id,
      reason: "模块A评价分项A1.3三名裁判评分偏低，与作品实际不符",
      attachments: [{ fileName: "photo.png", bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]) }],
    };
    expect(await refusalCode(fileAppeal(env.deps, otherLeader, scope.competitionId, input))).toBe("FORBIDDEN");
    expect(
      await refusalCode(
        fileAppeal(env.deps, leader, scope.competitionId, {
          ...input,
          submissionId: randomUUID(),
          attachments: [{ fileName: "x.exe", bytes: new Uint8Array([0x4d, 0x5a, 0, 0]) }],
        }),
      ),
    ).toBe("ATTACHMENT_INVALID");
    const filed = await fileAppeal(env.deps, leader, scope.competitionId, input);
    expect(filed.replayed).toBe(false);
    expect(await fileAppeal(env.deps, leader, scope.competitionId, input)).toEqual({ ...filed, replayed: true });
    appealId = filed.appealId;
    const view = await loadAppeal(t.db, leader, appealId);
    expect(view).toMatchObject({
      state: "received",
      attachments: [{ fileName: "photo.png", contentType: "image/png" }],
      can: { review: false, correct: false },
    });
  });

  it("arbitrators hear and rule; the ruling is final; a correction waits for an upheld ruling", async () => {
    expect(await refusalCode(prepareCorrection(env.deps, chief, appealId, "competitor_code,aspect_code,judge,value\nP-02,A1.3,judge.510100,3\n"))).toBe(
      "APPEAL_NOT_UPHELD",
    );
    expect(await refusalCode(ruleAppeal(env.deps, leader, appealId, { decision: "upheld", ruling: "成立" }))).toBe("FORBIDDEN");
    await addHearingNote(env.deps, arbitrator, appealId, "听取领队陈述，调阅评分记录与作品照片");
    expect((await loadAppeal(t.db, arbitrator, appealId)).state).toBe("under_review");
    await ruleAppeal(env.deps, arbitrator, appealId, { decision: "upheld", ruling: "A1.3 评分与评分标准描述不符，申诉成立，由裁判长更正" });
    expect(await refusalCode(ruleAppeal(env.deps, arbitrator, appealId, { decision: "rejected", ruling: "改判" }))).toBe("APPEAL_STATE");
    const notices = await listNotifications(t.db, leader.userId);
    expect(notices.map((n) => n.kind)).toContain("appeal.ruled");
  });

  it("a correction is checked row by row, previewed, then applied as a whole past the lock; the preview is what it does", async () => {
    const bad = await prepareCorrection(
      env.deps,
      chief,
      appealId,
      "competitor_code,aspect_code,judge,value\nP-02,A1.3,judge.510100,7\nP-02,Z9.9,judge.510100,3\n",
    );
    expect(bad.ok).toBe(false);
    if (!bad.ok)
      expect(bad.problems.map((p) => [p.row, p.code])).toEqual([
        [2, "SCORE_NOT_0_TO_3"],
        [3, "UNKNOWN_ASPECT"],
      ]);
    const judged = [...(await loadSchemeContext(t.db, scope.skillId)).aspects].filter(([, a]) => a.aspect.kind === "judgement").map(([code]) => code);
    const rows = judged.flatMap((code) => judges.slice(0, 3).map((j) => `P-02,${code},${j.username},3`));
    // The winner goes on to the national level: the preview says whose qualification would change.
    await createAdvancementRule(
      env.deps,
      organizer,
      scope.competitionId,
      CreateAdvancementRuleSchema.parse({ kind: "eligible", targetLevel: "national", targetCompetitionId: "", topN: "1", topNTeam: "", track: "" }),
    );
    const prepared = await prepareCorrection(env.deps, chief, appealId, `competitor_code,aspect_code,judge,value\n${rows.join("\n")}\n`);
    expect(prepared.ok).toBe(true);
    const preview = await previewCorrection(t.db, chief, appealId, env.deps.now());
    expect(preview).not.toBeNull();
    for (const e of preview!.effects) expect(e.after.advancement.map((a) => a.targetLevel)).toEqual(e.after.rank === 1 ? ["national"] : []);
    const second = preview!.effects.find((e) => e.competitorId === competitors[1]!.id)!;
    expect(Number(second.after.total)).toBeGreaterThan(Number(second.before!.total));

    if (!prepared.ok) throw new Error("unreachable");
    const applied = await applyCorrection(env.deps, chief, appealId, prepared.correctionId);
    expect(applied.publicationVersion).toBe(2);
    expect(await refusalCode(applyCorrection(env.deps, chief, appealId, prepared.correctionId))).toBe("APPEAL_STATE");
    const current = await t.db
      .selectFrom("publication")
      .select(["id", "version", "noticeEndsOn", "appealId"])
      .where("skillId", "=", scope.skillId)
      .where("isCurrent", "=", true)
      .executeTakeFirstOrThrow();
    expect(current).toMatchObject({ version: 2, noticeEndsOn: "2026-11-27", appealId });
    const published = await t.db
      .selectFrom("publishedResult")
      .select(["competitorId", "rank", "total", "award"])
      .where("publicationId", "=", current.id)
      .execute();
    for (const effect of preview!.effects) {
      const row = published.find((p) => p.competitorId === effect.competitorId)!;
      expect({ rank: row.rank, total: Number(row.total).toFixed(2), award: row.award }).toEqual({
        rank: effect.after.rank,
        total: effect.after.total,
        award: effect.after.award,
      });
    }
    // The module stays locked; the corrected marks supersede the judges' earlier ones with the appeal as reason.
    const locks = await t.db.selectFrom("moduleLockEvent").select("locked").orderBy("id", "desc").limit(1).executeTakeFirstOrThrow();
    expect(locks.locked).toBe(true);
    const corrected = await t.db
      .selectFrom("mark")
      .select(["reason", "supersedesId"])
      .where("competitorId", "=", competitors[1]!.id)
      .where("revision", "=", 2)
      .execute();
    expect(corrected.length).toBe(rows.length);
    expect(corrected.every((m) => m.supersedesId !== null && m.reason?.startsWith("申诉 #"))).toBe(true);
    expect((await listNotifications(t.db, leader.userId)).map((n) => n.kind)).toContain("appeal.corrected");
    // Valid certificates follow the new version; a changed award's old certificate is revoked, not deleted.
    const valid = await t.db
      .selectFrom("certificate")
      .select(["competitorId", "kind", "code"])
      .where("skillId", "=", scope.skillId)
      .where("revokedAt", "is", null)
      .where("kind", "=", "award")
      .execute();
    expect(valid.map((c) => `${c.competitorId}:${c.code}`).sort()).toEqual(
      published
        .filter((p) => p.award)
        .map((p) => `${p.competitorId}:${p.award}`)
        .sort(),
    );
    const changedAward = preview!.effects.some((e) => e.before?.award !== e.after.award);
    const revoked = await t.db
      .selectFrom("certificate")
      .select(["revokedReason"])
      .where("skillId", "=", scope.skillId)
      .where("revokedAt", "is not", null)
      .execute();
    expect(revoked.length > 0).toBe(changedAward);
    const view = await loadAppeal(t.db, leader, appealId);
    expect(view.events.map((e) => e.kind)).toEqual(["filed", "review_started", "hearing_note", "upheld", "correction_prepared", "correction_applied"]);
  });

  it("the history cannot be rewritten", async () => {
    await expect(t.db.updateTable("appeal").set({ reason: "改写的理由……………" }).where("id", "=", appealId).execute()).rejects.toThrow();
    await expect(t.db.deleteFrom("appealEvent").where("appealId", "=", appealId).execute()).rejects.toThrow();
    await expect(t.db.updateTable("publishedResult").set({ rank: 1 }).execute()).rejects.toThrow();
    await expect(t.db.updateTable("publication").set({ isCurrent: true }).where("version", "=", 1).execute()).rejects.toThrow();
  });
});

describe("entrants", () => {
  it("an absent competitor is neither marked nor ranked", async () => {
    const absent = competitors[11]!.id;
    await changeCompetitorState(
      env.deps,
      organizer,
      scope,
      ChangeCompetitorStateSchema.parse({
        competitorId: absent,
        submissionId: randomUUID(),
        action: "mark_absent",
        reason: "",
        extraMinutes: "",
        witnessUserId: "",
      }),
    );
    const context = await loadSchemeContext(t.db, scope.skillId);
    const [code] = [...context.aspects].filter(([, a]) => a.aspect.kind === "judgement").map(([c]) => c);
    await setModuleLock(env.deps, chief, scope, { moduleCode: context.aspects.get(code!)!.moduleCode, locked: false, reason: "复核后补录" });
    expect(
      await refusalCode(recordMark(env.deps, judges[0]!, scope, { submissionId: randomUUID(), competitorId: absent, aspectCode: code!, value: { score: 1 } })),
    ).toBe("COMPETITOR_NOT_COMPETING");
    const standings = await loadSkillStandings(t.db, scope);
    expect(standings.competitors.map((c) => c.competitorId)).not.toContain(absent);
    expect(standings.competitors).toHaveLength(11);
  });
});
