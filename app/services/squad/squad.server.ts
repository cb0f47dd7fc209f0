// The national training squad 国家集训队 (decision 018): a ws_squad competition whose elimination
// rounds are its skills (`squad_round`: occupation, round number, keep and reserve counts). Round
// 1's entrants are the persons holding a current `squad` advancement for this competition (or for
// the ws_squad level without a named competition) in the occupation; round n + 1's are the best
// keepCount of round n's current publication. "Enter the next round" makes them competitors of
// the round's skill through registerCompetitors (the stored person is reused by the blind index of
// their ID number, decrypted on the server only for that).
// Delegation: every squad member represents the nation, so a squad competition has one delegation,
// "国家集训队", made on first use. Judges' recusal still applies by employer and declared relations.
import { z } from "zod";
import { type Principal } from "~/domain/access/roles";
import { canManageCompetition } from "~/domain/access/policy";
import { squadRoundOutcome, type SquadRoundOutcome } from "~/domain/advancement/advancement";
import { DomainError } from "~/domain/errors";
import type { ServiceDeps } from "../deps.server";
import { isUniqueViolation } from "../errors.server";
import { revealIdNumber } from "../identity/protect-id-number.server";
import { registerCompetitors } from "../competitors/register-competitors.server";
import { saveDelegation } from "../competitions/save-delegation.server";
import { DelegationInputSchema } from "~/domain/competition/inputs";
import { inWriteTransaction } from "../transaction.server";
import { integer, text } from "~/domain/fields";

type Db = ServiceDeps["db"];

export const squadDelegationName = "国家集训队";

export const DefineSquadRoundSchema = z.object({
  occupationCode: text(20),
  roundNo: integer(1, 20),
  skillId: z.uuid({ message: "invalidFormat" }),
  keepCount: integer(1, 100),
  reserveCount: integer(0, 100),
});
export type DefineSquadRound = z.output<typeof DefineSquadRoundSchema>;

export const EnterSquadRoundSchema = z.object({ occupationCode: text(20), roundNo: integer(1, 20) });

const sameOccupation = (a: string, b: string) => a.startsWith(b) || b.startsWith(a);

async function requireSquadCompetition(db: Db, competitionId: string) {
  const competition = await db.selectFrom("competition").select(["id", "level"]).where("id", "=", competitionId).executeTakeFirst();
  if (!competition) throw new DomainError("NOT_FOUND");
  if (competition.level !== "ws_squad") throw new DomainError("SQUAD_NOT_WS_SQUAD");
  return competition;
}

