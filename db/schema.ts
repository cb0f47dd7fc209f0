// Table types for Kysely, declared by hand beside the migrations (camelCase here, snake_case in
// SQL through CamelCasePlugin). Enumerated columns use the domain's unions so a value the
// database's CHECK would refuse is a type error first.
import type { ColumnType, Generated, Insertable, Selectable } from "kysely";
import type { Role } from "../app/domain/access/roles";
import type { CompetitionLevel, CompetitionStatus, DelegationKind, EntrantGroup, OrganizationKind, SkillLevel, Track } from "../app/domain/competition/ladder";
import type { RegistrationStatus } from "../app/domain/registration/registrations";
import type { RetirementCategory } from "../app/domain/registration/eligibility";
import type { Gender } from "../app/domain/identity/id-number";
import type { AgeRule } from "../app/domain/competition/skill-rules";
import type { DrawKind } from "../app/domain/registration/draw";
import type { CompetitorState, StateAction } from "../app/domain/registration/check-in";

type CreatedAt = ColumnType<Date, Date | undefined, never>;
type Timestamp = ColumnType<Date, Date, Date>;
/** `date` columns travel as ISO strings (YYYY-MM-DD) on both engines; see db/connection.ts. */
type IsoDate = string;
type Json<T> = ColumnType<T, string, string>;

export interface OrganizationTable {
  id: Generated<string>;
  name: string;
  kind: OrganizationKind;
  regionCode: string | null;
  createdAt: CreatedAt;
}

export interface PersonTable {
  id: Generated<string>;
  name: string;
  gender: Gender;
  birthDate: IsoDate;
  /** AES-256-GCM ciphertext of the ID number; never selected for a page or an event. */
  idNumberCipher: string;
  /** HMAC blind index: the same person is found by ID number without decrypting. */
  idNumberIndex: string;
  idNumberMasked: string;
  employerId: string | null;
  regionCode: string | null;
  phone: string | null;
  createdAt: CreatedAt;
}

export interface AppUserTable {
  id: Generated<string>;
  username: string;
  displayName: string;
  passwordHash: string | null;
  personId: string | null;
  isPlatformAdmin: Generated<boolean>;
  createdAt: CreatedAt;
  disabledAt: Timestamp | null;
}

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
  skillLevel?: SkillLevel | null;
}

export interface RoleAssignmentTable {
  id: Generated<string>;
  userId: string;
  role: Role;
  competitionId: string;
  skillId: string | null;
  delegationId: string | null;
  grantedBy: string | null;
  grantedAt: CreatedAt;
  revokedAt: Timestamp | null;
  revokedBy: string | null;
}

export interface SessionTable {
  /** SHA-256 of the cookie's token: a stolen table does not yield usable sessions. */
  id: string;
  userId: string;
  kind: "password" | "tablet_code";
  createdAt: CreatedAt;
  expiresAt: Timestamp;
  lastSeenAt: Timestamp;
  userAgent: string | null;
  revokedAt: Timestamp | null;
}

export interface TabletSignInCodeTable {
  id: Generated<string>;
  codeHash: string;
  userId: string;
  competitionId: string;
  skillId: string | null;
  issuedBy: string;
  issuedAt: CreatedAt;
  expiresAt: Timestamp;
  usedAt: Timestamp | null;
}

export interface SignInAttemptTable {
  id: Generated<number>;
  throttleKey: string;
  succeeded: boolean;
  attemptedAt: Timestamp;
}

export interface AuditEventTable {
  /** Given by the database as the event is linked (the audit_event_link trigger). */
  seq: Generated<number>;
  occurredAt: Timestamp;
  actorUserId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  competitionId: string | null;
  before: Json<unknown>;
  after: Json<unknown>;
  reason: string | null;
  /** Given by the database as the event is linked. */
  prevHash: Generated<string>;
  hash: Generated<string>;
  /** sha256 of the content (app/domain/audit/chain.ts auditBodyDigest); null for events of the first format. */
  bodyDigest: string | null;
}

export interface AuditChainHeadTable {
  id: Generated<number>;
  seq: number;
  /** null until the first event */
  hash: string | null;
}

export interface RealtimeStreamTable {
  streamKey: string;
  seq: number;
}

export interface MarkingSchemeTable {
  id: Generated<string>;
  skillId: string;
  /** numeric: travels as a decimal string on both engines */
  declaredTotal: string;
  version: Generated<number>;
  savedBy: string | null;
  savedAt: Timestamp;
}

export interface StandardsSectionTable {
  id: Generated<string>;
  schemeId: string;
  code: string;
  name: string;
  weightingPercent: string;
  position: number;
}

export interface SchemeModuleTable {
  id: Generated<string>;
  schemeId: string;
  code: string;
  name: string;
  position: number;
  part: Generated<"practice" | "theory">;
  /** numeric: the sum of the module's aspects' maxima, written with the scheme */
  maxMark: string;
  aspectCount: number;
}

