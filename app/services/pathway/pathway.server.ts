// A person's pathway 成长路径 (RULES.md "Advancement", decision 018): every competition they
// entered, in time order, with rank, total, points, award, titles and promotions, advancement,
// certificates and squad rounds — projected for who is looking:
// - staff (a platform admin, an organizer of a competition the person entered, a team leader of a
//   delegation they competed for): everything, provisional results marked, the masked ID number;
// - the person themself: their entries, published results, and provisional ones only where the
//   competition shows provisional results (RULES.md: results are hidden from competitors until
//   published — the same rule as /me), the masked ID number;
// - anyone else: only entries with a published result (current publication), no ID number, and no
//   name at all while nothing of the person is published.
import { sql } from "kysely";
import type { Principal } from "~/domain/access/roles";
import { canSeePathwayAsStaff } from "~/domain/access/policy";
import {
  buildPathway,
  squadRoundOutcome,
  type Pathway,
  type PathwayAdvancement,
  type PathwayCertificate,
  type PathwayEntryInput,
  type PathwayHonour,
  type PathwayResult,
  type PathwaySquadRound,
} from "~/domain/advancement/advancement";
import { readRuleSettings } from "~/domain/competition/rule-settings";
import { DomainError } from "~/domain/errors";
import { toFixed } from "~/domain/results/exact";
import type { ServiceDeps } from "../deps.server";
import { loadSkillStandings } from "../results/load-skill-standings.server";

type Db = ServiceDeps["db"];

export type PathwayAudience = "staff" | "self" | "public";

export interface PersonPathway {
  audience: PathwayAudience;
  /** null for the public while nothing of the person is published. */
  person: { id: string; name: string; idNumberMasked: string | null } | null;
  pathway: Pathway;
}

export async function loadPathway(db: Db, personId: string, viewer: Principal | null): Promise<PersonPathway> {
  const person = await db.selectFrom("person").select(["id", "name", "idNumberMasked"]).where("id", "=", personId).executeTakeFirst();
  if (!person) throw new DomainError("NOT_FOUND");
  const rows = await db
    .selectFrom("competitorMember as m")
    .innerJoin("competitor as c", "c.id", "m.competitorId")
    .innerJoin("competition as k", "k.id", "c.competitionId")
    .innerJoin("skill as s", "s.id", "c.skillId")
    .innerJoin("delegation as d", "d.id", "c.delegationId")
    .leftJoin("publication as p", (join) => join.onRef("p.skillId", "=", "c.skillId").on("p.isCurrent", "=", true))
    .leftJoin("publishedResult as r", (join) => join.onRef("r.publicationId", "=", "p.id").onRef("r.competitorId", "=", "c.id"))
    .select([
      "c.id as competitorId",
      "c.delegationId",
      "k.id as competitionId",
      "k.nameZh as competitionNameZh",
      "k.nameEn as competitionNameEn",
      "k.level",
      "k.year",
      "k.startsOn",
      "k.endsOn",
      sql<string>`k.rule_settings::text`.as("ruleSettings"),
      "s.id as skillId",
      "s.nameZh as skillNameZh",
      "s.nameEn as skillNameEn",
      "s.startsAt",
      "d.nameZh as delegationNameZh",
      "d.nameEn as delegationNameEn",
      "p.id as publicationId",
      "r.rank",
      "r.total",
      "r.points",
      "r.award",
    ])
    .where("m.personId", "=", personId)
    .where("s.rehearsalOf", "is", null)
    .execute();

  const audience = await audienceOf(db, viewer, personId, rows);
  const provisional = new Map<string, PathwayResult>();
  for (const row of rows) {
    if (row.publicationId !== null) continue;
    const shows = audience === "staff" || (audience === "self" && readRuleSettings(JSON.parse(row.ruleSettings)).showProvisionalLeaderboard);
    if (!shows) continue;
    try {
      const standings = await loadSkillStandings(db, { competitionId: row.competitionId, skillId: row.skillId });
      const mine = standings.competitors.find((c) => c.competitorId === row.competitorId);
      // Awards are official only from publication: a provisional result shows none.
      if (mine) provisional.set(row.competitorId, { status: "provisional", rank: mine.rank, total: toFixed(mine.total, 4), points: mine.points, award: null });
    } catch {
      // No marking scheme yet: no result to show.
    }
  }
  const visible = rows.filter((r) => audience !== "public" || (r.publicationId !== null && r.rank !== null));
  const entries: PathwayEntryInput[] = visible.map((r) => ({
    competitorId: r.competitorId,
    competition: {
      id: r.competitionId,
      nameZh: r.competitionNameZh,
      nameEn: r.competitionNameEn,
      level: r.level,
      year: r.year,
      startsOn: r.startsOn,
      endsOn: r.endsOn,
    },
    skill: { id: r.skillId, nameZh: r.skillNameZh, nameEn: r.skillNameEn, startsAt: r.startsAt.toISOString() },
    delegation: { nameZh: r.delegationNameZh, nameEn: r.delegationNameEn },
    result:
      r.publicationId !== null && r.rank !== null
        ? { status: "published", rank: r.rank, total: r.total!, points: r.points ?? null, award: r.award ?? null }
        : (provisional.get(r.competitorId) ?? null),
  }));
  const competitorIds = entries.map((e) => e.competitorId);
  const publicationIds = [...new Set(visible.flatMap((r) => (r.publicationId ? [r.publicationId] : [])))];
  const [honours, advancements, certificates, squadRounds] = await Promise.all([
    loadHonours(db, personId, publicationIds),
    loadAdvancements(db, personId, competitorIds),
    loadCertificates(db, personId, competitorIds, audience),
    loadSquadRounds(db, personId, visible),
  ]);
  const pathway = buildPathway({ entries, honours, advancements, certificates, squadRounds });
  const shown = audience !== "public" || entries.length > 0;
  return {
    audience,
    person: shown ? { id: person.id, name: person.name, idNumberMasked: audience === "public" ? null : person.idNumberMasked } : null,
    pathway,
  };
}

