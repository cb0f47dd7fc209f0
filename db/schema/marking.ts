// Marking schemes, the marks judges record on them, the scores derived from the marks, paper
// score sheets, time used and imported official points.

import type { Generated } from "kysely";
import type { Timestamp, Json } from "./columns";

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
