// Registration by team leaders, the draws and check-in that give competitors their codes, and
// decryption of those codes after marking.

import type { ColumnType, Generated } from "kysely";
import type { CompetitionLevel, SkillLevel } from "../../app/domain/competition/ladder";
import type { RegistrationStatus } from "../../app/domain/registration/registrations";
import type { RetirementCategory } from "../../app/domain/registration/eligibility";
import type { DrawKind } from "../../app/domain/registration/draw";
import type { CompetitorState, StateAction } from "../../app/domain/registration/check-in";
import type { CreatedAt, Timestamp, IsoDate, Json } from "./columns";

export interface RegistrationSettingsTable {
  competitionId: string;
  /** The window team leaders may register in; both null: not opened yet. */
  opensAt: Timestamp | null;
  closesAt: Timestamp | null;
  /** Competitors per delegation per skill unless the skill says otherwise. */
  defaultQuota: Generated<number>;
  /** Ages are taken on this day; null: the competition's first day. */
  cutOffDate: IsoDate | null;
  requiredDocuments: Json<Array<{ code: string; nameZh: string; nameEn: string }>>;
  updatedAt: Timestamp;
}

export interface SkillRegistrationRuleTable {
  skillId: string;
  competitionId: string;
  quota: number | null;
  requiredSkillLevel: SkillLevel | null;
  requireLocality: boolean;
  requireOccupation: boolean;
  /** 晋级资格: a rank at most this in a competition of this level, same occupation. */
  requiredResultLevel: CompetitionLevel | null;
  requiredResultRank: number | null;
  updatedAt: Timestamp;
}

export interface RegistrationTable {
  id: Generated<string>;
  /** The order registrations were entered in (identity). */
  entryNo: ColumnType<number, never, never>;
  competitionId: string;
  skillId: string;
  delegationId: string;
  status: RegistrationStatus;
  /** Codes of the required documents the team leader declares supplied. */
  documents: Json<string[]>;
  rejectionReason: string | null;
  competitorId: string | null;
  version: Generated<number>;
  createdBy: string;
  createdAt: CreatedAt;
  updatedAt: Timestamp;
  submittedAt: Timestamp | null;
  reviewedBy: string | null;
  reviewedAt: Timestamp | null;
}

export interface RegistrationMemberTable {
  registrationId: string;
  skillId: string;
  personId: string;
  position: number;
  skillLevel: SkillLevel | null;
  occupation: string | null;
  retirementCategory: RetirementCategory | null;
  employerId: string | null;
  phone: string | null;
}

export interface RegistrationImportTable {
  id: Generated<string>;
  competitionId: string;
  delegationId: string;
  fileName: string;
  fileSha256: string;
  rowCount: number;
  rows: Json<unknown[]>;
  problems: Json<unknown[]>;
  status: Generated<"checked" | "imported">;
  importedCount: number | null;
  createdBy: string;
  createdAt: CreatedAt;
  importedAt: Timestamp | null;
}

/** Append-only: one draw of a skill's check-in or workstation numbers, kept whole so it can be re-run. */
export interface DrawTable {
  id: Generated<string>;
  competitionId: string;
  skillId: string;
  kind: DrawKind;
  algorithm: string;
  seed: string;
  seedSource: "generated" | "witness";
  /** [{competitorId, key}] in canonical order (validated on read). */
  entrants: Json<unknown>;
  /** The numbers handed out, 1…n in order. */
  numbers: Json<unknown>;
  /** [{competitorId, number}] in entrant order. */
  result: Json<unknown>;
  basedOnId: string | null;
  conductedBy: string;
  witnessedBy: string;
  conductedAt: Timestamp;
  supersedesId: string | null;
  reason: string | null;
}

/** Append-only: one state change of a competitor (check-in, pause, extra time …); its insert moves competitor.state. */
export interface CompetitorStateEventTable {
  id: Generated<number>;
  submissionId: string;
  competitionId: string;
  skillId: string;
  competitorId: string;
  action: StateAction;
  fromState: CompetitorState;
  toState: CompetitorState;
  reason: string | null;
  extraMinutes: number | null;
  witnessedBy: string | null;
  actorUserId: string;
  occurredAt: Timestamp;
}

export interface DecryptionTable {
  id: Generated<string>;
  competitionId: string;
  skillId: string;
  layer: 1 | 2;
  conductedBy: string;
  witnessedBy: string;
  conductedAt: Timestamp;
}
