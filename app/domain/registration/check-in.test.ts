import { describe, expect, it } from "vitest";
import { DomainError } from "../errors";
import {
  actionsAvailable,
  competitorStates,
  maxExtraMinutes,
  parseCheckInQuery,
  planStateChange,
  stateActions,
  type Capacities,
  type CompetitorState,
  type StateAction,
  type StateChangeRequest,
} from "./check-in";

const organizer: Capacities = { isCheckInStaff: true, isChiefJudge: false };
const chief: Capacities = { isCheckInStaff: false, isChiefJudge: true };
const both: Capacities = { isCheckInStaff: true, isChiefJudge: true };
const nobody: Capacities = { isCheckInStaff: false, isChiefJudge: false };

const request = (action: StateAction, over: Partial<StateChangeRequest> = {}): StateChangeRequest => ({
  action,
  reason: null,
  extraMinutes: null,
  witnessUserId: null,
  actorUserId: "actor",
  ...over,
});
const withReason = (action: StateAction, over: Partial<StateChangeRequest> = {}) => request(action, { reason: "工位断电", ...over });

function refusal(run: () => unknown): { code: string; field: string | undefined } | undefined {
  try {
    run();
  } catch (e) {
    if (e instanceof DomainError) return { code: e.code, field: e.field };
    throw e;
  }
  return undefined;
}

describe("legal state changes", () => {
  it.each<[CompetitorState, StateAction, Capacities, CompetitorState]>([
    ["registered", "check_in", organizer, "ready"],
    ["registered", "mark_absent", organizer, "absent"],
    ["ready", "mark_absent", organizer, "absent"],
    ["ready", "start", chief, "competing"],
    ["paused", "resume", chief, "competing"],
    ["competing", "finish", chief, "finished"],
    ["paused", "finish", chief, "finished"],
  ])("%s --%s--> %s", (from, action, who, to) => {
    expect(planStateChange(from, request(action), who)).toEqual({ kind: "change", action, from, to, reason: null, extraMinutes: null, witnessUserId: null });
  });

  it.each<[CompetitorState, StateAction, CompetitorState]>([
    ["competing", "pause", "paused"],
    ["finished", "reopen", "competing"],
    ["absent", "check_in", "ready"],
    ["ready", "disqualify", "disqualified"],
    ["competing", "disqualify", "disqualified"],
    ["finished", "disqualify", "disqualified"],
  ])("%s --%s (with a reason)--> %s", (from, action, to) => {
    const who = action === "check_in" ? organizer : chief;
    expect(planStateChange(from, withReason(action), who)).toMatchObject({ kind: "change", from, to, reason: "工位断电" });
  });

  it("extra time keeps the state and records the minutes", () => {
    expect(planStateChange("paused", withReason("grant_extra_time", { extraMinutes: 15 }), chief)).toEqual({
      kind: "change",
      action: "grant_extra_time",
      from: "paused",
      to: "paused",
      reason: "工位断电",
      extraMinutes: 15,
      witnessUserId: null,
    });
    expect(planStateChange("competing", withReason("grant_extra_time", { extraMinutes: maxExtraMinutes }), chief)).toMatchObject({
      to: "competing",
      extraMinutes: maxExtraMinutes,
    });
  });

  it("the organizer may disqualify too, with a reason", () => {
    expect(planStateChange("ready", withReason("disqualify"), organizer)).toMatchObject({ kind: "change", to: "disqualified" });
  });

  it("a check-in may name a witness (not the actor); other steps carry none", () => {
    expect(planStateChange("registered", request("check_in", { witnessUserId: "supervisor" }), organizer)).toMatchObject({ witnessUserId: "supervisor" });
    expect(refusal(() => planStateChange("registered", request("check_in", { witnessUserId: "actor" }), organizer))).toEqual({
      code: "CHECK_IN_WITNESS_SELF",
      field: "witnessUserId",
    });
    expect(planStateChange("ready", request("start", { witnessUserId: "supervisor" }), chief)).toMatchObject({ witnessUserId: null });
  });
});

