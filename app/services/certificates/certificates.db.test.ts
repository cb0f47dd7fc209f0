import { unzipSync, strFromU8 } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, refusalCode, testServiceDeps, type TestDatabase } from "../../../db/testing";
import type { Principal } from "~/domain/access/roles";
import type { Award } from "~/domain/results/awards";
import { certificateNumberPattern } from "~/domain/certificates/certificate-number";
import { composeIdNumber } from "~/domain/identity/id-number";
import { verifyStoredAuditChain } from "../audit/verify-audit-chain.server";
import { CompetitionInputSchema, DelegationInputSchema, SkillInputSchema } from "~/domain/competition/inputs";
import { exampleCompetitionForm, exampleSkillForm } from "../../../db/test-support/example-forms";
import { saveCompetition } from "../competitions/save-competition.server";
import { saveDelegation } from "../competitions/save-delegation.server";
import { saveSkill } from "../competitions/save-skill.server";
import { RegisterCompetitorsSchema, registerCompetitors } from "../competitors/register-competitors.server";
import { inWriteTransaction } from "../transaction.server";
import { loadCertificateCounts, loadCertificateRows, loadPersonCertificates } from "./certificate-board.server";
import { canDownloadCertificate, certificateFileName, skillCertificatesZip } from "./certificate-files.server";
import { loadCertificate } from "./certificate-record.server";
import { defaultRevocationReason, syncCertificates } from "./sync-certificates.server";
import { verifyCertificate } from "./verify-certificate.server";
import { loader as verifyLoader } from "~/routes/verify.$number";

let t: TestDatabase;
let env: ReturnType<typeof testServiceDeps>;
let admin: Principal;
let competitionId: string;
let skillId: string;
let teamSkillId: string;
let delegationId: string;
let otherDelegationId: string;
/** competitor code → { competitorId, personIds } */
const entrants = new Map<string, { competitorId: string; personIds: string[] }>();
const day = 24 * 3600 * 1000;

async function register(skill: string, delegation: string, entries: Array<{ code: string; names: string[] }>, firstSequence: number) {
  let seq = firstSequence;
  const competitors = entries.map((e) => ({
    code: e.code,
    delegationId: delegation,
    members: e.names.map((name) => {
      const birthDate = "2004-03-15";
      return { name, idNumber: composeIdNumber("510104", birthDate, (seq += 2), "male"), gender: "male", birthDate };
    }),
  }));
  const result = await registerCompetitors(env.deps, admin, { competitionId, skillId: skill }, RegisterCompetitorsSchema.parse({ competitors }));
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  for (const c of result.competitors) {
    const members = await t.db.selectFrom("competitorMember").select("personId").where("competitorId", "=", c.id).orderBy("personId").execute();
    entrants.set(c.code, { competitorId: c.id, personIds: members.map((m) => m.personId) });
  }
}

const entrant = (code: string) => entrants.get(code)!;

