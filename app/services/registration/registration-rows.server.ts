// Registrations 报名: team leaders enter their delegation's competitors inside the organizer's
// window (one by one, or as rows of an Excel import), submit them, and the organizer approves
// (which makes the competitor) or rejects with a reason the leader sees, fixes and resubmits.
// The rules are app/domain/registration/registrations.ts; here is what the use cases beside this
// file share to check and write rows: everything the row checks need, read in the use case's
// transaction (persons found by the blind index of their ID number), and the write of the clean
// entries (persons created with the number protected).
import { sql } from "kysely";
import { DomainError } from "~/domain/errors";
import type { CheckedMember, RegistrationCheck, RegistrationRowInput, SkillForRegistration } from "~/domain/registration/registrations";
import { parseIdNumber } from "~/domain/identity/id-number";
import { shanghaiDateOf } from "~/domain/time";
import type { CompetitionLevel } from "~/domain/competition/ladder";
import { loadSkillStandings } from "../results/load-skill-standings.server";
import type { ServiceDeps } from "../deps.server";
import { indexIdNumber, protectIdNumber } from "../identity/protect-id-number.server";
import type { WriteContext } from "../transaction.server";
import { type Trx, type DelegationScope, readRegistrationSettings, loadSkillsForRegistration } from "./registration-scope.server";

/** Everything the row checks need from the database, for one delegation and these ID numbers. */
export async function loadContext(
  deps: ServiceDeps,
  trx: Trx,
  scope: DelegationScope,
  rows: readonly RegistrationRowInput[],
  now: Date,
  options: { excludeRegistrationId?: string } = {},
) {
  const competition = await trx.selectFrom("competition").select(["year", "level"]).where("id", "=", scope.competitionId).executeTakeFirst();
  const delegation = await trx
    .selectFrom("delegation")
    .select(["id", "regionCode"])
    .where("id", "=", scope.delegationId)
    .where("competitionId", "=", scope.competitionId)
    .executeTakeFirst();
  if (!competition || !delegation) throw new DomainError("NOT_FOUND");
  const settings = await readRegistrationSettings(trx, scope.competitionId, now);
  const skills = await loadSkillsForRegistration(trx, scope.competitionId, settings.defaultQuota);
  const keyOf = (normalized: string) => indexIdNumber(deps.secrets.piiKey, normalized);
  const today = shanghaiDateOf(now);
  const keys = new Set<string>();
  for (const row of rows) {
    try {
      keys.add(keyOf(checkedIdNumber(row.idNumber, today)));
    } catch {
      // An unreadable number is the row check's to report.
    }
  }
  const exclude = options.excludeRegistrationId ?? "00000000-0000-0000-0000-000000000000";

  const quotaRows = await trx
    .selectFrom("registration")
    .select(["skillId", sql<number>`count(*)::int`.as("n")])
    .where("delegationId", "=", scope.delegationId)
    .where("status", "<>", "rejected")
    .where("id", "<>", exclude)
    .groupBy("skillId")
    .execute();
  // Competitors entered by the organizer directly (not through a registration) count too.
  const directRows = await trx
    .selectFrom("competitor")
    .select(["skillId", sql<number>`count(*)::int`.as("n")])
    .where("delegationId", "=", scope.delegationId)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom("registration").select("registration.id").whereRef("registration.competitorId", "=", "competitor.id"))),
    )
    .groupBy("skillId")
    .execute();
  const usedQuota = new Map<string, number>();
  for (const r of [...quotaRows, ...directRows]) usedQuota.set(r.skillId, (usedQuota.get(r.skillId) ?? 0) + r.n);

  const persons =
    keys.size === 0
      ? []
      : await trx
          .selectFrom("person")
          .select(["id", "name", "idNumberIndex"])
          .where("idNumberIndex", "in", [...keys])
          .execute();
  const personIds = persons.map((p) => p.id);
  const keyOfPerson = new Map(persons.map((p) => [p.id, p.idNumberIndex]));
  const entriesOfPerson = new Map<string, Array<{ skillId: string }>>();
  if (personIds.length > 0) {
    const registered = await trx
      .selectFrom("registrationMember as m")
      .innerJoin("registration as r", "r.id", "m.registrationId")
      .select(["m.personId", "m.skillId"])
      .where("r.competitionId", "=", scope.competitionId)
      .where("m.personId", "in", personIds)
      .where("r.id", "<>", exclude)
      .execute();
    const entered = await trx
      .selectFrom("competitorMember as m")
      .innerJoin("competitor as c", "c.id", "m.competitorId")
      .select(["m.personId", "c.skillId"])
      .where("c.competitionId", "=", scope.competitionId)
      .where("m.personId", "in", personIds)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom("registration").select("registration.id").whereRef("registration.competitorId", "=", "c.id").where("registration.id", "=", exclude),
          ),
        ),
      )
      .execute();
    for (const e of [...registered, ...entered]) {
      const key = keyOfPerson.get(e.personId)!;
      entriesOfPerson.set(key, [...(entriesOfPerson.get(key) ?? []), { skillId: e.skillId }]);
    }
  }
  const resultsOfPerson = await loadQualifyingResults(trx, { competitionId: scope.competitionId, level: competition.level }, skills, persons);
  const employerNames = [...new Set(rows.map((r) => r.employer).filter((e) => e !== ""))];
  const employers =
    employerNames.length === 0 ? [] : await trx.selectFrom("organization").select(["id", "name", "regionCode"]).where("name", "in", employerNames).execute();
  return {
    settings,
    skills,
    context: {
      today,
      competitionYear: competition.year,
      cutOffDate: settings.cutOffDate,
      delegation,
      skills,
      keyOf,
      usedQuota,
      nameOfPerson: new Map(persons.map((p) => [p.idNumberIndex, p.name])),
      entriesOfPerson,
      regionOfEmployer: new Map(employers.map((e) => [e.name, e.regionCode])),
      resultsOfPerson,
    },
    personIdOf: new Map(persons.map((p) => [p.idNumberIndex, p.id])),
    employerIdOf: new Map(employers.map((e) => [e.name, e.id])),
  };
}

