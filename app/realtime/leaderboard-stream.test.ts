import { describe, expect, it } from "vitest";
import type { PublicLeaderboard } from "./events";
import { rankMoves, stepEvent, stepSnapshot, type StreamPosition } from "./leaderboard-stream";

const competitionId = "11111111-1111-4111-8111-111111111111";
const skillId = "22222222-2222-4222-8222-222222222222";
const board: PublicLeaderboard = {
  status: "live",
  asOf: "2026-11-22T03:00:00.000Z",
  track: "ws",
  modules: [{ code: "A", max: "60.00" }],
  rows: [{ rank: 1, code: "07", modules: ["10.00"], total: "10.00", points: 700, medal: null }],
};
const at: StreamPosition & { audience: "public" } = { competitionId, skillId, audience: "public", seq: 4 };
const event = (seq: number, extra: Record<string, unknown> = {}) => ({
  type: "leaderboard.updated",
  audience: "public",
  competitionId,
  skillId,
  seq,
  occurredAt: "2026-11-22T03:00:00.000Z",
  leaderboard: board,
  ...extra,
});

describe("a leaderboard stream on the client", () => {
  it.each([
    ["the next event applies", event(5), "apply"],
    ["an event already seen is ignored", event(4), "ignore"],
    ["an older event is ignored", event(2), "ignore"],
    ["a gap resyncs over HTTP", event(7), "resync"],
    ["a frozen board is the next event too", event(5, { type: "leaderboard.frozen", leaderboard: { ...board, status: "frozen" } }), "apply"],
    ["a bad payload resyncs", event(5, { leaderboard: { ...board, rows: [{ rank: 0 }] } }), "resync"],
    ["a row with a name resyncs (strict schema)", event(5, { leaderboard: { ...board, rows: [{ ...board.rows[0], name: "张三" }] } }), "resync"],
    ["not an object resyncs", "garbage", "resync"],
    ["another skill's event is ignored", event(5, { skillId: "33333333-3333-4333-8333-333333333333" }), "ignore"],
    ["a staff event in a public stream is ignored or refused", event(5, { audience: "staff" }), "resync"],
    ["other news in the room is not this stream's", { type: "competition.updated", competitionId, skillId, seq: 9 }, "ignore"],
  ])("%s", (_name, payload, expected) => {
    expect(stepEvent(at, payload, board).kind).toBe(expected);
  });

  it("applies changed rows to the board of the number before, re-sorted", () => {
    const two: PublicLeaderboard = { ...board, rows: [...board.rows, { rank: 2, code: "03", modules: ["5.00"], total: "5.00", points: 650, medal: null }] };
    const overtaken = { rank: 1, code: "03", modules: ["12.00"], total: "12.00", points: 710, medal: null };
    const step = stepEvent(
      at,
      event(5, {
        type: "leaderboard.rows_changed",
        leaderboard: undefined,
        changes: { asOf: "2026-11-22T03:01:00.000Z", rows: [overtaken, { ...board.rows[0], rank: 2, points: 690 }], removed: [] },
      }),
      two,
    );
    expect(step).toEqual({
      kind: "apply",
      seq: 5,
      board: { ...two, asOf: "2026-11-22T03:01:00.000Z", rows: [overtaken, { ...board.rows[0], rank: 2, points: 690 }] },
    });
    // After a gap the rows cannot be applied: reload.
    expect(
      stepEvent(
        at,
        event(6, { type: "leaderboard.rows_changed", leaderboard: undefined, changes: { asOf: "2026-11-22T03:01:00.000Z", rows: [overtaken], removed: [] } }),
        two,
      ).kind,
    ).toBe("resync");
    // Changed rows must be rows: a name cannot ride along, an empty change is not an event.
    expect(
      stepEvent(
        at,
        event(5, {
          type: "leaderboard.rows_changed",
          leaderboard: undefined,
          changes: { asOf: "2026-11-22T03:01:00.000Z", rows: [{ ...overtaken, name: "张三" }], removed: [] },
        }),
        two,
      ).kind,
    ).toBe("resync");
    expect(
      stepEvent(
        at,
        event(5, { type: "leaderboard.rows_changed", leaderboard: undefined, changes: { asOf: "2026-11-22T03:01:00.000Z", rows: [], removed: [] } }),
        two,
      ).kind,
    ).toBe("resync");
  });

  it("drops a competitor who left when the event carries only the removal", () => {
    const two: PublicLeaderboard = { ...board, rows: [...board.rows, { rank: 2, code: "03", modules: ["5.00"], total: "5.00", points: 650, medal: null }] };
    const step = stepEvent(
      at,
      event(5, { type: "leaderboard.rows_changed", leaderboard: undefined, changes: { asOf: "2026-11-22T03:02:00.000Z", rows: [], removed: ["03"] } }),
      two,
    );
    expect(step).toEqual({ kind: "apply", seq: 5, board: { ...board, asOf: "2026-11-22T03:02:00.000Z" } });
  });

  it("applies a snapshot on joining unless the screen has a newer one", () => {
    const snapshot = (seq: number) => ({ audience: "public", competitionId, skillId, seq, leaderboard: board });
    expect(stepSnapshot(at, snapshot(9))).toEqual({ kind: "apply", seq: 9, board });
    expect(stepSnapshot(at, snapshot(4)).kind).toBe("apply");
    expect(stepSnapshot(at, snapshot(3)).kind).toBe("ignore");
    expect(stepSnapshot({ ...at, seq: 0 }, snapshot(0)).kind).toBe("apply");
    expect(stepSnapshot(at, { ...snapshot(9), seq: -1 }).kind).toBe("resync");
  });

  it("finds rank moves by code", () => {
    const before = {
      rows: [
        { code: "07", rank: 1 },
        { code: "03", rank: 2 },
        { code: "05", rank: 3 },
      ],
    };
    const after = {
      rows: [
        { code: "03", rank: 1 },
        { code: "07", rank: 2 },
        { code: "05", rank: 3 },
        { code: "09", rank: 4 },
      ],
    };
    expect(rankMoves(before, after)).toEqual(
      new Map([
        ["03", 1],
        ["07", -1],
      ]),
    );
    expect(rankMoves(null, after).size).toBe(0);
  });
});
