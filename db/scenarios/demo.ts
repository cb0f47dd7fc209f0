// The canonical demo: the 2026 Sichuan Craftsman Cup running on 22 November 2026 with its
// skills, 21 delegations, competitors and judges; its history (demo-history.ts: seven earlier
// contests from a 2025 city contest to the WorldSkills national training squad, marked and
// locked, whose people climb the ladder into this one); and the 2027 edition open for
// registration. The competition setup goes through the services an organizer uses (so it is
// authorised and audited like real work); the hundreds of people and entries are bulk-inserted
// in one transaction recorded by one `scenario.loaded` audit event, which keeps a first start
// on PGlite fast. Everything is seeded: every run yields the same people.
import { createHash, randomUUID } from "node:crypto";
import { sql } from "kysely";
import type { Principal } from "~/domain/access/roles";
import { grantRole } from "~/services/accounts/grant-role.server";
import { hashPassword, verifyPassword } from "~/services/auth/passwords.server";
import type { ServiceDeps } from "~/services/deps.server";
import { protectIdNumber } from "~/services/identity/protect-id-number.server";
import { inWriteTransaction } from "~/services/transaction.server";
import type { DB } from "../connection";
import type { SkillLevel } from "~/domain/competition/ladder";
import { mainCompetition, regionDelegations } from "./data/competitions";
import { mainSkills } from "./data/main-skills";
import { sichuanRegions } from "./data/sichuan-regions";
import { heldSkillLevel, planDemoPeople, type DemoPeoplePlan } from "./demo-people";
import { loadDemoHistory, type DemoHistory } from "./demo-history";
import { createCompetition } from "./demo-setup";
import { demoSchemeDraft } from "./data/marking-schemes";
import { seededRandom } from "./random";
import { saveMarkingScheme } from "~/services/marking-schemes/save-marking-scheme.server";
import { markSkillCompletely } from "./demo-marks";
import { chiefJudgeOf, publishDemoHistory, signOffDemoSkill } from "./demo-publication";
import { runDraw } from "~/services/registration/draw.server";
import { loadDemoRegistrations, nextCompetition, nextSkills } from "./demo-registrations";
import { runDemoCheckIn } from "./demo-check-in";

/** Skills whose draws are done in the demo (Cyber Security before its marks). */
export const drawnSkills = ["cyber", "weld", "mecha"] as const;

/**
 * Both draws of a skill, with public seeds as if the witness had brought them: derived from the
 * demo's seed, so every load draws the same numbers.
 */
async function drawSkill(
  deps: ServiceDeps,
  organizer: Principal,
  scope: { competitionId: string; skillId: string },
  witnessUserId: string,
  slug: string,
): Promise<void> {
  for (const kind of ["check_in", "workstation"] as const) {
    const seed = createHash("sha256").update(`gongjiang demo ${demoSeed} ${slug} ${kind}`).digest("hex");
    await runDraw(deps, organizer, scope, { kind, witnessUserId, seed, reason: null });
  }
}

/** Password of every demo login (shown on the sign-in page of a demo install). */
export const demoPassword = "gongjiang-2026";

/** Changing the seed changes every generated name, birth date and entry. */
const demoSeed = 20261122;

/** Rows per INSERT: few statements, well under PostgreSQL's 65,535 parameters. */
const chunkSize = 200;

export interface DemoLogin {
  role: string;
  username: string;
  password: string;
  note: string;
}

export interface DemoSummary {
  /** The main competition (2026 Sichuan Craftsman Cup). */
  competitionId: string;
  /** Of the main competition; `persons` includes the judges, `judges` counts chief judges too. */
  counts: { skills: number; delegations: number; competitors: number; persons: number; judges: number };
  /** The 2027 edition, open for registration: its registrations and the persons they added. */
  next: { competitionId: string; registrations: number; newPersons: number };
  /** The earlier competitions (2025 and 2026): what to publish, advancement rules, squad rounds. */
  history: DemoHistory;
  logins: DemoLogin[];
}

/** A fresh install: no competition and no account yet, so the demo may be loaded. */
export async function isDatabaseEmpty(db: DB): Promise<boolean> {
  const competition = await db.selectFrom("competition").select("id").limit(1).executeTakeFirst();
  const user = await db.selectFrom("appUser").select("id").limit(1).executeTakeFirst();
  return !competition && !user;
}

