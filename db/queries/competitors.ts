// Competitors and their members for registration. Persons are found by the blind index of their
// ID number; what leaves here carries the masked number only, never the cipher.
import type { DB } from "../connection";

/** Competitors of a competition with these codes, each with the ID-number indexes of its members. */
export async function findCompetitorsByCode(db: DB, competitionId: string, codes: readonly string[]) {
  const byCode = new Map<string, { competitorId: string; skillId: string; delegationId: string; memberKeys: string[] }>();
  if (codes.length === 0) return byCode;
  const rows = await db
    .selectFrom("competitor")
    .leftJoin("competitorMember", "competitorMember.competitorId", "competitor.id")
    .leftJoin("person", "person.id", "competitorMember.personId")
    .select(["competitor.id", "competitor.skillId", "competitor.delegationId", "competitor.registrationNo", "person.idNumberIndex"])
    .where("competitor.competitionId", "=", competitionId)
    .where("competitor.registrationNo", "in", [...codes])
    .execute();
  for (const row of rows) {
    const entry = byCode.get(row.registrationNo) ?? { competitorId: row.id, skillId: row.skillId, delegationId: row.delegationId, memberKeys: [] };
    if (row.idNumberIndex) entry.memberKeys.push(row.idNumberIndex);
    byCode.set(row.registrationNo, entry);
  }
  return byCode;
}

/** Which of these persons (by ID-number index) are already entered in the skill, and under which code. */
export async function findEntriesOfPersonsInSkill(db: DB, skillId: string, keys: readonly string[]): Promise<Map<string, string>> {
  if (keys.length === 0) return new Map();
  const rows = await db
    .selectFrom("competitor")
    .innerJoin("competitorMember", "competitorMember.competitorId", "competitor.id")
    .innerJoin("person", "person.id", "competitorMember.personId")
    .select(["person.idNumberIndex", "competitor.registrationNo"])
    .where("competitor.skillId", "=", skillId)
    .where("person.idNumberIndex", "in", [...keys])
    .execute();
  return new Map(rows.map((r) => [r.idNumberIndex, r.registrationNo]));
}

export async function findPersonsByIdNumberIndex(db: DB, keys: readonly string[]) {
  if (keys.length === 0) return [];
  return db
    .selectFrom("person")
    .select(["id", "name", "idNumberIndex"])
    .where("idNumberIndex", "in", [...keys])
    .execute();
}

/** The competitors of a skill with these codes, members included (masked ID numbers), in the order of `codes`. */
export async function loadCompetitorsByCode(db: DB, skillId: string, codes: readonly string[]) {
  if (codes.length === 0) return [];
  const rows = await db
    .selectFrom("competitor")
    .innerJoin("delegation", "delegation.id", "competitor.delegationId")
    .innerJoin("competitorMember", "competitorMember.competitorId", "competitor.id")
    .innerJoin("person", "person.id", "competitorMember.personId")
    .select([
      "competitor.id",
      "competitor.registrationNo",
      "competitor.delegationId",
      "delegation.nameZh as delegationNameZh",
      "person.id as personId",
      "person.name",
      "person.gender",
      "person.birthDate",
      "person.idNumberMasked",
    ])
    .where("competitor.skillId", "=", skillId)
    .where("competitor.registrationNo", "in", [...codes])
    .orderBy("person.idNumberMasked")
    .execute();
  return codes.flatMap((code) => {
    const members = rows.filter((r) => r.registrationNo === code);
    const first = members[0];
    if (!first) return [];
    return [
      {
        id: first.id,
        code,
        delegation: { id: first.delegationId, nameZh: first.delegationNameZh },
        members: members.map((m) => ({ personId: m.personId, name: m.name, gender: m.gender, birthDate: m.birthDate, idNumberMasked: m.idNumberMasked })),
      },
    ];
  });
}