/**
 * 晋级资格: where a skill requires a result at a lower level, what these persons achieved in skills
 * of that level in the same occupation: the rank of their row in the skill's current publication
 * (decision 018), or — for a skill nothing has been published of yet — the rank in its live
 * standings (each such skill's standings computed once). An advancement 晋级 row that names this
 * competition, or its level without naming a competition, qualifies the person outright
 * (`advanced`): the organizer of the lower level decided it.
 */
async function loadQualifyingResults(
  trx: Trx,
  target: { competitionId: string; level: CompetitionLevel },
  skills: readonly SkillForRegistration[],
  persons: ReadonlyArray<{ id: string; idNumberIndex: string }>,
) {
  const results = new Map<string, Array<{ level: CompetitionLevel; occupationCode: string; rank: number; advanced?: boolean }>>();
  const wanted = skills.filter((s) => s.requiredResult !== null);
  if (wanted.length === 0 || persons.length === 0) return results;
  const levels = [...new Set(wanted.map((s) => s.requiredResult!.level))];
  const entries = await trx
    .selectFrom("competitorMember as m")
    .innerJoin("competitor as c", "c.id", "m.competitorId")
    .innerJoin("skill as s", "s.id", "c.skillId")
    .innerJoin("competition as k", "k.id", "c.competitionId")
    .leftJoin("publication as p", (join) => join.onRef("p.skillId", "=", "c.skillId").on("p.isCurrent", "=", true))
    .leftJoin("publishedResult as r", (join) => join.onRef("r.publicationId", "=", "p.id").onRef("r.competitorId", "=", "c.id"))
    .select([
      "m.personId",
      "c.id as competitorId",
      "c.skillId",
      "c.competitionId",
      "s.occupationCode",
      "k.level",
      "p.id as publicationId",
      "r.rank as publishedRank",
    ])
    .where(
      "m.personId",
      "in",
      persons.map((p) => p.id),
    )
    .where("k.level", "in", levels)
    .execute();
  const keyOf = new Map(persons.map((p) => [p.id, p.idNumberIndex]));
  const add = (personId: string, result: { level: CompetitionLevel; occupationCode: string; rank: number; advanced?: boolean }) => {
    const key = keyOf.get(personId)!;
    results.set(key, [...(results.get(key) ?? []), result]);
  };
  const rankOf = new Map<string, Map<string, number>>();
  for (const e of entries) {
    if (
      !wanted.some(
        (s) => s.requiredResult!.level === e.level && (e.occupationCode.startsWith(s.occupationCode) || s.occupationCode.startsWith(e.occupationCode)),
      )
    )
      continue;
    if (e.publicationId !== null) {
      // Published: the publication is the result; a competitor without a row in it has none.
      if (e.publishedRank !== null) add(e.personId, { level: e.level, occupationCode: e.occupationCode, rank: e.publishedRank });
      continue;
    }
    if (!rankOf.has(e.skillId)) {
      try {
        const standings = await loadSkillStandings(trx, { competitionId: e.competitionId, skillId: e.skillId });
        rankOf.set(e.skillId, new Map(standings.competitors.map((c) => [c.competitorId, c.rank])));
      } catch {
        rankOf.set(e.skillId, new Map()); // a skill without a marking scheme ranks nobody
      }
    }
    const rank = rankOf.get(e.skillId)!.get(e.competitorId);
    if (rank !== undefined) add(e.personId, { level: e.level, occupationCode: e.occupationCode, rank });
  }
  const advancements = await trx
    .selectFrom("advancement as a")
    .innerJoin("competition as k", "k.id", "a.sourceCompetitionId")
    .select(["a.personId", "a.occupationCode", "a.rank", "k.level"])
    .where(
      "a.personId",
      "in",
      persons.map((p) => p.id),
    )
    .where("a.revokedAt", "is", null)
    .where((eb) =>
      eb.or([
        eb("a.targetCompetitionId", "=", target.competitionId),
        eb.and([eb("a.targetCompetitionId", "is", null), eb("a.targetLevel", "=", target.level)]),
      ]),
    )
    .execute();
  for (const a of advancements) add(a.personId, { level: a.level, occupationCode: a.occupationCode, rank: a.rank, advanced: true });
  return results;
}

