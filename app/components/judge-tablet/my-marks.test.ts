import { describe, expect, it } from "vitest";
import type { QueuedMark } from "./mark-queue";
import { myMarkRows } from "./my-marks";

const entry = (over: Partial<QueuedMark>): QueuedMark => ({
  submissionId: "s",
  competitorCode: "01",
  aspectCode: "A1.1",
  value: { score: 1 },
  enteredAt: "2026-11-30T10:00:00Z",
  state: "synced",
  attempts: 0,
  nextAttemptAt: 0,
  ...over,
});
const server = (over: Partial<{ markId: string; code: string; aspectCode: string; value: QueuedMark["value"]; revision: number; recordedAt: string }>) => ({
  markId: "m1",
  code: "01",
  aspectCode: "A1.1",
  value: { score: 1 },
  revision: 1,
  recordedAt: "2026-11-30T10:00:01Z",
  ...over,
});
const why = (q: QueuedMark) => `why:${q.refusal?.code}`;

describe("My marks rows", () => {
  it("shows the server's correction, not the tablet's older synced entry", () => {
    const rows = myMarkRows(
      { marks: [server({ markId: "m2", revision: 2, value: { score: 3 } })] },
      [entry({ submissionId: "s1", markId: "m1", revision: 1 })],
      why,
    );
    expect(rows.map((r) => [r.aspectCode, r.value, r.revision, r.state])).toEqual([["A1.1", { score: 3 }, 2, "synced"]]);
  });

  it("shows a pending correction over the server's mark, and a synced one the cached server data does not show yet", () => {
    const rows = myMarkRows(
      { marks: [server({}), server({ markId: "m3", aspectCode: "A1.2" })] },
      [
        entry({ submissionId: "s2", state: "pending", value: { score: 2 }, enteredAt: "2026-11-30T11:00:00Z" }),
        entry({ submissionId: "s3", aspectCode: "A1.3", markId: "m9", revision: 1 }),
      ],
      why,
    );
    expect(rows.map((r) => [r.aspectCode, r.value, r.state])).toEqual([
      ["A1.1", { score: 2 }, "pending"],
      ["A1.2", { score: 1 }, "synced"],
      ["A1.3", { score: 1 }, "synced"],
    ]);
  });

  it("lists refused entries first, with the reason, beside the mark that stands", () => {
    const rows = myMarkRows(
      { marks: [server({})] },
      [entry({ submissionId: "s4", state: "refused", refusal: { code: "MODULE_LOCKED", message: "locked" }, value: { score: 0 } })],
      why,
    );
    expect(rows.map((r) => [r.state, r.value, r.refusal ?? null])).toEqual([
      ["refused", { score: 0 }, "why:MODULE_LOCKED"],
      ["synced", { score: 1 }, null],
    ]);
  });
});