async function createPlatformAdmin(deps: ServiceDeps): Promise<Principal> {
  const passwordHash = await hashPassword(demoPassword);
  const userId = await inWriteTransaction(deps, async (tx) => {
    const account = { username: "admin", displayName: "平台管理员", isPlatformAdmin: true };
    const row = await tx.trx
      .insertInto("appUser")
      .values({ ...account, passwordHash })
      .returning("id")
      .executeTakeFirstOrThrow();
    tx.audit({
      actorUserId: null,
      action: "user.created",
      entityType: "user",
      entityId: row.id,
      competitionId: null,
      after: { ...account, hasPassword: true },
      reason: "demo scenario",
    });
    return row.id;
  });
  return { userId, isPlatformAdmin: true, grants: [] };
}

/**
 * A competitor's own login: the 2026 welder who returns in 2027, so `/me` shows an entry with its
 * workstation and check-in state and a registration of the next year.
 */
async function createContestantLogin(deps: ServiceDeps, admin: Principal, where: { nextCompetitionId: string }): Promise<void> {
  const person = await deps.db
    .selectFrom("registrationMember as m")
    .innerJoin("registration as r", "r.id", "m.registrationId")
    .innerJoin("competitorMember as cm", "cm.personId", "m.personId")
    .innerJoin("competitor as c", "c.id", "cm.competitorId")
    .innerJoin("person as p", "p.id", "m.personId")
    .select(["p.id", "p.name"])
    .where("r.competitionId", "=", where.nextCompetitionId)
    .where("c.competitionId", "<>", where.nextCompetitionId)
    .orderBy("p.name")
    .executeTakeFirst();
  if (!person) throw new Error("Demo scenario: no 2026 competitor registered for 2027");
  const passwordHash = await hashPassword(demoPassword);
  await inWriteTransaction(deps, async (tx) => {
    const account = { username: "contestant", displayName: person.name, personId: person.id };
    const row = await tx.trx
      .insertInto("appUser")
      .values({ ...account, passwordHash })
      .returning("id")
      .executeTakeFirstOrThrow();
    tx.audit({
      actorUserId: admin.userId,
      action: "user.created",
      entityType: "user",
      entityId: row.id,
      competitionId: null,
      after: { ...account, hasPassword: true },
      reason: "demo scenario",
    });
  });
}

async function countPersons(db: DB): Promise<number> {
  const row = await db
    .selectFrom("person")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

function byKey(keys: readonly string[], ids: readonly string[]): Map<string, string> {
  return new Map(keys.map((key, i) => [key, ids[i] as string]));
}

function lookup(map: ReadonlyMap<string, string>, key: string): string {
  const value = map.get(key);
  if (value === undefined) throw new Error(`Demo scenario: nothing planned under ${key}`);
  return value;
}

/** The main competition's judges; those in `withPassword` may also sign in without a tablet code. */
async function grantJudges(
  deps: ServiceDeps,
  admin: Principal,
  competitionId: string,
  plan: DemoPeoplePlan,
  skillIds: ReadonlyMap<string, string>,
  withPassword: ReadonlySet<string>,
): Promise<Array<{ userId: string; person: number }>> {
  const accounts: Array<{ userId: string; person: number }> = [];
  for (const judge of plan.judges) {
    const displayName = plan.persons[judge.person]?.name ?? judge.username;
    const password = withPassword.has(judge.username) ? demoPassword : null;
    const input = { username: judge.username, displayName, password, role: judge.role, skillId: lookup(skillIds, judge.skillSlug), delegationId: null };
    const { userId } = await grantRole(deps, admin, competitionId, input);
    accounts.push({ userId, person: judge.person });
  }
  return accounts;
}

async function inChunks<T>(rows: readonly T[], write: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += chunkSize) await write(rows.slice(i, i + chunkSize));
}

/**
 * Organizations, persons, competitors (with the skill level each member held on entry) and the
 * judges' person links, as one audited change. Returns the persons' ids in plan order and the
 * levels by plan index.
 */
