// What the public sees of results: only what is published (RULES.md "Publication and appeals").
// A skill's current publication with names, delegations, awards and honours; a competition's
// skills with their publication state and the medal table per delegation over published skills.
// Explicit selects: no ID number, no person id, no competitor id leaves here.
import type { DB } from "../../../db/connection";
import { DomainError } from "~/domain/errors";
import { publicationPhase } from "~/domain/publication/finality";
import { medalTable } from "~/domain/publication/medal-table";
import { parseDecimal, toFixed, zero } from "~/domain/results/exact";
import type { Award } from "~/domain/results/awards";

export async function loadPublishedSkill(db: DB, scope: { competitionId: string; skillId: string }, now: Date) {
  const skill = await db
    .selectFrom("skill")
    .innerJoin("competition", "competition.id", "skill.competitionId")
    .select([
      "skill.nameZh",
      "skill.nameEn",
      "skill.track",
      "competition.nameZh as competitionNameZh",
      "competition.nameEn as competitionNameEn",
      "competition.status",
    ])
    .where("skill.id", "=", scope.skillId)
    .where("skill.competitionId", "=", scope.competitionId)
    .where("skill.rehearsalOf", "is", null)
    .where("competition.status", "!=", "draft")
    .executeTakeFirst();
  if (!skill) throw new DomainError("NOT_FOUND");
  const publication = await db
    .selectFrom("publication")
    .select(["id", "version", "publishedAt", "noticeEndsOn", "noticeEndsAt", "selectionOnly", "reason"])
    .where("skillId", "=", scope.skillId)
    .where("isCurrent", "=", true)
    .executeTakeFirst();
  const base = {
    skill: { nameZh: skill.nameZh, nameEn: skill.nameEn, track: skill.track },
    competition: { nameZh: skill.competitionNameZh, nameEn: skill.competitionNameEn },
  };
  if (!publication) return { ...base, publication: null, rows: [] };
  const [rows, members, honours, appeals] = await Promise.all([
    db
      .selectFrom("publishedResult as r")
      .innerJoin("delegation as d", "d.id", "r.delegationId")
      .select([
        "r.competitorId",
        "r.rank",
        "r.code",
        "r.total",
        "r.points",
        "r.award",
        "r.bestOfNation",
        "d.nameZh as delegationNameZh",
        "d.nameEn as delegationNameEn",
      ])
      .where("r.publicationId", "=", publication.id)
      .orderBy("r.rank")
      .orderBy("r.code")
      .execute(),
    db
      .selectFrom("publishedResult as r")
      .innerJoin("competitorMember as m", "m.competitorId", "r.competitorId")
      .innerJoin("person as p", "p.id", "m.personId")
      .select(["r.competitorId", "p.name"])
      .where("r.publicationId", "=", publication.id)
      .orderBy("p.name")
      .execute(),
    db.selectFrom("honour").select(["competitorId", "kind", "code", "labelZh", "labelEn"]).where("publicationId", "=", publication.id).execute(),
    db.selectFrom("appeal").select(["state", "correctedAt"]).where("skillId", "=", scope.skillId).execute(),
  ]);
  return {
    ...base,
    publication: {
      version: publication.version,
      publishedAt: new Date(publication.publishedAt).toISOString(),
      noticeEndsOn: publication.noticeEndsOn,
      selectionOnly: publication.selectionOnly,
      reason: publication.reason,
      phase: publicationPhase(
        new Date(publication.noticeEndsAt),
        appeals.map((a) => ({ state: a.state, correctedAt: a.correctedAt ? new Date(a.correctedAt) : null })),
        now,
      ),
    },
    rows: rows.map((r) => {
      const own = honours.filter((h) => h.competitorId === r.competitorId);
      // A team's members share its honours: list each once.
      const labels = [...new Map(own.map((h) => [`${h.kind}:${h.code}`, { kind: h.kind, labelZh: h.labelZh, labelEn: h.labelEn }])).values()];
      return {
        rank: r.rank,
        code: r.code,
        names: members.filter((m) => m.competitorId === r.competitorId).map((m) => m.name),
        delegationNameZh: r.delegationNameZh,
        delegationNameEn: r.delegationNameEn,
        total: toFixed(parseDecimal(r.total) ?? zero),
        points: r.points,
        award: r.award as Award | null,
        bestOfNation: r.bestOfNation,
        honours: labels,
      };
    }),
  };
}

/** A competition's skills with their publication state, and the medal table over its published skills. */
export async function loadCompetitionResults(db: DB, competitionId: string) {
  const competition = await db
    .selectFrom("competition")
    .select(["nameZh", "nameEn", "level", "year"])
    .where("id", "=", competitionId)
    .where("status", "!=", "draft")
    .executeTakeFirst();
  if (!competition) throw new DomainError("NOT_FOUND");
  const [skills, publications, results, delegations] = await Promise.all([
    db
      .selectFrom("skill")
      .select(["id", "nameZh", "nameEn", "track"])
      .where("competitionId", "=", competitionId)
      .where("rehearsalOf", "is", null)
      .orderBy("startsAt")
      .orderBy("nameZh")
      .execute(),
    db
      .selectFrom("publication")
      .select(["skillId", "version", "noticeEndsOn"])
      .where("competitionId", "=", competitionId)
      .where("isCurrent", "=", true)
      .execute(),
    db
      .selectFrom("publishedResult as r")
      .innerJoin("publication as p", "p.id", "r.publicationId")
      .select(["r.delegationId", "r.award", "r.bestOfNation"])
      .where("p.competitionId", "=", competitionId)
      .where("p.isCurrent", "=", true)
      .execute(),
    db.selectFrom("delegation").select(["id", "nameZh", "nameEn"]).where("competitionId", "=", competitionId).execute(),
  ]);
  const publicationOf = new Map(publications.map((p) => [p.skillId, p]));
  const delegationOf = new Map(delegations.map((d) => [d.id, d]));
  return {
    competition,
    skills: skills.map((s) => ({ id: s.id, nameZh: s.nameZh, nameEn: s.nameEn, track: s.track, published: publicationOf.get(s.id) ?? null })),
    medalTable: medalTable(results.map((r) => ({ delegationId: r.delegationId, award: r.award as Award | null, bestOfNation: r.bestOfNation }))).map((row) => ({
      ...row,
      delegationNameZh: delegationOf.get(row.delegationId)?.nameZh ?? "",
      delegationNameEn: delegationOf.get(row.delegationId)?.nameEn ?? null,
    })),
  };
}