describe("illegal state changes", () => {
  it.each<[CompetitorState, StateAction, string]>([
    ["registered", "start", "COMPETITOR_NOT_CHECKED_IN"],
    ["registered", "pause", "COMPETITOR_NOT_CHECKED_IN"],
    ["registered", "finish", "COMPETITOR_NOT_CHECKED_IN"],
    ["absent", "start", "COMPETITOR_ABSENT"],
    ["absent", "grant_extra_time", "COMPETITOR_ABSENT"],
    ["absent", "disqualify", "COMPETITOR_ABSENT"],
    ["disqualified", "start", "COMPETITOR_DISQUALIFIED"],
    ["disqualified", "check_in", "COMPETITOR_DISQUALIFIED"],
    ["disqualified", "reopen", "COMPETITOR_DISQUALIFIED"],
    ["finished", "start", "COMPETITOR_FINISHED"],
    ["finished", "pause", "COMPETITOR_FINISHED"],
    ["finished", "grant_extra_time", "COMPETITOR_FINISHED"],
    ["finished", "mark_absent", "COMPETITOR_FINISHED"],
    ["ready", "pause", "STATE_CHANGE_NOT_ALLOWED"],
    ["ready", "resume", "STATE_CHANGE_NOT_ALLOWED"],
    ["ready", "finish", "STATE_CHANGE_NOT_ALLOWED"],
    ["ready", "reopen", "STATE_CHANGE_NOT_ALLOWED"],
    ["competing", "check_in", "STATE_CHANGE_NOT_ALLOWED"],
    ["competing", "mark_absent", "STATE_CHANGE_NOT_ALLOWED"],
    ["paused", "start", "STATE_CHANGE_NOT_ALLOWED"],
    ["ready", "grant_extra_time", "STATE_CHANGE_NOT_ALLOWED"],
  ])("%s: %s is refused with %s", (from, action, code) => {
    expect(refusal(() => planStateChange(from, withReason(action, { extraMinutes: 10 }), both))?.code).toBe(code);
  });

  it("checks every pair: a change either follows the table or is refused, never anything else", () => {
    for (const from of competitorStates)
      for (const action of stateActions) {
        const outcome = (() => {
          try {
            return planStateChange(from, withReason(action, { extraMinutes: 5 }), both);
          } catch (e) {
            expect(e).toBeInstanceOf(DomainError);
            return null;
          }
        })();
        expect(outcome === null || actionsAvailable(from, both).includes(action) || outcome.kind === "repeat", `${from} ${action}`).toBe(true);
      }
  });
});

describe("who may do what", () => {
  it("check-in and absence are the check-in desk's (organizer); the chief judge runs the competition time", () => {
    expect(refusal(() => planStateChange("registered", request("check_in"), chief))?.code).toBe("FORBIDDEN");
    expect(refusal(() => planStateChange("ready", request("start"), organizer))?.code).toBe("FORBIDDEN");
    expect(refusal(() => planStateChange("competing", withReason("pause"), organizer))?.code).toBe("FORBIDDEN");
    expect(refusal(() => planStateChange("competing", withReason("grant_extra_time", { extraMinutes: 5 }), organizer))?.code).toBe("FORBIDDEN");
    expect(refusal(() => planStateChange("finished", withReason("reopen"), organizer))?.code).toBe("FORBIDDEN");
    expect(refusal(() => planStateChange("ready", withReason("disqualify"), nobody))?.code).toBe("FORBIDDEN");
    expect(refusal(() => planStateChange("registered", request("check_in"), nobody))?.code).toBe("FORBIDDEN");
  });

  it("a refusal for want of a role comes before anything else, even for a repeat", () => {
    expect(refusal(() => planStateChange("paused", withReason("pause"), organizer))?.code).toBe("FORBIDDEN");
  });

  it("lists the actions a person may take in a state (the page's buttons)", () => {
    expect(actionsAvailable("registered", organizer)).toEqual(["check_in", "mark_absent", "disqualify"]);
    // A no-show at the start: the chief judge may record the absence too.
    expect(actionsAvailable("registered", chief)).toEqual(["mark_absent", "disqualify"]);
    expect(actionsAvailable("ready", chief)).toEqual(["mark_absent", "start", "disqualify"]);
    expect(actionsAvailable("competing", chief)).toEqual(["pause", "grant_extra_time", "finish", "disqualify"]);
    expect(actionsAvailable("paused", chief)).toEqual(["resume", "grant_extra_time", "finish", "disqualify"]);
    expect(actionsAvailable("finished", chief)).toEqual(["reopen", "disqualify"]);
    expect(actionsAvailable("finished", organizer)).toEqual(["disqualify"]);
    expect(actionsAvailable("absent", organizer)).toEqual(["check_in"]);
    expect(actionsAvailable("disqualified", both)).toEqual([]);
    expect(actionsAvailable("competing", nobody)).toEqual([]);
  });
});