export interface TimeUsedRecordTable {
  id: Generated<number>;
  competitionId: string;
  skillId: string;
  competitorId: string;
  seconds: number;
  reason: string | null;
  recordedBy: string;
  recordedAt: Timestamp;
}

export interface OfficialPointsImportTable {
  id: Generated<number>;
  competitionId: string;
  skillId: string;
  rowCount: number;
  importedBy: string;
  importedAt: Timestamp;
}

export interface OfficialPointsTable {
  importId: number;
  competitorId: string;
  points: number;
}

export interface SubCriterionTable {
  id: Generated<string>;
  schemeId: string;
  moduleId: string;
  code: string;
  name: string;
  markingDay: number | null;
  position: number;
}

export interface AspectTable {
  id: Generated<string>;
  schemeId: string;
  subCriterionId: string;
  sectionId: string;
  code: string;
  kind: "measurement" | "judgement" | "trimmed_mean";
  description: string;
  maxMark: string;
  descriptors: Json<unknown> | null;
  calculation: Json<unknown> | null;
  panelSize: number | null;
  position: number;
}

export interface MarkTable {
  id: Generated<string>;
  submissionId: string;
  competitionId: string;
  skillId: string;
  schemeId: string;
  aspectId: string;
  competitorId: string;
  judgeUserId: string;
  revision: number;
  input: Json<unknown>;
  supersedesId: string | null;
  reason: string | null;
  recordedBy: string;
  recordedAt: Timestamp;
}

export interface ModuleLockEventTable {
  id: Generated<number>;
  schemeId: string;
  moduleId: string;
  locked: boolean;
  reason: string | null;
  actorUserId: string;
  occurredAt: Timestamp;
}

export interface ApiTokenTable {
  id: Generated<string>;
  tokenHash: string;
  label: string;
  userId: string;
  competitionId: string;
  role: Role;
  createdBy: string;
  createdAt: Timestamp;
  lastUsedAt: Timestamp | null;
  revokedAt: Timestamp | null;
}

/** Derived: the current mark of one aspect of one competitor ("n/d"), rewritten with each mark. */
export interface AspectScoreTable {
  competitorId: string;
  aspectId: string;
  skillId: string;
  moduleCode: string;
  mark: string | null;
  flagged: boolean;
  updatedAt: Timestamp;
}

/** Derived: a competitor's running total and module marks ("n/d"), rewritten with each mark. */
export interface CompetitorScoreTable {
  competitorId: string;
  skillId: string;
  total: string;
  moduleMarks: Json<Record<string, string>>;
  markedCount: number;
  flaggedCount: number;
  updatedAt: Timestamp;
}

/** Append-only: a judgement spread's justification and the chief judge's decision on it. */
export interface SpreadResolutionTable {
  id: Generated<number>;
  skillId: string;
  competitorId: string;
  aspectId: string;
  /** The current mark ids the event concerns, sorted, comma-separated (see spreadMarksKey). */
  marks: string;
  kind: "justified" | "approved" | "rejected";
  text: string;
  actorUserId: string;
  occurredAt: Timestamp;
}

/** A problem a judge flagged to the chief judge from the tablet; append-only. */
export interface JudgeFlagTable {
  id: Generated<string>;
  submissionId: string;
  competitionId: string;
  skillId: string;
  competitorId: string;
  aspectId: string | null;
  judgeUserId: string;
  text: string;
  raisedAt: Timestamp;
}

/** The chief judge's answer to a flag (one per flag): the flag is closed. */
export interface JudgeFlagResolutionTable {
  flagId: string;
  resolvedBy: string;
  note: string;
  resolvedAt: Timestamp;
}

/** A judge's declared tie to a person (recusal); withdrawn, never deleted. */
export interface DeclaredRelationTable {
  id: Generated<string>;
  competitionId: string;
  judgeUserId: string;
  personId: string;
  kind: "relative" | "student" | "teacher" | "other";
  note: string | null;
  declaredBy: string;
  declaredAt: Timestamp;
  withdrawnBy: string | null;
  withdrawnAt: Timestamp | null;
  withdrawnReason: string | null;
}

export type ScoreSheetState = "entered" | "verified" | "rejected";

/** A paper score sheet entered from a CSV file; it counts once a second person verifies it. Moves once. */
export interface ScoreSheetTable {
  id: Generated<string>;
  competitionId: string;
  skillId: string;
  fileName: string;
  fileSha256: string;
  rowCount: number;
  state: Generated<ScoreSheetState>;
  enteredBy: string;
  enteredAt: Timestamp;
  decidedBy: string | null;
  decidedAt: Timestamp | null;
  rejectReason: string | null;
}

