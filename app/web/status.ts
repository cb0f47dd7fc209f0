// The one map from a DomainError's code to its HTTP status, for forms, the JSON API, loaders and
// downloads alike. A refusal the caller can fix by changing the input is 400; one the state of
// things does not allow now (a lock, a step already taken, someone else's change) is 409.
import type { DomainErrorCode } from "~/domain/errors";

const statusOfCode: Partial<Record<DomainErrorCode, number>> = {
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  // A judge manages only the tokens they made themselves.
  API_TOKEN_NOT_OWN: 403,
  // The squad's pages exist only for a WorldSkills national squad.
  SQUAD_NOT_WS_SQUAD: 404,
  NOT_ASSIGNED: 403,
  // The two-person rule: the same person may not verify what they entered, whatever they hold.
  SCORE_SHEET_SAME_PERSON: 403,
  SIGN_IN_THROTTLED: 429,
  MODULE_LOCKED: 409,
  MARK_CONFLICT: 409,
  SCHEME_HAS_MARKS: 409,
  SCHEME_HAS_LOCKS: 409,
  SCORE_SHEET_DECIDED: 409,
  DRAW_AFTER_MARKS: 409,
  // A competitor's state does not allow the step (someone else may have moved it).
  COMPETITOR_NOT_CHECKED_IN: 409,
  COMPETITOR_ABSENT: 409,
  COMPETITOR_FINISHED: 409,
  COMPETITOR_DISQUALIFIED: 409,
  STATE_CHANGE_NOT_ALLOWED: 409,
  SUBMISSION_REUSED: 409,
  // Results, sign-off and appeals move step by step; a step out of turn waits for the others.
  RESULTS_MODULES_UNLOCKED: 409,
  RESULTS_INCOMPLETE: 409,
  RESULTS_FLAGGED: 409,
  RESULTS_ALREADY_PUBLISHED: 409,
  SIGN_OFF_REQUIRED: 409,
  SIGN_OFF_STALE: 409,
  APPEAL_STATE: 409,
  APPEAL_NOT_UPHELD: 409,
  DECRYPT_MODULES_UNLOCKED: 409,
  DECRYPT_LAYER_ORDER: 409,
  // Someone else changed it first, or it was done already.
  ASSIGNMENT_CHANGED: 409,
  REGISTRATION_CHANGED: 409,
  REGISTRATION_STATE: 409,
  ROLE_ALREADY_GRANTED: 409,
  RELATION_ALREADY_DECLARED: 409,
  FLAG_ALREADY_RESOLVED: 409,
  SQUAD_ROUND_EXISTS: 409,
};

export function statusOfDomainError(code: DomainErrorCode): number {
  return statusOfCode[code] ?? 400;
}