async function audienceOf(
  db: Db,
  viewer: Principal | null,
  personId: string,
  rows: ReadonlyArray<{ competitionId: string; delegationId: string }>,
): Promise<PathwayAudience> {
  if (!viewer) return "public";
  if (viewer.isPlatformAdmin || canSeePathwayAsStaff(viewer, rows)) return "staff";
  const user = await db.selectFrom("appUser").select("personId").where("id", "=", viewer.userId).executeTakeFirst();
  return user?.personId === personId ? "self" : "public";
}

/** Titles and promotions of the current publications (a republication's earlier ones are gone). */
async function loadHonours(db: Db, personId: string, publicationIds: string[]): Promise<PathwayHonour[]> {
  if (publicationIds.length === 0) return [];
  return db
    .selectFrom("honour")
    .select(["competitorId", "kind", "code", "labelZh", "labelEn"])
    .where("personId", "=", personId)
    .where("publicationId", "in", publicationIds)
    .orderBy("kind")
    .orderBy("code")
    .execute();
}

async function loadAdvancements(db: Db, personId: string, competitorIds: string[]): Promise<PathwayAdvancement[]> {
  if (competitorIds.length === 0) return [];
  const rows = await db
    .selectFrom("advancement as a")
    .leftJoin("competition as t", "t.id", "a.targetCompetitionId")
    .select(["a.competitorId", "a.kind", "a.targetLevel", "a.targetCompetitionId", "t.nameZh", "t.nameEn", "a.rank"])
    .where("a.personId", "=", personId)
    .where("a.competitorId", "in", competitorIds)
    .where("a.revokedAt", "is", null)
    .orderBy("a.createdAt")
    .execute();
  return rows.map((r) => ({
    competitorId: r.competitorId,
    kind: r.kind,
    targetLevel: r.targetLevel,
    targetCompetition: r.targetCompetitionId ? { nameZh: r.nameZh!, nameEn: r.nameEn ?? null } : null,
    rank: r.rank,
    revoked: false,
  }));
}

/** Valid certificates for everyone; staff and the holder also see revoked ones, marked. */
async function loadCertificates(db: Db, personId: string, competitorIds: string[], audience: PathwayAudience): Promise<PathwayCertificate[]> {
  if (competitorIds.length === 0) return [];
  let query = db
    .selectFrom("certificate")
    .select(["competitorId", "number", "kind", "labelZh", "labelEn", "revokedAt"])
    .where("personId", "=", personId)
    .where("competitorId", "in", competitorIds)
    .orderBy("issuedAt")
    .orderBy("number");
  if (audience === "public") query = query.where("revokedAt", "is", null);
  const rows = await query.execute();
  return rows.map((r) => ({
    competitorId: r.competitorId,
    number: r.number,
    kind: r.kind,
    labelZh: r.labelZh,
    labelEn: r.labelEn,
    revoked: r.revokedAt !== null,
  }));
}

/** The squad round each entry was (its skill is a round's assessment) and how it ended for the person. */
async function loadSquadRounds(
  db: Db,
  personId: string,
  rows: ReadonlyArray<{ competitorId: string; skillId: string; publicationId: string | null }>,
): Promise<PathwaySquadRound[]> {
  if (rows.length === 0) return [];
  const rounds = await db
    .selectFrom("squadRound")
    .select(["skillId", "roundNo", "keepCount", "reserveCount"])
    .where(
      "skillId",
      "in",
      rows.map((r) => r.skillId),
    )
    .execute();
  const out: PathwaySquadRound[] = [];
  for (const round of rounds) {
    const row = rows.find((r) => r.skillId === round.skillId)!;
    if (row.publicationId === null) {
      out.push({ competitorId: row.competitorId, roundNo: round.roundNo, outcome: "pending" });
      continue;
    }
    const ranked = await db
      .selectFrom("publishedResult as r")
      .innerJoin("competitorMember as m", "m.competitorId", "r.competitorId")
      .select(["m.personId", "r.rank"])
      .where("r.publicationId", "=", row.publicationId)
      .execute();
    const outcome = squadRoundOutcome(ranked, round);
    const of = outcome.advance.includes(personId)
      ? "advance"
      : outcome.reserve.includes(personId)
        ? "reserve"
        : outcome.tied.includes(personId)
          ? "tied"
          : "out";
    out.push({ competitorId: row.competitorId, roundNo: round.roundNo, outcome: of });
  }
  return out;
}
