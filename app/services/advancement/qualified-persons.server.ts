// Who an advancement 晋级 qualified, read two ways: from the competition that qualified them (the
// organizer's 晋级 tab: per skill, with rank, award, kind and target) and for the competition they
// qualified for (registration's "已获晋级资格": the persons of a delegation, with the result that
// qualified them and the skill of this competition they may enter). Only non-revoked rows; names
// and masked ID numbers only (never the protected number).
import { sql } from "kysely";
import type { CompetitionLevel } from "~/domain/competition/ladder";
import { regionPrefix } from "~/domain/registration/registrations";
import { DomainError } from "~/domain/errors";
import type { ServiceDeps } from "../deps.server";

type Db = ServiceDeps["db"];

function qualifiedRows(db: Db) {
  return db
    .selectFrom("advancement as a")
    .innerJoin("person as p", "p.id", "a.personId")
    .innerJoin("competitor as c", "c.id", "a.competitorId")
    .innerJoin("delegation as d", "d.id", "c.delegationId")
    .innerJoin("skill as s", "s.id", "a.sourceSkillId")
    .innerJoin("competition as k", "k.id", "a.sourceCompetitionId")
    .leftJoin("competition as t", "t.id", "a.targetCompetitionId")
    .leftJoin("publishedResult as r", (join) => join.onRef("r.publicationId", "=", "a.publicationId").onRef("r.competitorId", "=", "a.competitorId"))
    .leftJoin("organization as o", "o.id", "p.employerId")
    .select([
      "a.id",
      "a.personId",
      "p.name",
      "p.gender",
      "p.birthDate",
      "p.idNumberMasked",
      "p.regionCode",
      "o.name as employerName",
      "o.regionCode as employerRegionCode",
      "d.nameZh as delegationNameZh",
      "d.nameEn as delegationNameEn",
      "a.rank",
      "r.award",
      "a.kind",
      "a.targetLevel",
      "a.targetCompetitionId",
      "t.nameZh as targetNameZh",
      "t.nameEn as targetNameEn",
      "a.occupationCode",
      "a.sourceSkillId",
      "s.nameZh as skillNameZh",
      "s.nameEn as skillNameEn",
      "a.sourceCompetitionId",
      "k.nameZh as competitionNameZh",
      "k.nameEn as competitionNameEn",
      "k.year as competitionYear",
      "a.createdAt",
    ])
    .where("a.revokedAt", "is", null);
}

export interface QualifiedPerson {
  id: string;
  personId: string;
  name: string;
  idNumberMasked: string;
  delegation: { nameZh: string; nameEn: string | null };
  rank: number;
  award: string | null;
  kind: "reserve" | "eligible" | "delegation" | "squad";
  targetLevel: CompetitionLevel;
  target: { id: string; nameZh: string; nameEn: string | null } | null;
  skill: { id: string; nameZh: string; nameEn: string | null };
  source: { id: string; nameZh: string; nameEn: string | null; year: number };
}

function viewOf(r: Awaited<ReturnType<ReturnType<typeof qualifiedRows>["execute"]>>[number]): QualifiedPerson {
  return {
    id: r.id,
    personId: r.personId,
    name: r.name,
    idNumberMasked: r.idNumberMasked,
    delegation: { nameZh: r.delegationNameZh, nameEn: r.delegationNameEn },
    rank: r.rank,
    award: r.award ?? null,
    kind: r.kind,
    targetLevel: r.targetLevel,
    target: r.targetCompetitionId ? { id: r.targetCompetitionId, nameZh: r.targetNameZh!, nameEn: r.targetNameEn ?? null } : null,
    skill: { id: r.sourceSkillId, nameZh: r.skillNameZh, nameEn: r.skillNameEn },
    source: { id: r.sourceCompetitionId, nameZh: r.competitionNameZh, nameEn: r.competitionNameEn, year: r.competitionYear },
  };
}

/** The persons this competition's publications qualified, per skill, best rank first. */
export async function listQualifiedFromCompetition(db: Db, competitionId: string): Promise<QualifiedPerson[]> {
  const rows = await qualifiedRows(db).where("a.sourceCompetitionId", "=", competitionId).orderBy("s.nameZh").orderBy("a.rank").orderBy("p.name").execute();
  return rows.map(viewOf);
}

const sameOccupation = (a: string, b: string) => a.startsWith(b) || b.startsWith(a);

export interface QualifiedEntrant extends QualifiedPerson {
  /** The skills of this competition the person may be entered in (same occupation). */
  skillIds: string[];
  /** What the entry form can take over (the ID number the team leader types). */
  prefill: { name: string; gender: "male" | "female"; birthDate: string; employer: string };
}

/**
 * Persons qualified for this competition — advancement rows naming it, or naming its level in the
 * occupation of one of its skills — whose region or employer's region lies in the delegation's
 * region (every one when `delegationId` is null: the organizer's view). A delegation without a
 * region (an enterprise's or a school's) sees none: belonging cannot be told from the row.
 */
export async function listQualifiedForCompetition(db: Db, competitionId: string, delegationId: string | null): Promise<QualifiedEntrant[]> {
  const competition = await db.selectFrom("competition").select(["id", "level"]).where("id", "=", competitionId).executeTakeFirst();
  if (!competition) throw new DomainError("NOT_FOUND");
  const skills = await db
    .selectFrom("skill")
    .select(["id", "occupationCode"])
    .where("competitionId", "=", competitionId)
    .where("rehearsalOf", "is", null)
    .execute();
  if (skills.length === 0) return [];
  let prefix: string | null = null;
  if (delegationId !== null) {
    const delegation = await db
      .selectFrom("delegation")
      .select(["regionCode"])
      .where("id", "=", delegationId)
      .where("competitionId", "=", competitionId)
      .executeTakeFirst();
    if (!delegation) throw new DomainError("NOT_FOUND");
    if (!delegation.regionCode) return [];
    prefix = regionPrefix(delegation.regionCode);
  }
  const rows = await qualifiedRows(db)
    .where((eb) =>
      eb.or([eb("a.targetCompetitionId", "=", competitionId), eb.and([eb("a.targetCompetitionId", "is", null), eb("a.targetLevel", "=", competition.level)])]),
    )
    .where(sql<boolean>`a.source_competition_id <> ${competitionId}`)
    .orderBy("p.name")
    .orderBy("a.createdAt")
    .execute();
  const entrants: QualifiedEntrant[] = [];
  for (const r of rows) {
    const skillIds = skills.filter((s) => sameOccupation(s.occupationCode, r.occupationCode)).map((s) => s.id);
    if (skillIds.length === 0) continue;
    if (prefix !== null && !(r.regionCode?.startsWith(prefix) || r.employerRegionCode?.startsWith(prefix))) continue;
    entrants.push({ ...viewOf(r), skillIds, prefill: { name: r.name, gender: r.gender, birthDate: r.birthDate, employer: r.employerName ?? "" } });
  }
  return entrants;
}