describe("reasons and extra time", () => {
  it.each<[CompetitorState, StateAction]>([
    ["competing", "pause"],
    ["finished", "reopen"],
    ["ready", "disqualify"],
    ["absent", "check_in"],
    ["competing", "grant_extra_time"],
  ])("%s: %s needs a reason", (from, action) => {
    const who = action === "check_in" ? organizer : chief;
    expect(refusal(() => planStateChange(from, request(action, { extraMinutes: 5 }), who))).toEqual({ code: "STATE_REASON_REQUIRED", field: "reason" });
    expect(refusal(() => planStateChange(from, request(action, { extraMinutes: 5, reason: "   " }), who))).toEqual({
      code: "STATE_REASON_REQUIRED",
      field: "reason",
    });
  });

  it.each([0, -5, 2.5, maxExtraMinutes + 1, Number.NaN, null])("extra time of %s minutes is refused", (minutes) => {
    expect(refusal(() => planStateChange("competing", withReason("grant_extra_time", { extraMinutes: minutes }), chief))).toEqual({
      code: "EXTRA_TIME_INVALID",
      field: "extraMinutes",
    });
  });

  it("minutes given with another step are not recorded", () => {
    expect(planStateChange("competing", withReason("pause", { extraMinutes: 10 }), chief)).toMatchObject({ extraMinutes: null });
  });
});

describe("repeats", () => {
  it.each<[CompetitorState, StateAction, Capacities]>([
    ["ready", "check_in", organizer],
    ["absent", "mark_absent", organizer],
    ["competing", "start", chief],
    ["paused", "pause", chief],
    ["competing", "resume", chief],
    ["finished", "finish", chief],
    ["disqualified", "disqualify", chief],
  ])("%s: asking to %s again answers the state as it is, with no change", (from, action, who) => {
    expect(planStateChange(from, request(action), who)).toEqual({ kind: "repeat", state: from });
  });

  it("extra time is never a repeat by state: only its submission id makes it one", () => {
    expect(planStateChange("competing", withReason("grant_extra_time", { extraMinutes: 5 }), chief).kind).toBe("change");
  });
});

describe("search", () => {
  it("is empty for blank input", () => {
    expect(parseCheckInQuery("")).toBeNull();
    expect(parseCheckInQuery("   ")).toBeNull();
  });

  it("takes a name as a substring, spaces collapsed", () => {
    expect(parseCheckInQuery("  王 小明 ")).toEqual({ text: "王 小明", code: "王 小明", idTail: null, idNumber: null });
  });

  it("takes 4 to 17 ID characters as a tail: only the last four can be compared with the masked number", () => {
    expect(parseCheckInQuery("1234")).toMatchObject({ idTail: "1234", idNumber: null, code: "1234" });
    expect(parseCheckInQuery("56 123x")).toMatchObject({ idTail: "123X", idNumber: null });
    expect(parseCheckInQuery("123")).toMatchObject({ idTail: null });
  });

  it("reads full-width digits typed with a Chinese input method", () => {
    expect(parseCheckInQuery("１２３４")).toMatchObject({ idTail: "1234" });
  });

  it("takes a whole 18-character ID number for an exact match (through the blind index, never decrypting)", () => {
    expect(parseCheckInQuery("510104 20040315 123x")).toMatchObject({ idNumber: "51010420040315123X", idTail: "123X" });
  });

  it("takes a code (registration, check-in or workstation number) upper-cased", () => {
    expect(parseCheckInQuery("j07")).toMatchObject({ code: "J07", idTail: null });
  });

  it("caps the length", () => {
    expect(parseCheckInQuery("名".repeat(200))!.text).toHaveLength(50);
  });
});
