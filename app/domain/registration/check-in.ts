// Check-in 检录 and competitor states (RULES.md "Anonymity, draw, check-in"; docs/decisions/013).
// Terms:
//   state   — where a competitor stands on the day: `registered` (not checked in yet) → `ready`
//             (checked in, identity confirmed) → `competing` ⇄ `paused` → `finished`; or `absent`
//             (did not come) / `disqualified` (by a decision, with a reason; final);
//   action  — what a person does to move it: check_in, mark_absent (the check-in desk: organizers,
//             a supervisor may witness the check-in); start, pause, resume, grant_extra_time,
//             finish, reopen (the skill's chief judge); disqualify (chief judge or organizer);
//   repeat  — asking for the state a competitor is already in: answered with that state, no change.
// Extra time keeps the state and records whole minutes (1 … maxExtraMinutes per grant).
// Boundary: pure — who the person is comes in as capacities, nothing reads a clock or a database.
import { DomainError } from "../errors";

export const competitorStates = ["registered", "ready", "competing", "paused", "finished", "absent", "disqualified"] as const;
export type CompetitorState = (typeof competitorStates)[number];

export const stateActions = ["check_in", "mark_absent", "start", "pause", "resume", "grant_extra_time", "finish", "reopen", "disqualify"] as const;
export type StateAction = (typeof stateActions)[number];

/** The most extra time one grant may give; a longer interruption is several grants, each with its reason. */
export const maxExtraMinutes = 60;

/** What the person acting is, for this skill: at the check-in desk (organizer) and/or its chief judge. */
export interface Capacities {
  isCheckInStaff: boolean;
  isChiefJudge: boolean;
}

export interface StateChangeRequest {
  action: StateAction;
  reason: string | null;
  extraMinutes: number | null;
  /** A supervisor who watched the identity check (check_in only). */
  witnessUserId: string | null;
  actorUserId: string;
}

export type StateChangePlan =
  | {
      kind: "change";
      action: StateAction;
      from: CompetitorState;
      to: CompetitorState;
      reason: string | null;
      extraMinutes: number | null;
      witnessUserId: string | null;
    }
  | { kind: "repeat"; state: CompetitorState };

interface Rule {
  from: readonly CompetitorState[];
  /** null: the state stays (extra time). */
  to: CompetitorState | null;
  by: (c: Capacities) => boolean;
  /** A reason is needed always, or only from some states. */
  reason: boolean | readonly CompetitorState[];
}

const desk = (c: Capacities) => c.isCheckInStaff;
const chief = (c: Capacities) => c.isChiefJudge;

const rules: Record<StateAction, Rule> = {
  // From absent: a late arrival marked absent too early — allowed, but the reason is recorded.
  check_in: { from: ["registered", "absent"], to: "ready", by: desk, reason: ["absent"] },
  mark_absent: { from: ["registered", "ready"], to: "absent", by: (c) => desk(c) || chief(c), reason: false },
  start: { from: ["ready"], to: "competing", by: chief, reason: false },
  pause: { from: ["competing"], to: "paused", by: chief, reason: true },
  resume: { from: ["paused"], to: "competing", by: chief, reason: false },
  grant_extra_time: { from: ["competing", "paused"], to: null, by: chief, reason: true },
  finish: { from: ["competing", "paused"], to: "finished", by: chief, reason: false },
  // Finished is final, except that the chief judge may reopen it, saying why.
  reopen: { from: ["finished"], to: "competing", by: chief, reason: true },
  disqualify: { from: ["registered", "ready", "competing", "paused", "finished"], to: "disqualified", by: (c) => desk(c) || chief(c), reason: true },
};

/** Actions the person may take from `state`, in the order the page shows them. */
export function actionsAvailable(state: CompetitorState, capacities: Capacities): StateAction[] {
  return stateActions.filter((action) => rules[action].by(capacities) && rules[action].from.includes(state));
}

/** The state an action leads to from `state` (extra time: the same). */
export function targetOf(action: StateAction, state: CompetitorState): CompetitorState {
  return rules[action].to ?? state;
}

/** Why `action` cannot be taken from `state`, as the most telling refusal. */
function refusalOf(state: CompetitorState, action: StateAction): DomainError {
  if (state === "disqualified") return new DomainError("COMPETITOR_DISQUALIFIED");
  if (state === "absent") return new DomainError("COMPETITOR_ABSENT");
  if (state === "finished") return new DomainError("COMPETITOR_FINISHED");
  if (state === "registered") return new DomainError("COMPETITOR_NOT_CHECKED_IN");
  return new DomainError("STATE_CHANGE_NOT_ALLOWED", { action, state });
}

/**
 * Plans one state change: refused (a DomainError) when the person may not take the action, when
 * the competitor's state does not allow it, or when a reason or valid minutes are missing; a
 * repeat when the competitor is already where the action leads; otherwise the row to record.
 */
export function planStateChange(current: CompetitorState, request: StateChangeRequest, capacities: Capacities): StateChangePlan {
  const rule = rules[request.action];
  if (!rule.by(capacities)) throw new DomainError("FORBIDDEN");
  if (rule.to !== null && rule.to === current) return { kind: "repeat", state: current };
  if (!rule.from.includes(current)) throw refusalOf(current, request.action);
  const reason = request.reason?.trim() || null;
  const needsReason = rule.reason === true || (Array.isArray(rule.reason) && rule.reason.includes(current));
  if (needsReason && reason === null) throw new DomainError("STATE_REASON_REQUIRED", {}, "reason");
  let extraMinutes: number | null = null;
  if (request.action === "grant_extra_time") {
    const minutes = request.extraMinutes;
    if (minutes === null || !Number.isInteger(minutes) || minutes < 1 || minutes > maxExtraMinutes)
      throw new DomainError("EXTRA_TIME_INVALID", { max: maxExtraMinutes }, "extraMinutes");
    extraMinutes = minutes;
  }
  let witnessUserId: string | null = null;
  if (request.action === "check_in" && request.witnessUserId !== null) {
    if (request.witnessUserId === request.actorUserId) throw new DomainError("CHECK_IN_WITNESS_SELF", {}, "witnessUserId");
    witnessUserId = request.witnessUserId;
  }
  return { kind: "change", action: request.action, from: current, to: targetOf(request.action, current), reason, extraMinutes, witnessUserId };
}

/** What a search box's text can match, each part compared without ever decrypting an ID number. */
export interface CheckInQuery {
  /** A substring of a member's name (case-insensitive). */
  text: string;
  /** Equal to a registration, check-in or workstation number (upper-case). */
  code: string;
  /** The last four characters of an ID number: all the masked form shows of its end. */
  idTail: string | null;
  /** A whole ID number (18 characters), found through the blind index. */
  idNumber: string | null;
}

const maxQueryLength = 50;

/**
 * Reads the check-in desk's search box: full-width characters folded (a Chinese input method's
 * １２３４), spaces collapsed; 4 to 18 digits (an X last) also count as the tail of an ID number,
 * and 18 as a whole one. Null for a blank box.
 */
export function parseCheckInQuery(raw: string): CheckInQuery | null {
  const text = raw.normalize("NFKC").trim().replace(/\s+/g, " ").slice(0, maxQueryLength);
  if (text === "") return null;
  const compact = text.replace(/[\s-]/g, "").toUpperCase();
  const idLike = /^[0-9]{3,17}[0-9X]$/.test(compact);
  return {
    text,
    code: text.toUpperCase(),
    idTail: idLike && compact.length >= 4 ? compact.slice(-4) : null,
    idNumber: idLike && compact.length === 18 ? compact : null,
  };
}
