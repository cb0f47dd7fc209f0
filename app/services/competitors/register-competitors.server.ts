// Registers competitors of one skill with their codes in one transaction (organizers; the JSON API
// and batch imports). The rules are in app/domain/registration/competitor-entries.ts; here the
// batch is read against the database, persons are found by the blind index of the ID number or
// created with it protected (cipher + index + masked), and everything new is written and audited
// together — or nothing is. A repeated batch answers with the stored competitors.
import type { Transaction } from "kysely";
import { z } from "zod";
import type { Database } from "../../../db/schema";
import { type Principal } from "~/domain/access/roles";
import { canManageCompetition } from "~/domain/access/policy";
import { organizationKinds } from "~/domain/competition/ladder";
import { DomainError } from "~/domain/errors";
import { normalizeIdNumber } from "~/domain/identity/id-number";
import { conflictCodes, planRegistration, type EntryDraft, type RegistrationProblem } from "~/domain/registration/competitor-entries";
import { shanghaiDateOf } from "~/domain/time";
import { findCompetitorsByCode, findEntriesOfPersonsInSkill, findPersonsByIdNumberIndex, loadCompetitorsByCode } from "../../../db/queries/competitors";
import type { ServiceDeps } from "../deps.server";
import { isUniqueViolation } from "../errors.server";
import { indexIdNumber, protectIdNumber } from "../identity/protect-id-number.server";
import { inWriteTransaction } from "../transaction.server";
import { choice, isoDate, optionalText, text, isUuid } from "~/domain/fields";

const MemberSchema = z.object({
  name: text(100),
  // The format and check digit are the domain's to judge (one message per kind of mistake).
  idNumber: text(30),
  gender: choice(["male", "female"]),
  birthDate: isoDate,
  employerName: optionalText(200),
  /** Only used when the employer is not on file yet. */
  employerKind: choice(organizationKinds).default("enterprise"),
  phone: optionalText(20).refine((v) => v === null || /^[0-9+ -]{5,20}$/.test(v), { message: "invalidFormat" }),
});

const EntrySchema = z
  .object({
    code: text(40),
    delegationId: z
      .string()
      .refine(isUuid, { message: "invalidFormat" })
      .transform((v) => v.toLowerCase())
      .optional(),
    delegation: text(100).optional(),
    members: z
      .array(MemberSchema, { error: () => ({ message: "notAList" }) })
      .min(1, { message: "required" })
      .max(10, { message: "tooMany:10" }),
  })
  .refine((v) => v.delegationId !== undefined || v.delegation !== undefined, { message: "required", path: ["delegationId"] })
  .refine((v) => v.delegationId === undefined || v.delegation === undefined, { message: "notBoth", path: ["delegation"] });

export const RegisterCompetitorsSchema = z.object({
  competitors: z
    .array(EntrySchema, { error: () => ({ message: "notAList" }) })
    .min(1, { message: "required" })
    .max(500, { message: "tooMany:500" }),
});
export type RegisterCompetitors = z.output<typeof RegisterCompetitorsSchema>;

export type RegisteredCompetitor = Awaited<ReturnType<typeof loadCompetitorsByCode>>[number] & { created: boolean };

export type RegistrationResult =
  | { ok: true; created: number; competitors: RegisteredCompetitor[] }
  /** `conflict`: every problem is stored data disagreeing with the batch (a conflicting repeat). */
  | { ok: false; conflict: boolean; problems: RegistrationProblem[] };

export async function registerCompetitors(
  deps: ServiceDeps,
  principal: Principal,
  scope: { competitionId: string; skillId: string },
  input: RegisterCompetitors,
): Promise<RegistrationResult> {
  if (!canManageCompetition(principal, scope.competitionId)) throw new DomainError("FORBIDDEN");
  const keyOf = (idNumber: string) => indexIdNumber(deps.secrets.piiKey, normalizeIdNumber(idNumber));
  const entries: EntryDraft[] = input.competitors.map((c) => ({
    code: c.code,
    delegation: c.delegationId !== undefined ? { id: c.delegationId } : { name: c.delegation! },
    members: c.members.map((m) => ({ name: m.name, idNumber: m.idNumber, key: keyOf(m.idNumber), gender: m.gender, birthDate: m.birthDate })),
  }));
  const attempt = () => registerOnce(deps, principal, scope, input, entries);
  try {
    return await attempt();
  } catch (error) {
    // A concurrent batch stored the same code or person first: read again, as a repeat.
    if (isUniqueViolation(error)) return attempt();
    throw error;
  }
}

