// DomainError: a refusal the user can act on. `code` is stable (it keys the translated message
// in app/i18n/locales), `params` fill the message, `field` names the input that caused it so
// the UI can show it in place. Anything that is not a DomainError is a bug.
export type DomainErrorCode =
  | "NOT_FOUND"
  | "FORBIDDEN"
  | "VALIDATION"
  | "ID_NUMBER_INVALID"
  | "ID_NUMBER_CHECK_DIGIT"
  | "ID_NUMBER_LEGACY_15"
  | "SIGN_IN_FAILED"
  | "SIGN_IN_THROTTLED"
  | "TABLET_CODE_INVALID"
  | "DATES_OUT_OF_ORDER"
  | "SKILL_OUTSIDE_COMPETITION"
  | "DUPLICATE_NAME"
  | "USERNAME_TAKEN"
  | "ROLE_SCOPE_INVALID"
  | "ROLE_ALREADY_GRANTED"
  | "NO_SCHEME"
  | "SCHEME_HAS_MARKS"
  | "UNKNOWN_ASPECT"
  | "MODULE_LOCKED"
  | "MODULE_NOT_LOCKED"
  | "JUDGE_CONFLICT"
  | "NOT_A_JUDGE_OF_SKILL"
  | "REASON_REQUIRED"
  | "MARK_CONFLICT"
  | "MARK_OUT_OF_RANGE"
  | "SCORE_NOT_0_TO_3"
  | "UNKNOWN_CHOICE"
  | "INPUT_DOES_NOT_FIT_CALCULATION"
  | "TOO_FEW_JUDGES"
  | "SPREAD_NOT_OVER_LIMIT"
  | "SPREAD_NOT_JUSTIFIED"
  | "SPREAD_ALREADY_APPROVED"
  | "RELATION_ALREADY_DECLARED"
  | "BIRTH_DATE_MISMATCH"
  | "GENDER_MISMATCH"
  | "TEAM_SIZE_MISMATCH"
  | "DUPLICATE_CODE"
  | "CODE_TAKEN"
  | "PERSON_TWICE"
  | "PERSON_ALREADY_IN_SKILL"
  | "PERSON_NAME_MISMATCH"
  | "UNKNOWN_DELEGATION"
  | "UNKNOWN_COMPETITOR"
  | "TIME_UNCHANGED"
  | "NOT_WS_TRACK"
  | "SCORE_SHEET_SAME_PERSON"
  | "SCORE_SHEET_DECIDED"
  | "DRAW_SEED_INVALID"
  | "DRAW_WITNESS_SELF"
  | "DRAW_WITNESS_NOT_SUPERVISOR"
  | "DRAW_NO_ENTRANTS"
  | "DRAW_CHECK_IN_FIRST"
  | "DRAW_CHECK_IN_INCOMPLETE"
  | "DRAW_REDO_REASON_REQUIRED"
  | "DRAW_AFTER_MARKS"
  | "COMPETITOR_NOT_CHECKED_IN"
  | "COMPETITOR_ABSENT"
  | "COMPETITOR_FINISHED"
  | "COMPETITOR_DISQUALIFIED"
  | "STATE_CHANGE_NOT_ALLOWED"
  | "STATE_REASON_REQUIRED"
  | "EXTRA_TIME_INVALID"
  | "CHECK_IN_WITNESS_SELF"
  | "CHECK_IN_WITNESS_NOT_SUPERVISOR"
  | "SUBMISSION_REUSED";

export class DomainError extends Error {
  readonly code: DomainErrorCode;
  readonly params: Record<string, string | number>;
  readonly field: string | undefined;

  constructor(code: DomainErrorCode, params: Record<string, string | number> = {}, field?: string) {
    super(code);
    this.name = "DomainError";
    this.code = code;
    this.params = params;
    this.field = field;
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