async function writePeople(
  deps: ServiceDeps,
  admin: Principal,
  competitionId: string,
  plan: DemoPeoplePlan,
  ids: { skills: ReadonlyMap<string, string>; delegations: ReadonlyMap<string, string> },
  judgeAccounts: ReadonlyArray<{ userId: string; person: number }>,
): Promise<{ personIds: string[]; levels: Map<number, SkillLevel> }> {
  const organizationIds = new Map(plan.organizations.map((o) => [o.name, randomUUID()]));
  const organizations = plan.organizations.map((o) => ({ id: lookup(organizationIds, o.name), name: o.name, kind: o.kind, regionCode: o.regionCode }));
  const persons = plan.persons.map((p) => ({
    id: randomUUID(),
    name: p.name,
    gender: p.gender,
    birthDate: p.birthDate,
    ...protectIdNumber(deps.secrets.piiKey, p.idNumber),
    employerId: lookup(organizationIds, p.employer),
    regionCode: p.regionCode,
    phone: p.phone,
  }));
  const personId = (index: number): string => {
    const person = persons[index];
    if (!person) throw new Error(`Demo scenario: no person #${index}`);
    return person.id;
  };
  const competitors = plan.competitors.map((c) => ({
    row: {
      id: randomUUID(),
      competitionId,
      skillId: lookup(ids.skills, c.skillSlug),
      delegationId: lookup(ids.delegations, c.delegationRegionCode),
      registrationNo: c.registrationNo,
    },
    members: c.members,
  }));
  // The level each member held on entry: its own seeded sequence, so the people stay as planned.
  const levelRandom = seededRandom(demoSeed + 4);
  const groupOf = new Map(mainSkills.map((s) => [s.slug, s.entrantGroup]));
  const levels = new Map<number, SkillLevel>();
  for (const c of plan.competitors)
    for (const m of c.members) levels.set(m, heldSkillLevel(plan.persons[m]!.birthDate, groupOf.get(c.skillSlug) ?? "worker", 2026, levelRandom));
  const members = competitors.flatMap((c) => c.members.map((m) => ({ competitorId: c.row.id, personId: personId(m), skillLevel: levels.get(m)! })));
  const links = judgeAccounts.map((a) => ({ userId: a.userId, personId: personId(a.person) }));

  await inWriteTransaction(deps, async (tx) => {
    await inChunks(organizations, (chunk) => tx.trx.insertInto("organization").values(chunk).execute());
    await inChunks(persons, (chunk) => tx.trx.insertInto("person").values(chunk).execute());
    await inChunks(competitors, (chunk) =>
      tx.trx
        .insertInto("competitor")
        .values(chunk.map((c) => c.row))
        .execute(),
    );
    await inChunks(members, (chunk) => tx.trx.insertInto("competitorMember").values(chunk).execute());
    await inChunks(links, (chunk) =>
      sql`update app_user as u set person_id = v.person_id::uuid
          from (values ${sql.join(chunk.map((l) => sql`(${l.userId}, ${l.personId})`))}) as v(user_id, person_id)
          where u.id = v.user_id::uuid`.execute(tx.trx),
    );
    tx.audit({
      actorUserId: admin.userId,
      action: "scenario.loaded",
      entityType: "competition",
      entityId: competitionId,
      competitionId,
      after: {
        scenario: "demo",
        seed: demoSeed,
        organizations: organizations.length,
        persons: persons.length,
        competitors: competitors.length,
        competitorMembers: members.length,
        judgeAccountsLinked: links.length,
      },
    });
  });
  return { personIds: persons.map((p) => p.id), levels };
}

const loginNotes = {
  admin: "Platform administrator: every competition 平台管理员(全部赛事)",
  organizer: "Organizer 赛务组 of the 2026 Sichuan Craftsman Cup and the 2027 one, open for registration 2026、2027年四川工匠杯(2027年正在报名)",
  leader: "Team leader 领队 of the Chengdu delegation 成都市代表队 (2026; 2027 registration at /registration)",
  chief: "Chief judge 裁判长 of Welding 焊接",
  judge: "Judge 裁判 of Welding 焊接 (password, or a tablet code from the chief judge)",
  supervisor: "Supervisor 督导, competition-wide 全赛事",
  arbitrator: "Arbitrator 仲裁委员会, competition-wide 全赛事",
  contestant: "A competitor 选手 (Welding 2026 after the group and Chengdu contests, registered for 2027): own entries at /me",
} as const;

