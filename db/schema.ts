// Table types for Kysely, declared by hand beside the migrations (camelCase here, snake_case in
// SQL through CamelCasePlugin), one file per area under db/schema/. Enumerated columns use the
// domain's unions so a value the database's CHECK would refuse is a type error first.
// db/schema.db.test.ts compares these types with the migrated database.
import type { Insertable, Selectable } from "kysely";
import type {
  OrganizationTable,
  PersonTable,
  AppUserTable,
  RoleAssignmentTable,
  SessionTable,
  TabletSignInCodeTable,
  SignInAttemptTable,
  ApiTokenTable,
  NotificationTable,
  AuditEventTable,
  AuditChainHeadTable,
  RealtimeStreamTable,
  SocketIoAttachmentsTable,
} from "./schema/accounts";
import type { CompetitionTable, SkillTable, DelegationTable, CompetitorTable, CompetitorMemberTable } from "./schema/competitions";
import type {
  RegistrationSettingsTable,
  SkillRegistrationRuleTable,
  RegistrationTable,
  RegistrationMemberTable,
  RegistrationImportTable,
  DrawTable,
  CompetitorStateEventTable,
  DecryptionTable,
} from "./schema/registration";
import type { JudgeAssignmentTable, DeclaredRelationTable, JudgeFlagTable, JudgeFlagResolutionTable, LeaderboardTable, RehearsalTable } from "./schema/judging";
import type {
  MarkingSchemeTable,
  StandardsSectionTable,
  SchemeModuleTable,
  SubCriterionTable,
  AspectTable,
  MarkTable,
  ModuleLockEventTable,
  AspectScoreTable,
  CompetitorScoreTable,
  SpreadResolutionTable,
  ScoreSheetTable,
  ScoreSheetRowTable,
  TimeUsedRecordTable,
  OfficialPointsImportTable,
  OfficialPointsTable,
} from "./schema/marking";
import type {
  ResultRecheckTable,
  SkillSignOffTable,
  PublicationTable,
  PublishedResultTable,
  HonourTable,
  AppealTable,
  AppealEventTable,
  AppealAttachmentTable,
  AppealCorrectionTable,
  CertificateTable,
  AdvancementRuleTable,
  AdvancementTable,
  SquadRoundTable,
} from "./schema/results";

export type * from "./schema/accounts";
export type * from "./schema/competitions";
export type * from "./schema/registration";
export type * from "./schema/judging";
export type * from "./schema/marking";
export type * from "./schema/results";

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
  socketIoAttachments: SocketIoAttachmentsTable;
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
