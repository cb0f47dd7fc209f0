// Registrations 报名: team leaders enter their delegation's competitors inside the organizer's
// window (one by one, or as rows of an Excel import), submit them, and the organizer approves
// (which makes the competitor) or rejects with a reason the leader sees, fixes and resubmits.
// The rules are app/domain/registration/registrations.ts; here the rows are read against the
// database in one transaction per change, persons are found by the blind index of their ID
// number (or created with it protected), and every change is audited.
import { createHash } from "node:crypto";
import type { Transaction } from "kysely";
import { sql } from "kysely";
import type { Database } from "../../../db/schema";
import type { Principal } from "~/domain/access/roles";
import { canManageCompetition, canLeadDelegation } from "~/domain/access/policy";
import { DomainError } from "~/domain/errors";
import {
  checkRegistrationRows,
  allowedActions,
  type CheckedMember,
  windowState,
  type RegistrationAction,
  type RegistrationCheck,
  type RegistrationRowInput,
  type RegistrationStatus,
  type RowProblem,
  type SkillForRegistration,
} from "~/domain/registration/registrations";
import { parseIdNumber } from "~/domain/identity/id-number";
import { instantToShanghaiLocal, shanghaiDateOf } from "~/domain/time";
import type { CompetitionLevel } from "~/domain/competition/ladder";
import { loadSkillStandings } from "../results/scores.server";
import type { ServiceDeps } from "../deps.server";
import { indexIdNumber, protectIdNumber, revealIdNumber } from "../identity/protect-id-number.server";
import { inWriteTransaction, type WriteContext } from "../transaction.server";
import { parseRegistrationWorkbook } from "./registration-xlsx";

type Trx = Transaction<Database>;

export interface DelegationScope {
  competitionId: string;
  delegationId: string;
}

/** Who is acting: the organizer (any delegation, any time) or the delegation's team leader (inside the window). */
export function actingAs(principal: Principal, scope: DelegationScope): "organizer" | "team_leader" {
  if (canManageCompetition(principal, scope.competitionId)) return "organizer";
  if (canLeadDelegation(principal, scope)) return "team_leader";
  throw new DomainError("FORBIDDEN");
}

export interface RegistrationSettingsView {
  opensAt: Date | null;
  closesAt: Date | null;
  defaultQuota: number;
  cutOffDate: string;
  requiredDocuments: Array<{ code: string; nameZh: string; nameEn: string }>;
  window: "not_opened" | "open" | "closed";
}

export async function readRegistrationSettings(db: ServiceDeps["db"] | Trx, competitionId: string, now: Date): Promise<RegistrationSettingsView> {
  const competition = await db.selectFrom("competition").select(["startsOn"]).where("id", "=", competitionId).executeTakeFirst();
  if (!competition) throw new DomainError("NOT_FOUND");
  const row = await db
    .selectFrom("registrationSettings")
    .select(["opensAt", "closesAt", "defaultQuota", "cutOffDate", sql<string>`required_documents::text`.as("requiredDocuments")])
    .where("competitionId", "=", competitionId)
    .executeTakeFirst();
  const settings = {
    opensAt: row?.opensAt ?? null,
    closesAt: row?.closesAt ?? null,
    defaultQuota: row?.defaultQuota ?? 2,
    cutOffDate: row?.cutOffDate ?? competition.startsOn,
    requiredDocuments: row ? (JSON.parse(row.requiredDocuments) as RegistrationSettingsView["requiredDocuments"]) : [],
  };
  return { ...settings, window: windowState(settings, now) };
}