const demoLogins: readonly DemoLogin[] = [
  { role: "platform_admin", username: "admin", password: demoPassword, note: loginNotes.admin },
  { role: "organizer", username: "organizer", password: demoPassword, note: loginNotes.organizer },
  { role: "team_leader", username: "leader.chengdu", password: demoPassword, note: loginNotes.leader },
  { role: "chief_judge", username: "chief.weld", password: demoPassword, note: loginNotes.chief },
  { role: "judge", username: "judge.weld", password: demoPassword, note: loginNotes.judge },
  { role: "supervisor", username: "supervisor", password: demoPassword, note: loginNotes.supervisor },
  { role: "arbitrator", username: "arbitrator", password: demoPassword, note: loginNotes.arbitrator },
  { role: "competitor", username: "contestant", password: demoPassword, note: loginNotes.contestant },
];

/**
 * The demo logins that still sign in with the demo password, for the start-up banner of a
 * database loaded earlier. Checking the password itself means a changed or disabled account is
 * never advertised.
 */
export async function listDemoLogins(db: DB): Promise<DemoLogin[]> {
  const accounts = await db
    .selectFrom("appUser")
    .select(["username", "passwordHash"])
    .where(
      "username",
      "in",
      demoLogins.map((l) => l.username),
    )
    .where("disabledAt", "is", null)
    .execute();
  const usable = new Set<string>();
  for (const account of accounts) if (await verifyPassword(account.passwordHash, demoPassword)) usable.add(account.username);
  return demoLogins.filter((l) => usable.has(l.username));
}