export async function defineSquadRound(deps: ServiceDeps, principal: Principal, competitionId: string, input: DefineSquadRound): Promise<{ roundId: string }> {
  if (!canManageCompetition(principal, competitionId)) throw new DomainError("FORBIDDEN");
  try {
    return await inWriteTransaction(deps, async (tx) => {
      await requireSquadCompetition(tx.trx, competitionId);
      const skill = await tx.trx
        .selectFrom("skill")
        .select(["id", "occupationCode"])
        .where("id", "=", input.skillId)
        .where("competitionId", "=", competitionId)
        .executeTakeFirst();
      if (!skill) throw new DomainError("NOT_FOUND", {}, "skillId");
      if (!sameOccupation(skill.occupationCode, input.occupationCode)) throw new DomainError("SQUAD_SKILL_OCCUPATION", {}, "skillId");
      const neighbours = await tx.trx
        .selectFrom("squadRound")
        .select(["roundNo", "keepCount"])
        .where("competitionId", "=", competitionId)
        .where("occupationCode", "=", input.occupationCode)
        .where("roundNo", "in", [input.roundNo - 1, input.roundNo + 1])
        .execute();
      const previous = neighbours.find((r) => r.roundNo === input.roundNo - 1);
      const next = neighbours.find((r) => r.roundNo === input.roundNo + 1);
      if (input.roundNo > 1 && !previous) throw new DomainError("SQUAD_PREVIOUS_ROUND_MISSING", { roundNo: input.roundNo - 1 }, "roundNo");
      if (previous && input.keepCount >= previous.keepCount)
        throw new DomainError("SQUAD_KEEP_NOT_FEWER", { roundNo: input.roundNo, previous: previous.keepCount }, "keepCount");
      if (next && next.keepCount >= input.keepCount)
        throw new DomainError("SQUAD_KEEP_NOT_FEWER", { roundNo: input.roundNo + 1, previous: input.keepCount }, "keepCount");
      const round = await tx.trx
        .insertInto("squadRound")
        .values({ competitionId, ...input, createdBy: principal.userId, createdAt: tx.now })
        .returning("id")
        .executeTakeFirstOrThrow();
      tx.audit({ actorUserId: principal.userId, action: "squad_round.defined", entityType: "squad_round", entityId: round.id, competitionId, after: input });
      return { roundId: round.id };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError("SQUAD_ROUND_EXISTS", {}, "roundNo");
    throw error;
  }
}

export interface SquadPerson {
  personId: string;
  name: string;
  idNumberMasked: string;
}

export interface SquadRoundView {
  id: string;
  roundNo: number;
  keepCount: number;
  reserveCount: number;
  skill: { id: string; nameZh: string; nameEn: string | null };
  /** Persons entered in the round's skill. */
  entered: SquadPerson[];
  /** The round's current publication, best first; null until published. */
  ranking: Array<SquadPerson & { rank: number; total: string }> | null;
  outcome: SquadRoundOutcome | null;
}

export interface SquadOccupationView {
  occupationCode: string;
  /** Round 1's entrants: the persons holding a squad advancement. */
  qualified: Array<SquadPerson & { rank: number; sourceNameZh: string; sourceNameEn: string | null }>;
  rounds: SquadRoundView[];
}

/** Round 1's entrants of every occupation: current squad advancements naming this competition, or the ws_squad level. */
async function loadSquadQualified(db: Db, competitionId: string) {
  return db
    .selectFrom("advancement as a")
    .innerJoin("person as p", "p.id", "a.personId")
    .innerJoin("competition as k", "k.id", "a.sourceCompetitionId")
    .select(["a.personId", "p.name", "p.idNumberMasked", "a.rank", "a.occupationCode", "k.nameZh as sourceNameZh", "k.nameEn as sourceNameEn"])
    .where("a.kind", "=", "squad")
    .where("a.revokedAt", "is", null)
    .where((eb) =>
      eb.or([eb("a.targetCompetitionId", "=", competitionId), eb.and([eb("a.targetCompetitionId", "is", null), eb("a.targetLevel", "=", "ws_squad")])]),
    )
    .orderBy("a.rank")
    .orderBy("p.name")
    .execute();
}

export async function loadSquad(db: Db, competitionId: string): Promise<SquadOccupationView[]> {
  await requireSquadCompetition(db, competitionId);
  const [qualified, rounds] = await Promise.all([
    loadSquadQualified(db, competitionId),
    db
      .selectFrom("squadRound as r")
      .innerJoin("skill as s", "s.id", "r.skillId")
      .leftJoin("publication as p", (join) => join.onRef("p.skillId", "=", "r.skillId").on("p.isCurrent", "=", true))
      .select(["r.id", "r.occupationCode", "r.roundNo", "r.keepCount", "r.reserveCount", "s.id as skillId", "s.nameZh", "s.nameEn", "p.id as publicationId"])
      .where("r.competitionId", "=", competitionId)
      .orderBy("r.occupationCode")
      .orderBy("r.roundNo")
      .execute(),
  ]);
  const skillIds = rounds.map((r) => r.skillId);
  const entered =
    skillIds.length === 0
      ? []
      : await db
          .selectFrom("competitor as c")
          .innerJoin("competitorMember as m", "m.competitorId", "c.id")
          .innerJoin("person as p", "p.id", "m.personId")
          .select(["c.skillId", "m.personId", "p.name", "p.idNumberMasked"])
          .where("c.skillId", "in", skillIds)
          .orderBy("p.name")
          .execute();
  const publicationIds = rounds.flatMap((r) => (r.publicationId ? [r.publicationId] : []));
  const published =
    publicationIds.length === 0
      ? []
      : await db
          .selectFrom("publishedResult as r")
          .innerJoin("competitorMember as m", "m.competitorId", "r.competitorId")
          .innerJoin("person as p", "p.id", "m.personId")
          .select(["r.publicationId", "m.personId", "p.name", "p.idNumberMasked", "r.rank", "r.total"])
          .where("r.publicationId", "in", publicationIds)
          .orderBy("r.rank")
          .orderBy("p.name")
          .execute();
  const occupations = [...new Set([...rounds.map((r) => r.occupationCode), ...qualified.map((q) => q.occupationCode)])].sort();
  return occupations.map((occupationCode) => ({
    occupationCode,
    qualified: qualified.filter((q) => q.occupationCode === occupationCode).map(({ occupationCode: _code, ...q }) => q),
    rounds: rounds
      .filter((r) => r.occupationCode === occupationCode)
      .map((r) => {
        const ranking = r.publicationId ? published.filter((p) => p.publicationId === r.publicationId).map(({ publicationId: _id, ...p }) => p) : null;
        return {
          id: r.id,
          roundNo: r.roundNo,
          keepCount: r.keepCount,
          reserveCount: r.reserveCount,
          skill: { id: r.skillId, nameZh: r.nameZh, nameEn: r.nameEn },
          entered: entered.filter((e) => e.skillId === r.skillId).map(({ skillId: _s, ...e }) => e),
          ranking,
          outcome: ranking ? squadRoundOutcome(ranking, r) : null,
        };
      }),
  }));
}

/**
 * Enters round `roundNo`'s persons as competitors of its skill: round 1 the qualified, later
 * rounds the advancing persons of the round before (published, no tie at its keep boundary).
 * Persons already entered are left as they are, so entering twice adds nobody.
 */
export async function enterSquadRound(
  deps: ServiceDeps,
  principal: Principal,
  competitionId: string,
  input: z.output<typeof EnterSquadRoundSchema>,
): Promise<{ entered: number }> {
  if (!canManageCompetition(principal, competitionId)) throw new DomainError("FORBIDDEN");
  const squad = await loadSquad(deps.db, competitionId);
  const occupation = squad.find((o) => o.occupationCode === input.occupationCode);
  const round = occupation?.rounds.find((r) => r.roundNo === input.roundNo);
  if (!occupation || !round) throw new DomainError("SQUAD_NO_NEXT_ROUND", {}, "roundNo");
  let personIds: string[];
  if (input.roundNo === 1) personIds = [...new Set(occupation.qualified.map((q) => q.personId))];
  else {
    const previous = occupation.rounds.find((r) => r.roundNo === input.roundNo - 1);
    if (!previous) throw new DomainError("SQUAD_PREVIOUS_ROUND_MISSING", { roundNo: input.roundNo - 1 }, "roundNo");
    if (!previous.outcome) throw new DomainError("SQUAD_ROUND_NOT_PUBLISHED", {}, "roundNo");
    if (previous.outcome.tieAtBoundary) throw new DomainError("SQUAD_TIE_AT_BOUNDARY", {}, "roundNo");
    personIds = previous.outcome.advance;
  }
  const already = new Set(round.entered.map((e) => e.personId));
  const toEnter = personIds.filter((id) => !already.has(id));
  if (toEnter.length === 0) return { entered: 0 };
  const delegationId = await squadDelegation(deps, principal, competitionId);
  const persons = await deps.db.selectFrom("person").select(["id", "name", "gender", "birthDate", "idNumberCipher"]).where("id", "in", toEnter).execute();
  const result = await registerCompetitors(
    deps,
    principal,
    { competitionId, skillId: round.skill.id },
    {
      competitors: persons.map((p) => ({
        code: `S${input.roundNo}-${p.id.slice(0, 8).toUpperCase()}`,
        delegationId,
        // Decrypted here only to find the stored person again by its blind index; never returned.
        members: [
          {
            name: p.name,
            idNumber: revealIdNumber(deps.secrets.piiKey, p.idNumberCipher),
            gender: p.gender,
            birthDate: p.birthDate,
            employerName: null,
            employerKind: "enterprise",
            phone: null,
          },
        ],
      })),
    },
  );
  if (!result.ok) throw new DomainError(result.problems[0]?.code ?? "VALIDATION", result.problems[0]?.params ?? {});
  await inWriteTransaction(deps, async (tx) => {
    tx.audit({
      actorUserId: principal.userId,
      action: "squad_round.entered",
      entityType: "squad_round",
      entityId: round.id,
      competitionId,
      after: { roundNo: input.roundNo, occupationCode: input.occupationCode, personIds: toEnter },
    });
  });
  return { entered: result.created };
}

/** The squad competition's one delegation, made on first use. */
async function squadDelegation(deps: ServiceDeps, principal: Principal, competitionId: string): Promise<string> {
  const existing = await deps.db
    .selectFrom("delegation")
    .select("id")
    .where("competitionId", "=", competitionId)
    .where("nameZh", "=", squadDelegationName)
    .executeTakeFirst();
  if (existing) return existing.id;
  const { delegationId } = await saveDelegation(
    deps,
    principal,
    competitionId,
    DelegationInputSchema.parse({ nameZh: squadDelegationName, nameEn: "National training squad", kind: "region", regionCode: "" }),
    null,
  );
  return delegationId;
}