async function registerOnce(
  deps: ServiceDeps,
  principal: Principal,
  scope: { competitionId: string; skillId: string },
  input: RegisterCompetitors,
  entries: EntryDraft[],
): Promise<RegistrationResult> {
  const codes = entries.map((e) => e.code);
  const keys = entries.flatMap((e) => e.members.map((m) => m.key));
  return inWriteTransaction(deps, async (tx) => {
    // The skill's row lock makes batches of one skill take turns, so a repeat sees the first.
    const skill = await tx.trx
      .selectFrom("skill")
      .select(["id", "teamSize"])
      .where("id", "=", scope.skillId)
      .where("competitionId", "=", scope.competitionId)
      .forUpdate()
      .executeTakeFirst();
    if (!skill) throw new DomainError("NOT_FOUND");
    const delegations = await tx.trx.selectFrom("delegation").select(["id", "nameZh", "nameEn"]).where("competitionId", "=", scope.competitionId).execute();
    const competitorsByCode = await findCompetitorsByCode(tx.trx, scope.competitionId, codes);
    const codeOfPersonInSkill = await findEntriesOfPersonsInSkill(tx.trx, scope.skillId, keys);
    const persons = await findPersonsByIdNumberIndex(tx.trx, keys);
    const plan = planRegistration(
      { skillId: scope.skillId, teamSize: skill.teamSize, today: shanghaiDateOf(tx.now), entries },
      { delegations, competitorsByCode, codeOfPersonInSkill, nameOfPerson: new Map(persons.map((p) => [p.idNumberIndex, p.name])) },
    );
    if (!plan.ok) return { ok: false as const, conflict: plan.problems.every((p) => conflictCodes.has(p.code)), problems: plan.problems };

    const personIdOf = new Map(persons.map((p) => [p.idNumberIndex, p.id]));
    const employers = await findOrCreateEmployers(
      tx.trx,
      plan.entries.flatMap((e, i) => (e.kind === "new" ? input.competitors[i]!.members.filter((_, j) => !e.members[j]!.onFile) : [])),
    );
    const created: Array<{ id: string; code: string; delegationId: string; personIds: string[] }> = [];
    const createdPersons: Array<{ id: string; idNumberMasked: string }> = [];
    for (const [i, entry] of plan.entries.entries()) {
      if (entry.kind === "repeat") continue;
      const request = input.competitors[i]!;
      const personIds: string[] = [];
      for (const [j, member] of entry.members.entries()) {
        let personId = personIdOf.get(member.key);
        if (!personId) {
          const given = request.members[j]!;
          const person = await tx.trx
            .insertInto("person")
            .values({
              name: given.name,
              gender: member.facts.gender,
              birthDate: member.facts.birthDate,
              ...protectIdNumber(deps.secrets.piiKey, member.facts.normalized),
              employerId: given.employerName ? employers.ids.get(given.employerName)! : null,
              phone: given.phone,
            })
            .returning(["id", "idNumberMasked"])
            .executeTakeFirstOrThrow();
          personId = person.id;
          personIdOf.set(member.key, personId);
          createdPersons.push(person);
        }
        personIds.push(personId);
      }
      const competitor = await tx.trx
        .insertInto("competitor")
        .values({ competitionId: scope.competitionId, skillId: scope.skillId, delegationId: entry.delegationId, registrationNo: request.code })
        .returning("id")
        .executeTakeFirstOrThrow();
      await tx.trx
        .insertInto("competitorMember")
        .values(personIds.map((personId) => ({ competitorId: competitor.id, personId })))
        .execute();
      created.push({ id: competitor.id, code: request.code, delegationId: entry.delegationId, personIds });
    }
    if (created.length > 0) {
      tx.audit({
        actorUserId: principal.userId,
        action: "competitors.registered",
        entityType: "skill",
        entityId: scope.skillId,
        competitionId: scope.competitionId,
        after: { competitors: created, personsCreated: createdPersons, organizationsCreated: employers.created },
      });
      tx.emit({ type: "competition.updated", competitionId: scope.competitionId, skillId: null, entity: "skill" });
    }
    const createdCodes = new Set(created.map((c) => c.code));
    const competitors = (await loadCompetitorsByCode(tx.trx, scope.skillId, codes)).map((c) => ({ ...c, created: createdCodes.has(c.code) }));
    return { ok: true as const, created: created.length, competitors };
  });
}

/** Employers by name: found on file, or created with the kind the request gives. */
async function findOrCreateEmployers(
  trx: Transaction<Database>,
  newMembers: RegisterCompetitors["competitors"][number]["members"],
): Promise<{ ids: Map<string, string>; created: string[] }> {
  const wanted = new Map<string, (typeof organizationKinds)[number]>();
  for (const m of newMembers) if (m.employerName && !wanted.has(m.employerName)) wanted.set(m.employerName, m.employerKind);
  if (wanted.size === 0) return { ids: new Map(), created: [] };
  const created = await trx
    .insertInto("organization")
    .values([...wanted].map(([name, kind]) => ({ name, kind })))
    .onConflict((oc) => oc.column("name").doNothing())
    .returning("name")
    .execute();
  const rows = await trx
    .selectFrom("organization")
    .select(["id", "name"])
    .where("name", "in", [...wanted.keys()])
    .execute();
  return { ids: new Map(rows.map((r) => [r.name, r.id])), created: created.map((r) => r.name) };
}