/** The skills of a competition with their registration rules, for checks and forms. */
export async function loadSkillsForRegistration(db: ServiceDeps["db"] | Trx, competitionId: string, defaultQuota: number): Promise<SkillForRegistration[]> {
  const rows = await db
    .selectFrom("skill")
    .leftJoin("skillRegistrationRule as rule", "rule.skillId", "skill.id")
    .select([
      "skill.id",
      "skill.nameZh",
      "skill.nameEn",
      "skill.entrantGroup",
      "skill.teamSize",
      "skill.ageRule",
      "skill.occupationCode",
      "skill.track",
      "skill.startsAt",
      "skill.endsAt",
      "rule.quota",
      "rule.requiredSkillLevel",
      "rule.requireLocality",
      "rule.requireOccupation",
      "rule.requiredResultLevel",
      "rule.requiredResultRank",
    ])
    .where("skill.competitionId", "=", competitionId)
    .where("skill.rehearsalOf", "is", null) // a rehearsal copy takes no registrations
    .orderBy("skill.startsAt")
    .orderBy("skill.nameZh")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    nameZh: r.nameZh,
    nameEn: r.nameEn,
    entrantGroup: r.entrantGroup,
    teamSize: r.teamSize,
    ageRule: r.ageRule,
    occupationCode: r.occupationCode,
    startsOn: shanghaiDateOf(r.startsAt),
    endsOn: shanghaiDateOf(new Date(r.endsAt.getTime() - 1)),
    quota: r.quota ?? defaultQuota,
    requiredSkillLevel: r.requiredSkillLevel ?? null,
    requireLocality: r.requireLocality ?? true,
    // National selected skills are only for people working in the occupation (RULES.md).
    requireOccupation: r.requireOccupation ?? false,
    requiredResult: r.requiredResultLevel && r.requiredResultRank ? { level: r.requiredResultLevel, rank: r.requiredResultRank } : null,
  }));
}