export async function loadDemoScenario(deps: ServiceDeps): Promise<DemoSummary> {
  const admin = await createPlatformAdmin(deps);
  const main = await createCompetition(deps, admin, mainCompetition, mainSkills, regionDelegations);
  const { competitionId } = main;
  const skillIds = byKey(
    mainSkills.map((s) => s.slug),
    main.skillIds,
  );
  const delegationIds = byKey(
    regionDelegations.map((d) => d.regionCode ?? d.nameZh),
    main.delegationIds,
  );

  const staff = [
    { username: "organizer", displayName: "大赛组委会赛务组", role: "organizer", delegationId: null },
    { username: "leader.chengdu", displayName: "成都市代表队领队", role: "team_leader", delegationId: lookup(delegationIds, "510100") },
    { username: "supervisor", displayName: "大赛督导组", role: "supervisor", delegationId: null },
    { username: "arbitrator", displayName: "大赛仲裁委员会", role: "arbitrator", delegationId: null },
  ] as const;
  const staffIds = new Map<string, string>();
  for (const s of staff) {
    const { userId } = await grantRole(deps, admin, competitionId, {
      username: s.username,
      displayName: s.displayName,
      password: demoPassword,
      role: s.role,
      skillId: null,
      delegationId: s.delegationId,
    });
    staffIds.set(s.username, userId);
  }

  const plan = planDemoPeople(sichuanRegions, mainSkills, demoSeed);
  // Judges who sign in with the password too: the demo's own two, and those whose scoring devices
  // the e2e journeys and the fault suite drive (a judge makes their device's API token themselves,
  // signed in).
  const judgeLogins = new Set([
    "chief.weld",
    "judge.weld",
    "judge.weld.02",
    "judge.weld.03",
    "chief.cncmill",
    "judge.cncmill",
    "judge.robot",
    "judge.embroidery",
    "judge.tea",
  ]);
  const judgeAccounts = await grantJudges(deps, admin, competitionId, plan, skillIds, judgeLogins);
  const written = await writePeople(deps, admin, competitionId, plan, { skills: skillIds, delegations: delegationIds }, judgeAccounts);

  // Every skill of the main competition gets a 100-mark scheme, through the real service.
  const schemeRandom = seededRandom(demoSeed + 1);
  for (const skill of mainSkills) {
    const saved = await saveMarkingScheme(deps, admin, {
      competitionId,
      skillId: lookup(skillIds, skill.slug),
      draft: demoSchemeDraft(skill.slug, schemeRandom),
    });
    if (!saved.ok) throw new Error(`demo marking scheme of ${skill.slug} is invalid: ${JSON.stringify(saved.problems)}`);
  }

  // What happened before: the 2025 contests from a Deyang city contest to the WorldSkills
  // national training squad, and the 2026 group and Chengdu contests that some of this
  // competition's Chengdu team came through — same persons, marked, locked and ranked.
  const history = await loadDemoHistory(
    deps,
    admin,
    { plan, personIds: written.personIds, levels: written.levels, mainCompetitionId: competitionId },
    demoSeed,
  );
  // Their results were published on the day, with the advancement they gave and the squad's rounds.
  await publishDemoHistory(deps, admin, history);

  // The organizer has drawn check-in and workstation numbers, witnessed by the supervisor, for
  // these skills — before any marking, as the rules require — so their judges and results know
  // competitors by workstation number. The other skills are still to be drawn.
  const organizer: Principal = {
    userId: lookup(staffIds, "organizer"),
    isPlatformAdmin: false,
    grants: [{ role: "organizer", competitionId, skillId: null, delegationId: null }],
  };
  for (const slug of drawnSkills) await drawSkill(deps, organizer, { competitionId, skillId: lookup(skillIds, slug) }, lookup(staffIds, "supervisor"), slug);

  // Competition day at the check-in desk: Welding half checked in (one absent), Mechatronics
  // under way with one team paused and given extra time.
  await runDemoCheckIn(
    deps,
    competitionId,
    { weld: lookup(skillIds, "weld"), mecha: lookup(skillIds, "mecha") },
    { organizer, supervisorUserId: lookup(staffIds, "supervisor") },
  );

  // Cyber Security (a WorldSkills-selection skill) has been marked completely, so results and
  // points show after `npm start`; the other skills are still open for marking.
  await markSkillCompletely(deps, { competitionId, skillId: lookup(skillIds, "cyber") }, seededRandom(demoSeed + 2));

  // Electrician (电工, 1/2/5 prizes) finished on 23 November: marked by calibrated judges, every
  // module locked, re-checked and signed off by its chief judge — waiting for the organizer to
  // publish it (and for team leaders' appeals during the notice period).
  const electrician = { competitionId, skillId: lookup(skillIds, "electrician") };
  await markSkillCompletely(deps, electrician, seededRandom(demoSeed + 4), { calibrated: true });
  await signOffDemoSkill(deps, electrician, await chiefJudgeOf(deps, electrician));

  // The 2027 edition is open for registration; the organizer and the Chengdu team leader of 2026
  // run it too, and registrations stand in every state.
  const next = await createCompetition(deps, admin, nextCompetition, nextSkills, regionDelegations);
  const nextDelegations = byKey(
    regionDelegations.map((d) => d.regionCode ?? d.nameZh),
    next.delegationIds,
  );
  const nextGrant = (username: string, role: "organizer" | "team_leader", delegationId: string | null) =>
    grantRole(deps, admin, next.competitionId, { username, displayName: username, password: null, role, skillId: null, delegationId });
  const nextOrganizer = await nextGrant("organizer", "organizer", null);
  const nextLeader = await nextGrant("leader.chengdu", "team_leader", lookup(nextDelegations, "510100"));
  // The supervisor witnesses this edition's draws too.
  await grantRole(deps, admin, next.competitionId, {
    username: "supervisor",
    displayName: "supervisor",
    password: null,
    role: "supervisor",
    skillId: null,
    delegationId: null,
  });
  const personsBefore = await countPersons(deps.db);
  await loadDemoRegistrations(
    deps,
    { competitionId: next.competitionId, skillIds: next.skillIds, delegationIds: nextDelegations },
    {
      organizer: {
        userId: nextOrganizer.userId,
        isPlatformAdmin: false,
        grants: [{ role: "organizer", competitionId: next.competitionId, skillId: null, delegationId: null }],
      },
      chengduLeader: {
        userId: nextLeader.userId,
        isPlatformAdmin: false,
        grants: [{ role: "team_leader", competitionId: next.competitionId, skillId: null, delegationId: lookup(nextDelegations, "510100") }],
      },
      plan,
      delegations: regionDelegations,
    },
    seededRandom(demoSeed + 3),
  );
  await createContestantLogin(deps, admin, { nextCompetitionId: next.competitionId });
  const nextRegistrations = await deps.db
    .selectFrom("registration")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("competitionId", "=", next.competitionId)
    .executeTakeFirstOrThrow();

  return {
    competitionId,
    counts: {
      skills: mainSkills.length,
      delegations: regionDelegations.length,
      competitors: plan.competitors.length,
      persons: plan.persons.length,
      judges: plan.judges.length,
    },
    next: { competitionId: next.competitionId, registrations: Number(nextRegistrations.n), newPersons: (await countPersons(deps.db)) - personsBefore },
    history,
    logins: [...demoLogins],
  };
}
