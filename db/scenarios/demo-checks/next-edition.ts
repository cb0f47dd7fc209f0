// Checks of the demo's competitions list, its 2027 edition open for registration (with the
// 晋级资格 rule) and the rehearsal of Welding. Registered by db/scenarios/demo.db.test.ts.
import { expect, it } from "vitest";
import { loadMyEntries } from "~/services/registration/my-entries.server";
import { createRehearsal, setRehearsalRunning, tickRehearsals } from "~/services/leaderboards/rehearsal.server";
import { sql } from "kysely";
import { loadSkillStandings } from "~/services/results/load-skill-standings.server";
import { saveSkill } from "~/services/competitions/save-skill.server";
import { SkillInputSchema } from "~/domain/competition/inputs";
import { SkillRegistrationRuleInputSchema, saveSkillRegistrationRule } from "~/services/registration/registration-settings.server";
import { saveRegistrationRows } from "~/services/registration/save-registration-rows.server";
import type { ServiceDeps } from "~/services/deps.server";
import { revealIdNumber } from "~/services/identity/protect-id-number.server";
import { refusalCode } from "../../testing";
import { competitionLevels } from "~/domain/competition/ladder";
import { depsFor, principalOf, piiKey, type DemoRun } from "./helpers";

/** The competitions list, the 2027 edition's registrations and a rehearsal (tests of the demo describe). */
export function checkNextEdition(run: DemoRun): void {
  const demoPrincipal = (username: string) => principalOf(run.t.db, username);

  it("lists nine competitions over six levels and three years", async () => {
    const { t } = run;
    const competitions = await t.db.selectFrom("competition").select(["level", "year", "status"]).execute();
    expect(competitions).toHaveLength(9);
    const perLevel = Object.fromEntries(competitionLevels.map((level) => [level, competitions.filter((c) => c.level === level).length]));
    expect(perLevel).toEqual({ enterprise: 1, city: 2, industry: 0, provincial: 3, national: 1, ws_selection: 1, ws_squad: 1, worldskills: 0 });
    expect(new Set(competitions.map((c) => c.year))).toEqual(new Set([2025, 2026, 2027]));
    expect(competitions.filter((c) => c.status !== "draft")).toHaveLength(9);
  });

  it("has the 2027 edition open for registration with registrations in every state", async () => {
    const { t, summary } = run;
    const rows = await t.db
      .selectFrom("registration")
      .innerJoin("delegation", "delegation.id", "registration.delegationId")
      .select(["registration.status", "registration.rejectionReason", "delegation.regionCode"])
      .where("registration.competitionId", "=", summary.next.competitionId)
      .execute();
    expect(rows).toHaveLength(summary.next.registrations);
    const chengdu = rows.filter((r) => r.regionCode === "510100");
    expect(new Set(chengdu.map((r) => r.status))).toEqual(new Set(["draft", "submitted", "approved", "rejected"]));
    expect(chengdu.find((r) => r.status === "rejected")?.rejectionReason).toMatch(/公章/);
    expect(rows.filter((r) => r.status === "approved").length).toBeGreaterThan(4);
    const settings = await t.db
      .selectFrom("registrationSettings")
      .select(["opensAt", "closesAt"])
      .where("competitionId", "=", summary.next.competitionId)
      .executeTakeFirstOrThrow();
    expect(settings.opensAt?.toISOString()).toBe("2026-11-16T01:00:00.000Z");
    // A 2026 welder returns in 2027 as the same person: one person, entries in both years.
    const both = await t.db
      .selectFrom("registrationMember as m")
      .innerJoin("competitorMember as cm", "cm.personId", "m.personId")
      .innerJoin("competitor as c", "c.id", "cm.competitorId")
      .select("m.personId")
      .where("c.competitionId", "=", summary.competitionId)
      .execute();
    expect(both.length).toBeGreaterThanOrEqual(1);
    // That person signs in as `contestant` and sees both years' entries, with the 2026 workstation,
    // and the group's and the city's contests that led there.
    const contestant = await t.db.selectFrom("appUser").select("id").where("username", "=", "contestant").executeTakeFirstOrThrow();
    const mine = await loadMyEntries(t.db, contestant.id, new Date());
    expect(mine?.entries.map((e) => e.competitionNameZh).sort()).toEqual([
      "2026年四川工匠杯职业技能大赛",
      "2026年四川蜀能装备集团岗位练兵技能比武",
      "2026年成都市职业技能大赛",
      "2027年四川工匠杯职业技能大赛",
    ]);
    expect(mine?.entries.find((e) => e.competitionNameZh.startsWith("2026"))?.workstationNo).toMatch(/^\d{2}$/);
    expect(JSON.stringify(mine)).not.toMatch(/id_number_cipher|idNumberCipher|idNumberIndex/);
  });

  it("admits to a 2027 skill only those ranked in the top 3 of 2026's Cyber Security (晋级资格)", async () => {
    const { t, summary } = run;
    const organizer = await demoPrincipal("organizer");
    const cyber = await t.db
      .selectFrom("skill")
      .select(["id", "occupationCode"])
      .where("competitionId", "=", summary.competitionId)
      .where("nameZh", "=", "网络安全")
      .executeTakeFirstOrThrow();
    const standings = await loadSkillStandings(t.db, { competitionId: summary.competitionId, skillId: cyber.id });
    const byRank = [...standings.competitors].sort((a, b) => a.rank - b.rank);
    const personOf = async (competitorId: string) =>
      t.db
        .selectFrom("competitorMember as m")
        .innerJoin("person as p", "p.id", "m.personId")
        .innerJoin("competitor as c", "c.id", "m.competitorId")
        .innerJoin("delegation as d", "d.id", "c.delegationId")
        .select(["p.name", "p.gender", "p.birthDate", "p.idNumberCipher", "d.regionCode"])
        .where("m.competitorId", "=", competitorId)
        .executeTakeFirstOrThrow();
    const { skillId } = await saveSkill(
      depsFor(t.db),
      organizer,
      summary.next.competitionId,
      SkillInputSchema.parse({
        nameZh: "网络安全",
        track: "ws",
        occupationCode: cyber.occupationCode,
        wsNumber: "54",
        teamSize: "1",
        entrantGroup: "student",
        ageRule: "ws_under_25",
        startsAt: "2027-04-22T08:30",
        endsAt: "2027-04-22T17:30",
      }),
      null,
    );
    await saveSkillRegistrationRule(
      depsFor(t.db),
      organizer,
      { competitionId: summary.next.competitionId, skillId },
      SkillRegistrationRuleInputSchema.parse({ quota: "", requiredSkillLevel: "", requiredResultLevel: "provincial", requiredResultRank: "3" }),
    );
    const register = async (competitorId: string) => {
      const p = await personOf(competitorId);
      const delegation = await t.db
        .selectFrom("delegation")
        .select("id")
        .where("competitionId", "=", summary.next.competitionId)
        .where("regionCode", "=", p.regionCode)
        .executeTakeFirstOrThrow();
      const row = {
        row: 3,
        name: p.name,
        gender: p.gender === "male" ? "男" : "女",
        idNumber: revealIdNumber(piiKey, p.idNumberCipher),
        birthDate: p.birthDate,
        phone: "",
        employer: "晋级测试学校",
        occupation: "",
        skillLevel: "",
        skill: "网络安全",
        group: "学生组",
        postCategory: "",
        team: "",
      };
      return saveRegistrationRows(depsFor(t.db), organizer, { competitionId: summary.next.competitionId, delegationId: delegation.id }, [row], {
        mode: "all",
        submit: false,
      });
    };
    const first = await register(byRank[0]!.competitorId);
    expect(first.check.problems).toEqual([]);
    const last = await register(byRank[byRank.length - 1]!.competitorId);
    expect(last.check.problems).toEqual([{ row: 3, field: "idNumber", code: "RESULT_REQUIRED", params: { level: "provincial", rank: 3 } }]);
  });

  it("rehearses Welding on a copy: synthetic judges mark at the chosen pace, one instance per tick", async () => {
    const { t, summary } = run;
    const organizer = await demoPrincipal("organizer");
    const welding = await t.db
      .selectFrom("skill")
      .select("id")
      .where("competitionId", "=", summary.competitionId)
      .where("nameZh", "=", "焊接")
      .executeTakeFirstOrThrow();
    let now = new Date("2026-11-22T02:00:00Z");
    const deps: ServiceDeps = { ...depsFor(t.db), now: () => now };
    const { skillId } = await createRehearsal(deps, organizer, { competitionId: summary.competitionId, sourceSkillId: welding.id });
    const copy = await t.db.selectFrom("skill").select(["nameZh", "rehearsalOf"]).where("id", "=", skillId).executeTakeFirstOrThrow();
    expect(copy).toEqual({ nameZh: "焊接（演练）", rehearsalOf: welding.id });
    const [source, copied] = await Promise.all(
      [welding.id, skillId].map((id) => t.db.selectFrom("competitor").select(["workstationNo"]).where("skillId", "=", id).orderBy("workstationNo").execute()),
    );
    expect(copied).toEqual(source);
    const members = await t.db
      .selectFrom("competitorMember")
      .innerJoin("competitor", "competitor.id", "competitorMember.competitorId")
      .select("competitorMember.personId")
      .where("competitor.skillId", "=", skillId)
      .execute();
    expect(members).toEqual([]);
    const scope = { competitionId: summary.competitionId, skillId };
    expect(await tickRehearsals(deps)).toBe(0); // not started
    await setRehearsalRunning(deps, organizer, scope, { running: true, pacePerMinute: 120 });
    now = new Date(now.getTime() + 10_000); // 10 s at 120 a minute: 20 marks due
    expect(await tickRehearsals(deps)).toBe(20);
    expect(await tickRehearsals(deps)).toBe(0); // just ticked: another instance would leave it
    now = new Date(now.getTime() + 5_000);
    expect(await tickRehearsals(deps)).toBe(10);
    const marks = await t.db
      .selectFrom("mark")
      .select(sql<number>`count(*)::int`.as("n"))
      .where("skillId", "=", skillId)
      .executeTakeFirstOrThrow();
    expect(marks.n).toBe(30);
    await setRehearsalRunning(deps, organizer, scope, { running: false, pacePerMinute: 120 });
    now = new Date(now.getTime() + 60_000);
    expect(await tickRehearsals(deps)).toBe(0);
    expect(
      await refusalCode(createRehearsal(deps, await demoPrincipal("chief.weld"), { competitionId: summary.competitionId, sourceSkillId: welding.id })),
    ).toBe("FORBIDDEN");
  });
}
