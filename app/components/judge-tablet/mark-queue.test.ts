import { describe, expect, it } from "vitest";
import {
  newSubmissionId,
  applyOutcome,
  backoffMs,
  classifyResponse,
  dismiss,
  dueEntries,
  enqueue,
  latestLocal,
  maxBackoffMs,
  pendingCount,
  pruneSynced,
  retryNow,
  type QueuedMark,
} from "./mark-queue";

const entry = (id: string, over: Partial<QueuedMark> = {}) => ({
  submissionId: id,
  competitorCode: "07",
  aspectCode: "A1.1",
  value: { score: 2 },
  enteredAt: `2026-11-30T10:00:0${id.slice(-1)}Z`,
  ...over,
});

describe("mark queue", () => {
  it("enqueues new entries as pending and ignores a repeat of the same submission id", () => {
    let q = enqueue([], entry("s1"), 1000);
    q = enqueue(q, entry("s1", { value: { score: 0 } }), 2000);
    q = enqueue(q, entry("s2"), 2000);
    expect(q.map((e) => [e.submissionId, e.state, e.attempts, e.nextAttemptAt])).toEqual([
      ["s1", "pending", 0, 1000],
      ["s2", "pending", 0, 2000],
    ]);
    expect(q[0]!.value).toEqual({ score: 2 });
    expect(pendingCount(q)).toBe(2);
  });

  it.each([
    [0, 0],
    [1, 1000],
    [2, 2000],
    [3, 4000],
    [5, 16000],
    [6, maxBackoffMs],
    [40, maxBackoffMs],
  ])("backs off %i failed attempts by %i ms", (attempts, ms) => {
    expect(backoffMs(attempts)).toBe(ms);
  });

  it.each([
    [201, { markId: "m1", revision: 1, replayed: false }, { kind: "stored", markId: "m1", revision: 1, replayed: false }],
    [200, { markId: "m1", revision: 1, replayed: true }, { kind: "stored", markId: "m1", revision: 1, replayed: true }],
    [200, { nothing: true }, { kind: "transient", reason: "BAD_RESPONSE" }],
    [409, { error: { code: "MODULE_LOCKED", message: "模块 A 已锁定" } }, { kind: "refused", code: "MODULE_LOCKED", message: "模块 A 已锁定" }],
    [400, { error: { code: "JUDGE_CONFLICT", message: "回避" } }, { kind: "refused", code: "JUDGE_CONFLICT", message: "回避" }],
    [403, null, { kind: "refused", code: "HTTP_403", message: "HTTP_403" }],
    [401, { error: { code: "UNAUTHENTICATED" } }, { kind: "transient", reason: "UNAUTHENTICATED" }],
    [429, null, { kind: "transient", reason: "HTTP_429" }],
    [503, null, { kind: "transient", reason: "HTTP_503" }],
    [0, null, { kind: "transient", reason: "HTTP_0" }],
  ])("classifies HTTP %i", (status, body, outcome) => {
    expect(classifyResponse(status, body)).toEqual(outcome);
  });

  it("retries transient failures with back-off, then stores; refusals are final", () => {
    let q = enqueue(enqueue([], entry("s1"), 0), entry("s2"), 0);
    expect(dueEntries(q, 0).map((e) => e.submissionId)).toEqual(["s1", "s2"]);
    q = applyOutcome(q, "s1", { kind: "transient", reason: "HTTP_0" }, 0);
    q = applyOutcome(q, "s1", { kind: "transient", reason: "HTTP_0" }, 1000);
    expect(q[0]).toMatchObject({ state: "pending", attempts: 2, nextAttemptAt: 3000, lastError: "HTTP_0" });
    expect(dueEntries(q, 2999).map((e) => e.submissionId)).toEqual(["s2"]);
    expect(dueEntries(retryNow(q, 1500), 1500).map((e) => e.submissionId)).toEqual(["s1", "s2"]);
    q = applyOutcome(q, "s1", { kind: "stored", markId: "m1", revision: 1, replayed: true }, 3000);
    q = applyOutcome(q, "s2", { kind: "refused", code: "MODULE_LOCKED", message: "locked" }, 3000);
    expect(q.map((e) => e.state)).toEqual(["synced", "refused"]);
    expect(q[1]!.refusal).toEqual({ code: "MODULE_LOCKED", message: "locked" });
    // A late answer for an entry already decided changes nothing.
    expect(applyOutcome(q, "s2", { kind: "stored", markId: "m2", revision: 1, replayed: false }, 4000)).toEqual(q);
    expect(dueEntries(q, 10_000)).toEqual([]);
    expect(pruneSynced(q, new Set(["m1"]), "2026-12-01T00:00:00Z").map((e) => e.submissionId)).toEqual(["s2"]);
    expect(pruneSynced(q, new Set(["m1"]), "2026-11-30T10:00:00Z").length).toBe(2);
    expect(pruneSynced(q, new Set(["other"]), "2026-12-01T00:00:00Z").length).toBe(2);
    expect(dismiss(q, "s2").map((e) => e.submissionId)).toEqual(["s1"]);
    expect(dismiss(q, "s1").length).toBe(2);
  });

  it("shows the latest entry that was not refused", () => {
    let q = enqueue([], entry("s1", { value: { score: 1 } }), 0);
    q = enqueue(q, entry("s2", { value: { score: 3 } }), 0);
    q = enqueue(q, entry("s3", { aspectCode: "A1.2" }), 0);
    expect(latestLocal(q, "07", "A1.1")?.value).toEqual({ score: 3 });
    q = applyOutcome(q, "s2", { kind: "refused", code: "MODULE_LOCKED", message: "" }, 0);
    expect(latestLocal(q, "07", "A1.1")?.value).toEqual({ score: 1 });
    expect(latestLocal(q, "08", "A1.1")).toBeNull();
  });

  it("makes v4 UUIDs the server accepts as submission ids", () => {
    expect(newSubmissionId((b) => b.fill(0xff))).toBe("ffffffff-ffff-4fff-bfff-ffffffffffff");
    expect(newSubmissionId()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(newSubmissionId()).not.toBe(newSubmissionId());
  });
});