function checkedIdNumber(raw: string, today: string): string {
  return parseIdNumber(raw, today).normalized;
}

export async function writeRegistrations(
  deps: ServiceDeps,
  tx: WriteContext,
  scope: DelegationScope,
  check: RegistrationCheck,
  loaded: Awaited<ReturnType<typeof loadContext>>,
  values: { status: "draft" | "submitted"; documents: string[]; actorUserId: string },
): Promise<string[]> {
  const delegationRegion = loaded.context.delegation.regionCode;
  const studentSkills = new Set(loaded.skills.filter((s) => s.entrantGroup === "student").map((s) => s.id));
  // Employers not on file are created in the delegation's region: the leader vouches for 属地.
  const newEmployers = new Map<string, "school" | "enterprise">();
  for (const entry of check.clean)
    for (const m of entry.members)
      if (!loaded.employerIdOf.has(m.employer)) newEmployers.set(m.employer, studentSkills.has(entry.skillId) ? "school" : "enterprise");
  const employerIdOf = new Map(loaded.employerIdOf);
  for (let i = 0; i < newEmployers.size; i += 500) {
    const chunk = [...newEmployers].slice(i, i + 500);
    await tx.trx
      .insertInto("organization")
      .values(chunk.map(([name, kind]) => ({ name, kind, regionCode: delegationRegion })))
      .onConflict((oc) => oc.column("name").doNothing())
      .execute();
  }
  if (newEmployers.size > 0) {
    const rows = await tx.trx
      .selectFrom("organization")
      .select(["id", "name"])
      .where("name", "in", [...newEmployers.keys()])
      .execute();
    for (const r of rows) employerIdOf.set(r.name, r.id);
  }

  const personIdOf = new Map(loaded.personIdOf);
  const newPersons = new Map<string, CheckedMember>();
  for (const entry of check.clean) for (const m of entry.members) if (!personIdOf.has(m.key) && !newPersons.has(m.key)) newPersons.set(m.key, m);
  const personRows = [...newPersons.values()].map((m) => personRow(m, deps, employerIdOf.get(m.employer) ?? null));
  for (let i = 0; i < personRows.length; i += 500) {
    const inserted = await tx.trx
      .insertInto("person")
      .values(personRows.slice(i, i + 500))
      .returning(["id", "idNumberIndex"])
      .execute();
    for (const p of inserted) personIdOf.set(p.idNumberIndex, p.id);
  }

  const registrations = check.clean.map((entry) => ({
    competitionId: scope.competitionId,
    skillId: entry.skillId,
    delegationId: scope.delegationId,
    status: values.status,
    documents: JSON.stringify(values.documents),
    createdBy: values.actorUserId,
    updatedAt: tx.now,
    submittedAt: values.status === "submitted" ? tx.now : null,
  }));
  const ids: string[] = [];
  for (let i = 0; i < registrations.length; i += 500) {
    const inserted = await tx.trx
      .insertInto("registration")
      .values(registrations.slice(i, i + 500))
      .returning("id")
      .execute();
    ids.push(...inserted.map((r) => r.id));
  }
  const members = check.clean.flatMap((entry, i) =>
    entry.members.map((m, j) => ({
      registrationId: ids[i]!,
      skillId: entry.skillId,
      personId: personIdOf.get(m.key)!,
      position: j + 1,
      skillLevel: m.skillLevel,
      occupation: m.occupation,
      retirementCategory: m.retirementCategory,
      employerId: employerIdOf.get(m.employer) ?? null,
      phone: m.phone,
    })),
  );
  for (let i = 0; i < members.length; i += 500)
    await tx.trx
      .insertInto("registrationMember")
      .values(members.slice(i, i + 500))
      .execute();
  return ids;
}

function personRow(m: CheckedMember, deps: ServiceDeps, employerId: string | null) {
  return {
    name: m.name,
    gender: m.facts.gender,
    birthDate: m.facts.birthDate,
    ...protectIdNumber(deps.secrets.piiKey, m.facts.normalized),
    employerId,
    // Where the ID number was issued: the best region on file until the person says otherwise.
    regionCode: m.facts.regionCode,
    phone: m.phone,
  };
}