/** A publication written as the publish step would: the row, its results and its honours. */
async function publish(
  skill: string,
  version: number,
  awards: Record<string, Award | null>,
  honours: Array<{ code: string; kind: "title" | "promotion"; honour: string; labelZh: string; labelEn: string }>,
  noticeEndsAt: Date,
) {
  if (version > 1) await t.db.updateTable("publication").set({ isCurrent: false }).where("skillId", "=", skill).where("isCurrent", "=", true).execute();
  const publication = await t.db
    .insertInto("publication")
    .values({
      competitionId,
      skillId: skill,
      version,
      signOffId: null,
      publishedBy: admin.userId,
      publishedAt: env.deps.now(),
      noticeEndsOn: noticeEndsAt.toISOString().slice(0, 10),
      noticeEndsAt,
      selectionOnly: false,
      reason: version > 1 ? "申诉改判" : null,
      appealId: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const codes = Object.keys(awards);
  await t.db
    .insertInto("publishedResult")
    .values(
      codes.map((code, i) => ({
        publicationId: publication.id,
        competitorId: entrant(code).competitorId,
        competitionId,
        skillId: skill,
        delegationId,
        code,
        rank: i + 1,
        total: `${90 - i}.5000`,
        moduleMarks: JSON.stringify({ A: `${90 - i}.5000` }),
        points: null,
        award: awards[code]!,
      })),
    )
    .execute();
  if (honours.length > 0) {
    await t.db
      .insertInto("honour")
      .values(
        honours.map((h) => ({
          publicationId: publication.id,
          competitorId: entrant(h.code).competitorId,
          personId: entrant(h.code).personIds[0]!,
          competitionId,
          skillId: skill,
          kind: h.kind,
          code: h.honour,
          labelZh: h.labelZh,
          labelEn: h.labelEn,
        })),
      )
      .execute();
  }
  return publication.id;
}

const sync = (publicationId: string, reason: string | null = null) =>
  inWriteTransaction(env.deps, (tx) => syncCertificates(tx, { publicationId, actorUserId: admin.userId, reason }));

const certificatesOf = (skill: string) =>
  t.db
    .selectFrom("certificate")
    .select([
      "id",
      "number",
      "personId",
      "competitorId",
      "kind",
      "code",
      "labelZh",
      "labelEn",
      "publicationId",
      "revokedAt",
      "revokedBy",
      "revokedReason",
      "replacedById",
    ])
    .where("skillId", "=", skill)
    .orderBy("issuedAt")
    .orderBy("number")
    .execute();

const auditCount = async () =>
  Number(
    (
      await t.db
        .selectFrom("auditEvent")
        .select((eb) => eb.fn.countAll<string>().as("n"))
        .where("action", "=", "certificates.synced")
        .executeTakeFirstOrThrow()
    ).n,
  );

const honours = [
  { code: "W-01", kind: "title" as const, honour: "sichuan_craftsman", labelZh: "四川工匠", labelEn: "Sichuan Craftsman" },
  { code: "W-02", kind: "promotion" as const, honour: "level2", labelZh: "技师（二级）", labelEn: "Technician (level 2)" },
];

beforeAll(async () => {
  t = await createTestDatabase();
  env = testServiceDeps(t, new Date("2026-11-25T02:00:00Z"));
  const root = await t.db
    .insertInto("appUser")
    .values({ username: "root", displayName: "管理员", passwordHash: null, isPlatformAdmin: true })
    .returning("id")
    .executeTakeFirstOrThrow();
  admin = { userId: root.id, isPlatformAdmin: true, grants: [] };
  ({ competitionId } = await saveCompetition(
    env.deps,
    admin,
    CompetitionInputSchema.parse({ ...exampleCompetitionForm, nameEn: "2026 Sichuan Craftsman Cup" }),
    null,
  ));
  ({ skillId } = await saveSkill(env.deps, admin, competitionId, SkillInputSchema.parse({ ...exampleSkillForm, nameEn: "Welding" }), null));
  ({ skillId: teamSkillId } = await saveSkill(
    env.deps,
    admin,
    competitionId,
    SkillInputSchema.parse({ ...exampleSkillForm, nameZh: "机电一体化", nameEn: "Mechatronics", wsNumber: "04", teamSize: "2" }),
    null,
  ));
  ({ delegationId } = await saveDelegation(
    env.deps,
    admin,
    competitionId,
    DelegationInputSchema.parse({ nameZh: "成都市代表队", kind: "region", regionCode: "510100" }),
    null,
  ));
  ({ delegationId: otherDelegationId } = await saveDelegation(
    env.deps,
    admin,
    competitionId,
    DelegationInputSchema.parse({ nameZh: "绵阳市代表队", kind: "region", regionCode: "510700" }),
    null,
  ));
  await register(
    skillId,
    delegationId,
    [
      { code: "W-01", names: ["王喆"] },
      { code: "W-02", names: ["李娜"] },
      { code: "W-03", names: ["张伟"] },
      { code: "W-04", names: ["刘洋"] },
    ],
    100,
  );
  await register(
    teamSkillId,
    delegationId,
    [
      { code: "M-01", names: ["陈静", "杨帆"] },
      { code: "M-02", names: ["赵磊", "黄敏"] },
    ],
    200,
  );
});
afterAll(async () => t.drop());

let firstPublication: string;
let firstNumbers: Map<string, string>;
const keyOf = (c: { personId: string; kind: string; code: string }) => `${c.personId}|${c.kind}|${c.code}`;

describe("issuing from the first publication", () => {
  it("issues one award per awarded competitor's person and one per title or promotion, with readable unguessable numbers", async () => {
    firstPublication = await publish(
      skillId,
      1,
      { "W-01": "gold", "W-02": "silver", "W-03": null, "W-04": null },
      honours,
      new Date(env.deps.now().getTime() + 7 * day),
    );
    const before = await auditCount();
    expect(await sync(firstPublication)).toEqual({ issued: 4, revoked: 0, kept: 0 });
    const issued = await certificatesOf(skillId);
    expect(issued.map((c) => [c.personId, c.kind, c.code, c.labelZh, c.labelEn]).sort()).toEqual(
      [
        [entrant("W-01").personIds[0], "award", "gold", "金牌", "Gold medal"],
        [entrant("W-01").personIds[0], "title", "sichuan_craftsman", "四川工匠", "Sichuan Craftsman"],
        [entrant("W-02").personIds[0], "award", "silver", "银牌", "Silver medal"],
        [entrant("W-02").personIds[0], "promotion", "level2", "技师（二级）", "Technician (level 2)"],
      ].sort(),
    );
    for (const c of issued) {
      expect(c.number).toMatch(certificateNumberPattern);
      expect(c.number.startsWith("GJ2026-")).toBe(true);
      expect(c).toMatchObject({ publicationId: firstPublication, revokedAt: null, replacedById: null });
    }
    expect(new Set(issued.map((c) => c.number)).size).toBe(4);
    expect(await auditCount()).toBe(before + 1);
    const event = await t.db
      .selectFrom("auditEvent")
      .select(["after", "entityId", "actorUserId"])
      .where("action", "=", "certificates.synced")
      .orderBy("seq", "desc")
      .executeTakeFirstOrThrow();
    expect(event).toMatchObject({ entityId: firstPublication, actorUserId: admin.userId });
    expect((event.after as { issued: string[] }).issued.sort()).toEqual(issued.map((c) => c.number).sort());
    firstNumbers = new Map(issued.map((c) => [keyOf(c), c.number]));
  });

  it("is idempotent: a second sync of the same publication changes nothing and audits nothing", async () => {
    const before = await auditCount();
    expect(await sync(firstPublication)).toEqual({ issued: 0, revoked: 0, kept: 4 });
    expect((await certificatesOf(skillId)).map((c) => c.number).sort()).toEqual([...firstNumbers.values()].sort());
    expect(await auditCount()).toBe(before);
  });

  it("gives each person of a team their own award certificate", async () => {
    const teamPublication = await publish(teamSkillId, 1, { "M-01": "first", "M-02": null }, [], new Date(env.deps.now().getTime() + 7 * day));
    expect(await sync(teamPublication)).toEqual({ issued: 2, revoked: 0, kept: 0 });
    const team = await certificatesOf(teamSkillId);
    expect(team.map((c) => c.personId).sort()).toEqual([...entrant("M-01").personIds].sort());
    expect(team.every((c) => c.competitorId === entrant("M-01").competitorId && c.labelZh === "一等奖" && c.labelEn === "First prize")).toBe(true);
  });

  it("cannot change a certificate except by revoking it, once (trigger)", async () => {
    const [c] = await certificatesOf(skillId);
    await expect(t.db.updateTable("certificate").set({ labelZh: "特等奖" }).where("id", "=", c!.id).execute()).rejects.toThrow(/only revoked/);
    await expect(t.db.deleteFrom("certificate").where("id", "=", c!.id).execute()).rejects.toThrow(/append-only/);
  });
});

describe("a republication with changed awards", () => {
  it("revokes what changed (with the reason and the replacement), issues the new ones and keeps the rest", async () => {
    env.advance(2 * day);
    const second = await publish(
      skillId,
      2,
      { "W-02": "gold", "W-01": "silver", "W-03": "merit", "W-04": null },
      honours,
      new Date(env.deps.now().getTime() + 7 * day),
    );
    expect(await sync(second, "申诉改判：W-02 与 W-01 名次互换")).toEqual({ issued: 3, revoked: 2, kept: 2 });
    const all = await certificatesOf(skillId);
    const valid = all.filter((c) => c.revokedAt === null);
    const revoked = all.filter((c) => c.revokedAt !== null);
    const [w1, w2, w3] = ["W-01", "W-02", "W-03"].map((code) => entrant(code).personIds[0]!);
    // Titles and promotions did not change: the same certificates, the same numbers.
    expect(valid.find((c) => c.kind === "title")!.number).toBe(firstNumbers.get(`${w1}|title|sichuan_craftsman`));
    expect(valid.find((c) => c.kind === "promotion")!.number).toBe(firstNumbers.get(`${w2}|promotion|level2`));
    expect(
      valid
        .filter((c) => c.kind === "award")
        .map((c) => [c.personId, c.code, c.publicationId])
        .sort(),
    ).toEqual(
      [
        [w1, "silver", second],
        [w2, "gold", second],
        [w3, "merit", second],
      ].sort(),
    );
    expect(revoked.map((c) => [c.personId, c.code]).sort()).toEqual(
      [
        [w1, "gold"],
        [w2, "silver"],
      ].sort(),
    );
    for (const old of revoked) {
      const replacement = valid.find((c) => c.id === old.replacedById)!;
      expect(replacement).toMatchObject({ personId: old.personId, kind: "award" });
      expect(old).toMatchObject({ revokedBy: admin.userId, revokedReason: "申诉改判：W-02 与 W-01 名次互换" });
      expect(old.revokedAt!.getTime()).toBe(env.deps.now().getTime());
    }
    expect(await sync(second)).toEqual({ issued: 0, revoked: 0, kept: 5 });
    expect(await verifyStoredAuditChain(t.db)).toMatchObject({ ok: true });
  });

  it("revokes a certificate no longer given without a replacement, with the default reason", async () => {
    env.advance(day);
    const third = await publish(
      skillId,
      3,
      { "W-02": "gold", "W-01": "silver", "W-03": null, "W-04": null },
      honours,
      new Date(env.deps.now().getTime() + 7 * day),
    );
    expect(await sync(third, null)).toEqual({ issued: 0, revoked: 1, kept: 4 });
    const w3 = (await certificatesOf(skillId)).find((c) => c.personId === entrant("W-03").personIds[0])!;
    expect(w3).toMatchObject({ code: "merit", revokedReason: defaultRevocationReason, replacedById: null });
  });
});

describe("verification 证书查验", () => {
  const address = "203.0.113.7";
  const numberOf = async (code: string, kind: string, revoked: boolean) =>
    (await certificatesOf(skillId)).find((c) => c.personId === entrant(code).personIds[0] && c.kind === kind && (c.revokedAt !== null) === revoked)!.number;

  it("says provisional while the current publication's notice period runs, then valid; shows the masked ID number only", async () => {
    const number = await numberOf("W-02", "award", false);
    const view = await verifyCertificate(env.deps, { number, address });
    expect(view).toMatchObject({
      status: "provisional",
      number,
      labelZh: "金牌",
      labelEn: "Gold medal",
      holderName: "李娜",
      competitionNameZh: "2026年四川工匠杯",
      skillNameZh: "焊接",
      skillNameEn: "Welding",
      revokedAt: null,
    });
    expect(view.status !== "unknown" && view.idNumberMasked).toMatch(/^\d{6}\*+\d{3}[\dX]$|\*/);
    expect(JSON.stringify(view)).not.toMatch(/idNumberCipher|510104200403\d{6}/);
    env.advance(8 * day);
    expect(await verifyCertificate(env.deps, { number, address })).toMatchObject({ status: "valid" });
    // Typed by hand: lower case, spaces, no dashes, O for 0.
    const typed = number.toLowerCase().replace(/-/g, " ").replace(/0/g, "o");
    expect(await verifyCertificate(env.deps, { number: typed, address })).toMatchObject({ status: "valid", number });
  });

  it("says revoked, when and why, and names the replacement", async () => {
    const number = await numberOf("W-01", "award", true);
    const replacement = await numberOf("W-01", "award", false);
    expect(await verifyCertificate(env.deps, { number, address })).toMatchObject({
      status: "revoked",
      labelZh: "金牌",
      revokedReason: "申诉改判：W-02 与 W-01 名次互换",
      replacementNumber: replacement,
    });
  });

  it("says unknown for a number nobody was given, and throttles a client guessing numbers", async () => {
    expect(await verifyCertificate(env.deps, { number: "GJ2026-0000-0000-0000", address })).toEqual({ status: "unknown", number: "GJ2026-0000-0000-0000" });
    expect(await verifyCertificate(env.deps, { number: "not a number", address })).toMatchObject({ status: "unknown" });
    for (let i = 0; i < 18; i++) await verifyCertificate(env.deps, { number: `GJ2026-0000-0000-${String(i).padStart(4, "0")}`, address });
    const known = await numberOf("W-02", "award", false);
    expect(await refusalCode(verifyCertificate(env.deps, { number: known, address }))).toBe("SIGN_IN_THROTTLED");
    expect(await verifyCertificate(env.deps, { number: known, address: "198.51.100.9" })).toMatchObject({ status: "valid" });
    env.advance(16 * 60 * 1000);
    expect(await verifyCertificate(env.deps, { number: known, address })).toMatchObject({ status: "valid" });
  });
});

describe("the verification page's loader", () => {
  const run = async (number: string, address = "192.0.2.50") => {
    try {
      return await verifyLoader({
        params: { number },
        request: new Request(`http://localhost/verify/${number}`),
        context: { deps: env.deps, clientAddress: address, cookieSecure: false },
      });
    } catch (thrown) {
      if (thrown instanceof Response) return thrown;
      throw thrown;
    }
  };
  const answer = (reply: Awaited<ReturnType<typeof run>>) => {
    if (reply instanceof Response) return { status: reply.status, location: reply.headers.get("Location"), view: null };
    return { status: reply.init?.status ?? 200, location: null, view: reply.data };
  };

  it("answers 200 with the view of a known number (valid, provisional or revoked) and 404 for an unknown one", async () => {
    const all = await certificatesOf(skillId);
    const valid = all.find((c) => c.revokedAt === null)!.number;
    const revoked = all.find((c) => c.revokedAt !== null)!.number;
    expect(answer(await run(valid))).toMatchObject({ status: 200, view: { status: "valid", number: valid } });
    expect(answer(await run(revoked))).toMatchObject({ status: 200, view: { status: "revoked", number: revoked } });
    expect(answer(await run("GJ2026-ZZZZ-ZZZZ-ZZZ9"))).toMatchObject({ status: 404, view: { status: "unknown", number: "GJ2026-ZZZZ-ZZZZ-ZZZ9" } });
    // The notice period of a fresh publication: provisional.
    const teamNumber = (await certificatesOf(teamSkillId))[0]!.number;
    env.advance(-30 * day);
    expect(answer(await run(teamNumber))).toMatchObject({ status: 200, view: { status: "provisional" } });
    env.advance(30 * day);
  });

  it("sends a hand-typed number to its canonical address, and answers 429 once a client guessed too often", async () => {
    const valid = (await certificatesOf(skillId)).find((c) => c.revokedAt === null)!.number;
    expect(answer(await run(valid.toLowerCase().replace(/-/g, "")))).toMatchObject({ status: 302, location: `/verify/${valid}` });
    for (let i = 0; i < 20; i++) await run(`GJ2026-ZZZZ-ZZZZ-${String(i).padStart(4, "0")}`, "192.0.2.99");
    expect(answer(await run(valid, "192.0.2.99"))).toMatchObject({ status: 429, view: { status: "throttled", minutes: 15 } });
  });
});

describe("downloads", () => {
  it("lets the holder, the organizers, the delegation's team leader and admins download, nobody else", async () => {
    const record = (await loadCertificate(t.db, (await certificatesOf(skillId))[0]!.number))!;
    const nobody: Principal = { userId: "u", isPlatformAdmin: false, grants: [] };
    const grant = (role: "organizer" | "team_leader" | "judge", delegation: string | null = null): Principal => ({
      ...nobody,
      grants: [{ role, competitionId, skillId: null, delegationId: delegation }],
    });
    expect(canDownloadCertificate(nobody, record.personId, record)).toBe(true);
    expect(canDownloadCertificate(nobody, entrant("W-04").personIds[0]!, record)).toBe(false);
    expect(canDownloadCertificate(nobody, null, record)).toBe(false);
    expect(canDownloadCertificate(grant("organizer"), null, record)).toBe(true);
    expect(canDownloadCertificate(grant("team_leader", delegationId), null, record)).toBe(true);
    expect(canDownloadCertificate(grant("team_leader", otherDelegationId), null, record)).toBe(false);
    expect(canDownloadCertificate(grant("judge"), null, record)).toBe(false);
    expect(canDownloadCertificate({ ...nobody, isPlatformAdmin: true }, null, record)).toBe(true);
  });

  it("zips a skill's valid certificates, one PDF each, named number, name and label", async () => {
    const valid = (await certificatesOf(skillId)).filter((c) => c.revokedAt === null);
    const { zip, count } = await skillCertificatesZip(t.db, { competitionId, skillId }, "https://gj.example.cn");
    expect(count).toBe(valid.length);
    const files = unzipSync(zip);
    const names = Object.keys(files).sort();
    const expected = await Promise.all(valid.map(async (c) => certificateFileName((await loadCertificate(t.db, c.number))!)));
    expect(names).toEqual(expected.sort());
    expect(names.some((n) => /^GJ2026-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4} 李娜 金牌\.pdf$/.test(n))).toBe(true);
    for (const name of names) expect(strFromU8(files[name]!.subarray(0, 5))).toBe("%PDF-");
  }, 60_000);

  it("counts each skill's certificates and lists a skill's with their status", async () => {
    const counts = await loadCertificateCounts(t.db, competitionId);
    expect(counts.find((c) => c.skillId === skillId)).toMatchObject({ valid: 4, revoked: 3, published: true });
    expect(counts.find((c) => c.skillId === teamSkillId)).toMatchObject({ valid: 2, revoked: 0, published: true });
    const rows = await loadCertificateRows(t.db, { competitionId, skillId }, env.deps.now());
    expect(rows).toHaveLength(7);
    expect(rows.filter((r) => r.status === "revoked").every((r) => r.revokedAt !== null)).toBe(true);
    expect(rows.filter((r) => r.status !== "revoked").every((r) => r.status === "valid")).toBe(true);
  });

  it("lists a person's own certificates, revoked ones marked", async () => {
    const mine = await loadPersonCertificates(t.db, entrant("W-01").personIds[0]!);
    expect(mine.map((c) => [c.labelZh, c.revoked]).sort()).toEqual(
      [
        ["四川工匠", false],
        ["金牌", true],
        ["银牌", false],
      ].sort(),
    );
    expect(mine.every((c) => c.competitionNameZh === "2026年四川工匠杯" && c.skillNameZh === "焊接")).toBe(true);
    expect(await loadPersonCertificates(t.db, entrant("W-04").personIds[0]!)).toEqual([]);
  });
});
