// A competition, its skills and delegations, and the competitors entered in a skill.

import type { ColumnType, Generated } from "kysely";
import type { CompetitionLevel, CompetitionStatus, DelegationKind, EntrantGroup, SkillLevel, Track } from "../../app/domain/competition/ladder";
import type { AgeRule } from "../../app/domain/competition/skill-rules";
import type { CompetitorState } from "../../app/domain/registration/check-in";
import type { CreatedAt, Timestamp, IsoDate, Json } from "./columns";

export interface CompetitionTable {
  id: Generated<string>;
  nameZh: string;
  nameEn: string | null;
  level: CompetitionLevel;
  year: number;
  startsOn: IsoDate;
  endsOn: IsoDate;
  venue: string;
  organizerName: string;
  status: CompetitionStatus;
  ruleSettings: Json<unknown>;
  createdAt: CreatedAt;
  updatedAt: Timestamp;
}

export interface SkillTable {
  id: Generated<string>;
  competitionId: string;
  nameZh: string;
  nameEn: string | null;
  track: Track;
  occupationCode: string;
  wsNumber: string | null;
  teamSize: number;
  entrantGroup: EntrantGroup;
  ageRule: AgeRule;
  startsAt: Timestamp;
  endsAt: Timestamp;
  venueArea: string | null;
  /** A rehearsal copy 演练: the skill it copies (null for a real skill). */
  rehearsalOf: Generated<string | null>;
  createdAt: CreatedAt;
  updatedAt: Timestamp;
}

export interface DelegationTable {
  id: Generated<string>;
  competitionId: string;
  nameZh: string;
  nameEn: string | null;
  kind: DelegationKind;
  regionCode: string | null;
  createdAt: CreatedAt;
  updatedAt: Timestamp;
}

export interface CompetitorTable {
  id: Generated<string>;
  competitionId: string;
  skillId: string;
  delegationId: string;
  registrationNo: string;
  /** 检录号 from the skill's latest check-in draw (一次加密); null before it. */
  checkInNo: Generated<string | null>;
  /** 工位号 from the skill's latest workstation draw (二次加密): the code judges and results use. */
  workstationNo: Generated<string | null>;
  /** The competitor's current state; moved only by competitor_state_event (a trigger applies each row). */
  state: ColumnType<CompetitorState, never, never>;
  createdAt: CreatedAt;
}

export interface CompetitorMemberTable {
  competitorId: string;
  personId: string;
  /** The skill level the person held when entering (from the registration); null when not known. */
  skillLevel: SkillLevel | null;
}