/** Everything the row checks need from the database, for one delegation and these ID numbers. */
async function loadContext(
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

function requireOpenWindow(as: "organizer" | "team_leader", settings: RegistrationSettingsView): void {
  if (as === "organizer") return;
  if (settings.window === "not_opened") throw new DomainError("REGISTRATION_NOT_OPENED");
  if (settings.window === "closed") throw new DomainError("REGISTRATION_CLOSED", { closesAt: instantToShanghaiLocal(settings.closesAt!).replace("T", " ") });
}

export type SaveRowsResult = { ok: true; created: number; registrationIds: string[]; check: RegistrationCheck } | { ok: false; check: RegistrationCheck };

/**
 * Creates registrations from rows. `mode: "all"` refuses the whole batch on any problem;
 * `"clean_only"` creates the clean entries and leaves the rest (the leader chose so).
 */
export async function saveRegistrationRows(
  deps: ServiceDeps,
  principal: Principal,
  scope: DelegationScope,
  rows: readonly RegistrationRowInput[],
  options: SaveRowsOptions,
): Promise<SaveRowsResult> {
  const as = actingAs(principal, scope);
  return inWriteTransaction(deps, (tx) => saveRowsIn(deps, tx, principal, as, scope, rows, options));
}

interface SaveRowsOptions {
  mode: "all" | "clean_only";
  submit: boolean;
  documents?: readonly string[];
  importId?: string;
  /** Rows already known bad (cells a workbook could not give safely): never saved. */
  excludedRows?: ReadonlySet<number>;
}

async function saveRowsIn(
  deps: ServiceDeps,
  tx: WriteContext,
  principal: Principal,
  as: "organizer" | "team_leader",
  scope: DelegationScope,
  rows: readonly RegistrationRowInput[],
  options: SaveRowsOptions,
): Promise<SaveRowsResult> {
  // Batches of one delegation take turns, so two imports cannot both fill the last quota place.
  await tx.trx.selectFrom("delegation").select("id").where("id", "=", scope.delegationId).forUpdate().executeTakeFirst();
  const loaded = await loadContext(deps, tx.trx, scope, rows, tx.now);
  requireOpenWindow(as, loaded.settings);
  const checked = checkRegistrationRows(rows, loaded.context);
  const excluded = options.excludedRows ?? new Set<number>();
  const check = excluded.size === 0 ? checked : { ...checked, clean: checked.clean.filter((entry) => !entry.rows.some((r) => excluded.has(r))) };
  const hasProblems = check.problems.length > 0 || excluded.size > 0;
  if (hasProblems && options.mode === "all") return { ok: false as const, check };
  if (check.clean.length === 0) return { ok: false as const, check };
  const documents = [...(options.documents ?? [])];
  if (options.submit) requireDocuments(loaded.settings, documents);
  const registrationIds = await writeRegistrations(deps, tx, scope, check, loaded, {
    status: options.submit ? "submitted" : "draft",
    documents,
    actorUserId: principal.userId,
  });
  tx.audit({
    actorUserId: principal.userId,
    action: "registrations.created",
    entityType: "delegation",
    entityId: scope.delegationId,
    competitionId: scope.competitionId,
    after: {
      registrationIds,
      rows: check.clean.flatMap((c) => c.rows),
      status: options.submit ? "submitted" : "draft",
      importId: options.importId ?? null,
      skippedRows: [...new Set([...check.rowsWithProblems, ...excluded])].sort((a, b) => a - b),
    },
  });
  return { ok: true as const, created: registrationIds.length, registrationIds, check };
}

export type ImportCheckResult =
  | { ok: false; fileProblems: Array<{ code: string; params: Record<string, string | number> }> }
  | { ok: true; importId: string; rowCount: number; problems: RowProblem[]; cleanEntries: number; cleanRows: number; rowsWithProblems: number[] };

/**
 * Reads an uploaded template and checks every row, changing nothing but a record of the check:
 * the leader then fixes the file, or imports only its clean rows (commitRegistrationImport).
 */
export async function checkRegistrationImport(
  deps: ServiceDeps,
  principal: Principal,
  scope: DelegationScope,
  file: { name: string; bytes: Uint8Array },
): Promise<ImportCheckResult> {
  const as = actingAs(principal, scope);
  const parsed = await parseRegistrationWorkbook(file.bytes);
  if (!parsed.ok) return { ok: false, fileProblems: parsed.problems };
  return inWriteTransaction(deps, async (tx) => {
    const loaded = await loadContext(deps, tx.trx, scope, parsed.rows, tx.now);
    requireOpenWindow(as, loaded.settings);
    const check = checkRegistrationRows(parsed.rows, loaded.context);
    const problems = [...parsed.cellProblems, ...check.problems].sort((a, b) => a.row - b.row);
    const badRows = new Set([...check.rowsWithProblems, ...parsed.cellProblems.map((p) => p.row)]);
    const clean = check.clean.filter((entry) => !entry.rows.some((r) => badRows.has(r)));
    for (const entry of check.clean) if (entry.rows.some((r) => badRows.has(r))) for (const r of entry.rows) badRows.add(r);
    const sha = createHash("sha256").update(file.bytes).digest("hex");
    const stored = await tx.trx
      .insertInto("registrationImport")
      .values({
        competitionId: scope.competitionId,
        delegationId: scope.delegationId,
        fileName: file.name.slice(0, 255) || "registrations.xlsx",
        fileSha256: sha,
        rowCount: parsed.rows.length,
        rows: JSON.stringify(parsed.rows),
        problems: JSON.stringify(problems),
        createdBy: principal.userId,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    tx.audit({
      actorUserId: principal.userId,
      action: "registration_import.checked",
      entityType: "delegation",
      entityId: scope.delegationId,
      competitionId: scope.competitionId,
      after: { importId: stored.id, fileName: file.name, fileSha256: sha, rows: parsed.rows.length, problems: problems.length },
    });
    return {
      ok: true as const,
      importId: stored.id,
      rowCount: parsed.rows.length,
      problems,
      cleanEntries: clean.length,
      cleanRows: clean.reduce((n, e) => n + e.rows.length, 0),
      rowsWithProblems: [...badRows].sort((a, b) => a - b),
    };
  });
}

/** Imports a checked file: all its rows (only when it had no problem) or only its clean rows. A repeat answers with what was imported. */
export async function commitRegistrationImport(
  deps: ServiceDeps,
  principal: Principal,
  scope: DelegationScope,
  input: { importId: string; mode: "all" | "clean_only" },
): Promise<{ ok: true; imported: number; repeated: boolean } | { ok: false; check: RegistrationCheck }> {
  const as = actingAs(principal, scope);
  return inWriteTransaction(deps, async (tx) => {
    const stored = await tx.trx
      .selectFrom("registrationImport")
      .select(["id", "status", "importedCount", sql<string>`rows::text`.as("rows"), sql<string>`problems::text`.as("problems")])
      .where("id", "=", input.importId)
      .where("delegationId", "=", scope.delegationId)
      .where("competitionId", "=", scope.competitionId)
      .forUpdate()
      .executeTakeFirst();
    if (!stored) throw new DomainError("NOT_FOUND");
    if (stored.status === "imported") return { ok: true as const, imported: stored.importedCount ?? 0, repeated: true };
    const rows = JSON.parse(stored.rows) as RegistrationRowInput[];
    const problems = JSON.parse(stored.problems) as RowProblem[];
    const cellCodes = new Set(["IMPORT_FORMULA", "IMPORT_MERGED_CELLS", "ID_NUMBER_AS_NUMBER"]);
    const excludedRows = new Set(problems.filter((p) => cellCodes.has(p.code)).map((p) => p.row));
    const saved = await saveRowsIn(deps, tx, principal, as, scope, rows, { mode: input.mode, submit: false, importId: stored.id, excludedRows });
    if (!saved.ok) return { ok: false as const, check: saved.check };
    await tx.trx
      .updateTable("registrationImport")
      .set({ status: "imported", importedCount: saved.created, importedAt: tx.now })
      .where("id", "=", stored.id)
      .execute();
    return { ok: true as const, imported: saved.created, repeated: false };
  });
}

function requireDocuments(settings: RegistrationSettingsView, documents: readonly string[]): void {
  const missing = settings.requiredDocuments.filter((d) => !documents.includes(d.code));
  if (missing.length > 0) throw new DomainError("DOCUMENTS_MISSING", { documents: missing.map((d) => d.nameZh).join("、") }, "documents");
}

async function writeRegistrations(
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

async function lockRegistration(trx: Trx, competitionId: string, registrationId: string) {
  const row = await trx
    .selectFrom("registration")
    .select(["id", "competitionId", "skillId", "delegationId", "status", "version", "competitorId", sql<string>`documents::text`.as("documents")])
    .where("id", "=", registrationId)
    .where("competitionId", "=", competitionId)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new DomainError("NOT_FOUND");
  return { ...row, documents: JSON.parse(row.documents) as string[] };
}

function requireAction(status: RegistrationStatus, as: "organizer" | "team_leader", action: RegistrationAction): void {
  if (!allowedActions(status, as).includes(action)) throw new DomainError("REGISTRATION_STATE", { status, action });
}

/** Replaces a draft's or a rejected registration's members (the leader fixes it); the version guards against a stale form. */
export async function updateRegistration(
  deps: ServiceDeps,
  principal: Principal,
  competitionId: string,
  registrationId: string,
  input: { version: number; rows: RegistrationRowInput[] },
): Promise<{ ok: true } | { ok: false; check: RegistrationCheck }> {
  return inWriteTransaction(deps, async (tx) => {
    const current = await lockRegistration(tx.trx, competitionId, registrationId);
    const scope = { competitionId, delegationId: current.delegationId };
    const as = actingAs(principal, scope);
    requireAction(current.status, as, "edit");
    if (current.version !== input.version) throw new DomainError("REGISTRATION_CHANGED");
    await tx.trx.selectFrom("delegation").select("id").where("id", "=", scope.delegationId).forUpdate().executeTakeFirst();
    // An ID number left blank keeps the stored one: the form never receives it, only its mask.
    const stored = await tx.trx
      .selectFrom("registrationMember as m")
      .innerJoin("person as p", "p.id", "m.personId")
      .select(["m.position", "p.idNumberCipher"])
      .where("m.registrationId", "=", registrationId)
      .execute();
    const cipherAt = new Map(stored.map((m) => [m.position, m.idNumberCipher]));
    const rows = input.rows.map((row, i) =>
      row.idNumber === "" && cipherAt.has(i + 1) ? { ...row, idNumber: revealIdNumber(deps.secrets.piiKey, cipherAt.get(i + 1)!) } : row,
    );
    const loaded = await loadContext(deps, tx.trx, scope, rows, tx.now, { excludeRegistrationId: registrationId });
    requireOpenWindow(as, loaded.settings);
    const check = checkRegistrationRows(rows, loaded.context);
    if (check.problems.length > 0 || check.clean.length !== 1) return { ok: false as const, check };
    const before = await membersOf(tx.trx, registrationId);
    await tx.trx.deleteFrom("registrationMember").where("registrationId", "=", registrationId).execute();
    // Written as a one-entry batch, then moved under the existing registration.
    const [tempId] = await writeRegistrations(deps, tx, scope, check, loaded, { status: "draft", documents: current.documents, actorUserId: principal.userId });
    await tx.trx
      .updateTable("registration")
      .set({ skillId: check.clean[0]!.skillId, version: current.version + 1, updatedAt: tx.now })
      .where("id", "=", registrationId)
      .execute();
    await tx.trx.updateTable("registrationMember").set({ registrationId }).where("registrationId", "=", tempId!).execute();
    await tx.trx.deleteFrom("registration").where("id", "=", tempId!).execute();
    tx.audit({
      actorUserId: principal.userId,
      action: "registration.updated",
      entityType: "registration",
      entityId: registrationId,
      competitionId,
      before: { skillId: current.skillId, members: before },
      after: { skillId: check.clean[0]!.skillId, members: await membersOf(tx.trx, registrationId) },
    });
    return { ok: true as const };
  });
}

async function membersOf(trx: Trx, registrationId: string) {
  return trx
    .selectFrom("registrationMember as m")
    .innerJoin("person as p", "p.id", "m.personId")
    .select(["m.personId", "p.name", "p.idNumberMasked", "m.skillLevel", "m.occupation", "m.retirementCategory", "m.employerId", "m.phone"])
    .where("m.registrationId", "=", registrationId)
    .orderBy("m.position")
    .execute();
}

/** Submits drafts (or fixed rejected registrations), declaring the required documents supplied. Already submitted ones are answered as they are. */
export async function submitRegistrations(
  deps: ServiceDeps,
  principal: Principal,
  scope: DelegationScope,
  input: { registrationIds: string[]; documents: string[] },
): Promise<{ submitted: number }> {
  const as = actingAs(principal, scope);
  return inWriteTransaction(deps, async (tx) => {
    await tx.trx.selectFrom("delegation").select("id").where("id", "=", scope.delegationId).forUpdate().executeTakeFirst();
    const settings = await readRegistrationSettings(tx.trx, scope.competitionId, tx.now);
    requireOpenWindow(as, settings);
    requireDocuments(settings, input.documents);
    const rows = await tx.trx
      .selectFrom("registration")
      .select(["id", "status", "skillId"])
      .where("id", "in", input.registrationIds.length > 0 ? input.registrationIds : ["00000000-0000-0000-0000-000000000000"])
      .where("delegationId", "=", scope.delegationId)
      .where("competitionId", "=", scope.competitionId)
      .forUpdate()
      .execute();
    if (rows.length !== new Set(input.registrationIds).size) throw new DomainError("NOT_FOUND");
    const toSubmit = rows.filter((r) => r.status === "draft" || r.status === "rejected");
    for (const r of toSubmit) requireAction(r.status, as, "submit");
    // A fixed rejected registration comes back into the quota: count again.
    const resubmitted = toSubmit.filter((r) => r.status === "rejected");
    if (resubmitted.length > 0) {
      const skills = await loadSkillsForRegistration(tx.trx, scope.competitionId, settings.defaultQuota);
      for (const skill of skills) {
        const back = resubmitted.filter((r) => r.skillId === skill.id).length;
        if (back === 0) continue;
        const { n } = await tx.trx
          .selectFrom("registration")
          .select(sql<number>`count(*)::int`.as("n"))
          .where("delegationId", "=", scope.delegationId)
          .where("skillId", "=", skill.id)
          .where("status", "<>", "rejected")
          .executeTakeFirstOrThrow();
        if (n + back > skill.quota) throw new DomainError("QUOTA_EXCEEDED", { skill: skill.nameZh, quota: skill.quota, used: n });
      }
    }
    if (toSubmit.length === 0) return { submitted: 0 };
    const ids = toSubmit.map((r) => r.id);
    await tx.trx
      .updateTable("registration")
      .set({
        status: "submitted",
        documents: JSON.stringify(input.documents),
        submittedAt: tx.now,
        updatedAt: tx.now,
        rejectionReason: null,
        version: sql<number>`version + 1`,
      })
      .where("id", "in", ids)
      .execute();
    tx.audit({
      actorUserId: principal.userId,
      action: "registrations.submitted",
      entityType: "delegation",
      entityId: scope.delegationId,
      competitionId: scope.competitionId,
      after: { registrationIds: ids, documents: input.documents },
    });
    return { submitted: ids.length };
  });
}

/** The organizer approves (creating the competitor with the next registration number) or rejects with a reason. */
export async function reviewRegistrations(
  deps: ServiceDeps,
  principal: Principal,
  competitionId: string,
  input: { registrationIds: string[]; decision: "approve" | "reject"; reason: string | null },
): Promise<{ changed: number }> {
  if (!canManageCompetition(principal, competitionId)) throw new DomainError("FORBIDDEN");
  if (input.decision === "reject" && !input.reason) throw new DomainError("REASON_REQUIRED", {}, "reason");
  return inWriteTransaction(deps, async (tx) => {
    const rows = await tx.trx
      .selectFrom("registration")
      .select(["id", "status", "skillId", "delegationId"])
      .where("id", "in", input.registrationIds.length > 0 ? input.registrationIds : ["00000000-0000-0000-0000-000000000000"])
      .where("competitionId", "=", competitionId)
      .orderBy("entryNo")
      .forUpdate()
      .execute();
    if (rows.length !== new Set(input.registrationIds).size) throw new DomainError("NOT_FOUND");
    const target: RegistrationStatus = input.decision === "approve" ? "approved" : "rejected";
    // A repeat of the same decision is answered as done; anything else must be submitted.
    const pending = rows.filter((r) => r.status !== target);
    for (const r of pending) requireAction(r.status, "organizer", input.decision);
    if (pending.length === 0) return { changed: 0 };
    if (input.decision === "reject") {
      await tx.trx
        .updateTable("registration")
        .set({
          status: "rejected",
          rejectionReason: input.reason,
          reviewedBy: principal.userId,
          reviewedAt: tx.now,
          updatedAt: tx.now,
          version: sql<number>`version + 1`,
        })
        .where(
          "id",
          "in",
          pending.map((r) => r.id),
        )
        .execute();
      tx.audit({
        actorUserId: principal.userId,
        action: "registrations.rejected",
        entityType: "competition",
        entityId: competitionId,
        competitionId,
        after: { registrationIds: pending.map((r) => r.id), reason: input.reason },
      });
      return { changed: pending.length };
    }
    const competition = await tx.trx.selectFrom("competition").select("year").where("id", "=", competitionId).forUpdate().executeTakeFirstOrThrow();
    const prefix = `BM${competition.year}-`;
    const { last } = await tx.trx
      .selectFrom("competitor")
      .select(sql<number>`coalesce(max(substring(registration_no from ${`^${prefix}([0-9]+)$`})::int), 0)`.as("last"))
      .where("competitionId", "=", competitionId)
      .executeTakeFirstOrThrow();
    const competitors = pending.map((r, i) => ({
      competitionId,
      skillId: r.skillId,
      delegationId: r.delegationId,
      registrationNo: `${prefix}${String(last + i + 1).padStart(4, "0")}`,
    }));
    const created: Array<{ id: string; registrationNo: string }> = [];
    for (let i = 0; i < competitors.length; i += 500)
      created.push(
        ...(await tx.trx
          .insertInto("competitor")
          .values(competitors.slice(i, i + 500))
          .returning(["id", "registrationNo"])
          .execute()),
      );
    const competitorOf = new Map(created.map((c) => [c.registrationNo, c.id]));
    const ids = pending.map((r) => r.id);
    const members = await tx.trx
      .selectFrom("registrationMember")
      .select(["registrationId", "personId", "skillLevel"])
      .where("registrationId", "in", ids)
      .execute();
    const competitorIdOf = new Map(pending.map((r, i) => [r.id, competitorOf.get(competitors[i]!.registrationNo)!]));
    for (let i = 0; i < members.length; i += 500) {
      await tx.trx
        .insertInto("competitorMember")
        .values(members.slice(i, i + 500).map((m) => ({ competitorId: competitorIdOf.get(m.registrationId)!, personId: m.personId, skillLevel: m.skillLevel })))
        .execute();
    }
    for (let i = 0; i < pending.length; i += 500) {
      const chunk = pending.slice(i, i + 500);
      await sql`update registration as r set status = 'approved', competitor_id = v.competitor_id::uuid, reviewed_by = ${principal.userId}, reviewed_at = ${tx.now}, updated_at = ${tx.now}, version = r.version + 1
        from (values ${sql.join(chunk.map((r) => sql`(${r.id}, ${competitorIdOf.get(r.id)!})`))}) as v(id, competitor_id) where r.id = v.id::uuid`.execute(
        tx.trx,
      );
    }
    tx.audit({
      actorUserId: principal.userId,
      action: "registrations.approved",
      entityType: "competition",
      entityId: competitionId,
      competitionId,
      after: {
        registrations: pending.map((r, i) => ({
          registrationId: r.id,
          competitorId: competitorIdOf.get(r.id),
          registrationNo: competitors[i]!.registrationNo,
        })),
      },
    });
    tx.emit({ type: "competition.updated", competitionId, skillId: null, entity: "skill" });
    return { changed: pending.length };
  });
}

/** A draft or rejected registration the leader no longer wants: removed, with what it held in the audit chain. */
export async function deleteRegistration(deps: ServiceDeps, principal: Principal, competitionId: string, registrationId: string): Promise<void> {
  await inWriteTransaction(deps, async (tx) => {
    const current = await lockRegistration(tx.trx, competitionId, registrationId);
    const scope = { competitionId, delegationId: current.delegationId };
    const as = actingAs(principal, scope);
    requireAction(current.status, as, "delete");
    const settings = await readRegistrationSettings(tx.trx, competitionId, tx.now);
    requireOpenWindow(as, settings);
    const before = await membersOf(tx.trx, registrationId);
    await tx.trx.deleteFrom("registrationMember").where("registrationId", "=", registrationId).execute();
    await tx.trx.deleteFrom("registration").where("id", "=", registrationId).execute();
    tx.audit({
      actorUserId: principal.userId,
      action: "registration.deleted",
      entityType: "registration",
      entityId: registrationId,
      competitionId,
      before: { status: current.status, skillId: current.skillId, members: before },
    });
  });
}
