// Results after marking: re-checks, sign-off, publications and their rows, honours, appeals,
// certificates, advancement to the next level and the national squad's rounds.

import type { ColumnType, Generated } from "kysely";
import type { CompetitionLevel, Track } from "../../app/domain/competition/ladder";
import type { Timestamp, IsoDate, Json } from "./columns";

export type PublishedAward = "gold" | "silver" | "bronze" | "medallion" | "first" | "second" | "third" | "merit";
export type AppealState = "received" | "under_review" | "upheld" | "rejected";
export type AppealEventKind = "filed" | "review_started" | "hearing_note" | "upheld" | "rejected" | "correction_prepared" | "correction_applied";
export type AdvancementKind = "reserve" | "eligible" | "delegation" | "squad";
export type CertificateKind = "award" | "title" | "promotion";

/** Append-only: one re-check 复核 of a competitor's result before sign-off. */
export interface ResultRecheckTable {
  id: Generated<string>;
  competitionId: string;
  skillId: string;
  competitorId: string;
  checkedBy: string;
  foundError: boolean;
  note: string | null;
  checkedAt: Timestamp;
}

/** Append-only: the chief judge signs a skill's results off (the standings signed, as JSON). */
export interface SkillSignOffTable {
  id: Generated<string>;
  competitionId: string;
  skillId: string;
  signedBy: string;
  signedAt: Timestamp;
  standings: Json<unknown>;
}

/** One version of a skill's published results; only `isCurrent` ever changes (to false). */
export interface PublicationTable {
  id: Generated<string>;
  competitionId: string;
  skillId: string;
  version: number;
  signOffId: string | null;
  publishedBy: string;
  publishedAt: Timestamp;
  noticeEndsOn: IsoDate;
  noticeEndsAt: Timestamp;
  selectionOnly: boolean;
  reason: string | null;
  appealId: string | null;
  isCurrent: Generated<boolean>;
}

/** Append-only: one competitor's row of a publication. `total` is an exact decimal as text. */
export interface PublishedResultTable {
  publicationId: string;
  competitorId: string;
  competitionId: string;
  skillId: string;
  delegationId: string;
  code: string;
  rank: number;
  total: string;
  moduleMarks: Json<Record<string, string>>;
  points: number | null;
  award: PublishedAward | null;
  bestOfNation: Generated<boolean>;
}

/** Append-only: a title 荣誉称号 or promotion 晋升等级 a publication gives a person. */
export interface HonourTable {
  id: Generated<string>;
  publicationId: string;
  competitorId: string;
  personId: string;
  competitionId: string;
  skillId: string;
  kind: "title" | "promotion";
  code: string;
  labelZh: string;
  labelEn: string;
}

/** A team leader's appeal 申诉; only its state, ruling and correction columns move (trigger). */
export interface AppealTable {
  id: Generated<string>;
  appealNo: ColumnType<number, never, never>;
  submissionId: string;
  competitionId: string;
  skillId: string;
  delegationId: string;
  competitorId: string | null;
  filedBy: string;
  filedAt: Timestamp;
  reason: string;
  state: Generated<AppealState>;
  ruling: string | null;
  ruledBy: string | null;
  ruledAt: Timestamp | null;
  correctedAt: Timestamp | null;
  correctedBy: string | null;
  correctedPublicationId: string | null;
}

export interface AppealEventTable {
  /** An identity column: given by the database, never written. */
  id: ColumnType<number, never, never>;
  appealId: string;
  kind: AppealEventKind;
  text: string | null;
  actorUserId: string;
  occurredAt: Timestamp;
}

export interface AppealAttachmentTable {
  id: Generated<string>;
  appealId: string;
  fileName: string;
  contentType: string;
  byteSize: number;
  sha256: string;
  content: Uint8Array;
}

/** The new marks an upheld appeal's correction writes: prepared (and previewed), then applied once. */
export interface AppealCorrectionTable {
  id: Generated<string>;
  appealId: string;
  rows: Json<unknown>;
  preparedBy: string;
  preparedAt: Timestamp;
  appliedBy: string | null;
  appliedAt: Timestamp | null;
}

/** A certificate 证书; only its revocation columns are ever set (once). */
export interface CertificateTable {
  id: Generated<string>;
  number: string;
  competitionId: string;
  skillId: string;
  publicationId: string;
  competitorId: string;
  personId: string;
  kind: CertificateKind;
  code: string;
  labelZh: string;
  labelEn: string;
  issuedAt: Timestamp;
  revokedAt: Timestamp | null;
  revokedBy: string | null;
  revokedReason: string | null;
  replacedById: string | null;
}

/** How a competition feeds the next level; withdrawn, never deleted. */
export interface AdvancementRuleTable {
  id: Generated<string>;
  competitionId: string;
  kind: AdvancementKind;
  targetLevel: CompetitionLevel;
  targetCompetitionId: string | null;
  topN: number;
  teamTopN: number | null;
  track: Track | null;
  createdBy: string;
  createdAt: Timestamp;
  withdrawnBy: string | null;
  withdrawnAt: Timestamp | null;
  withdrawnReason: string | null;
}

/** A person an advancement rule qualified, with the published result that did; revoked, never deleted. */
export interface AdvancementTable {
  id: Generated<string>;
  ruleId: string;
  personId: string;
  competitorId: string;
  publicationId: string;
  sourceCompetitionId: string;
  sourceSkillId: string;
  occupationCode: string;
  rank: number;
  kind: AdvancementKind;
  targetLevel: CompetitionLevel;
  targetCompetitionId: string | null;
  createdAt: Timestamp;
  revokedAt: Timestamp | null;
  revokedReason: string | null;
}

/** Append-only: one elimination round of a national training squad (its assessment is a skill). */
export interface SquadRoundTable {
  id: Generated<string>;
  competitionId: string;
  occupationCode: string;
  roundNo: number;
  skillId: string;
  keepCount: number;
  reserveCount: Generated<number>;
  createdBy: string;
  createdAt: Timestamp;
}