/** One row of a score sheet: a judge's value for one aspect of one competitor; names its mark once verified. */
export interface ScoreSheetRowTable {
  sheetId: string;
  /** The line in the file (the header is line 1). */
  rowNo: number;
  skillId: string;
  competitorId: string;
  aspectCode: string;
  judgeUserId: string;
  /** The value, shaped as mark.input. */
  input: Json<unknown>;
  /** The judge's current mark for this aspect and competitor when the sheet was entered. */
  previousMarkId: string | null;
  submissionId: string;
  markId: string | null;
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
  entryNo: ColumnType<string, never, never>;
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

export interface JudgeAssignmentTable {
  id: Generated<string>;
  competitionId: string;
  skillId: string;
  version: number;
  teams: Json<unknown[]>;
  source: "manual" | "proposal";
  reason: string | null;
  createdBy: string;
  createdAt: CreatedAt;
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

/** A skill's live leaderboard state (no row: live). */
export interface LeaderboardTable {
  skillId: string;
  competitionId: string;
  status: Generated<"live" | "frozen" | "hidden">;
  /** The public projection stored at the freeze (PublicLeaderboard JSON); null unless frozen. */
  frozenSnapshot: Json<unknown> | null;
  /** The projections the public and the staff streams last carried (decision 020); null before the first publication. */
  publicProjection: Json<unknown> | null;
  staffProjection: Json<unknown> | null;
  /** Raised by every write of the projections (decision 021): one version, one committed pair. */
  projectionVersion: Generated<number>;
  changedBy: string | null;
  changedAt: Timestamp | null;
}

export interface RehearsalTable {
  skillId: string;
  competitionId: string;
  sourceSkillId: string;
  pacePerMinute: Generated<number>;
  state: Generated<"running" | "stopped" | "finished">;
  recorded: Generated<number>;
  total: number;
  judgeUserIds: Json<string[]>;
  startedAt: Timestamp | null;
  recordedAtStart: Generated<number>;
  lastTickAt: Timestamp | null;
  createdBy: string;
  createdAt: CreatedAt;
}

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
  appealNo: ColumnType<string, never, never>;
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
  id: Generated<string>;
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

export interface NotificationTable {
  id: Generated<string>;
  userId: string;
  competitionId: string | null;
  kind: string;
  payload: Json<unknown>;
  createdAt: Timestamp;
  readAt: Timestamp | null;
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

export interface Database {
  organization: OrganizationTable;
  person: PersonTable;
  appUser: AppUserTable;
  competition: CompetitionTable;
  skill: SkillTable;
  delegation: DelegationTable;
  competitor: CompetitorTable;
  competitorMember: CompetitorMemberTable;
  roleAssignment: RoleAssignmentTable;
  session: SessionTable;
  tabletSignInCode: TabletSignInCodeTable;
  signInAttempt: SignInAttemptTable;
  auditEvent: AuditEventTable;
  auditChainHead: AuditChainHeadTable;
  realtimeStream: RealtimeStreamTable;
  leaderboard: LeaderboardTable;
  markingScheme: MarkingSchemeTable;
  standardsSection: StandardsSectionTable;
  schemeModule: SchemeModuleTable;
  subCriterion: SubCriterionTable;
  aspect: AspectTable;
  mark: MarkTable;
  moduleLockEvent: ModuleLockEventTable;
  apiToken: ApiTokenTable;
  aspectScore: AspectScoreTable;
  competitorScore: CompetitorScoreTable;
  spreadResolution: SpreadResolutionTable;
  declaredRelation: DeclaredRelationTable;
  timeUsedRecord: TimeUsedRecordTable;
  officialPointsImport: OfficialPointsImportTable;
  officialPoints: OfficialPointsTable;
  scoreSheet: ScoreSheetTable;
  scoreSheetRow: ScoreSheetRowTable;
  draw: DrawTable;
  registrationSettings: RegistrationSettingsTable;
  skillRegistrationRule: SkillRegistrationRuleTable;
  registration: RegistrationTable;
  registrationMember: RegistrationMemberTable;
  registrationImport: RegistrationImportTable;
  competitorStateEvent: CompetitorStateEventTable;
  judgeAssignment: JudgeAssignmentTable;
  decryption: DecryptionTable;
  rehearsal: RehearsalTable;
  judgeFlag: JudgeFlagTable;
  judgeFlagResolution: JudgeFlagResolutionTable;
  resultRecheck: ResultRecheckTable;
  skillSignOff: SkillSignOffTable;
  publication: PublicationTable;
  publishedResult: PublishedResultTable;
  honour: HonourTable;
  appeal: AppealTable;
  appealEvent: AppealEventTable;
  appealAttachment: AppealAttachmentTable;
  appealCorrection: AppealCorrectionTable;
  notification: NotificationTable;
  certificate: CertificateTable;
  advancementRule: AdvancementRuleTable;
  advancement: AdvancementTable;
  squadRound: SquadRoundTable;
}

export type CompetitionRow = Selectable<CompetitionTable>;
export type NewPerson = Insertable<PersonTable>;
