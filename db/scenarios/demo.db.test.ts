// The canonical demo scenario, loaded once (it takes about half a minute) and checked by groups
// of tests kept in db/scenarios/demo-checks/, all registered in the one describe below.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyStoredAuditChain } from "~/services/audit/verify-audit-chain.server";
import { createTestDatabase, type TestDatabase } from "../testing";
import { isDatabaseEmpty, loadDemoScenario, type DemoSummary } from "./demo";
import { historyCompetitions, squadRounds } from "./data/history";
import { depsFor, fingerprint, type DemoRun } from "./demo-checks/helpers";
import { checkMainCompetition } from "./demo-checks/main-competition";
import { checkNextEdition } from "./demo-checks/next-edition";
import { checkHistory } from "./demo-checks/history";

let t: TestDatabase;
let summary: DemoSummary;
let emptyBefore: boolean;
let loadMs: number;

beforeAll(async () => {
  t = await createTestDatabase();
  emptyBefore = await isDatabaseEmpty(t.db);
  const started = performance.now();
  summary = await loadDemoScenario(depsFor(t.db));
  loadMs = performance.now() - started;
}, 300_000);
afterAll(async () => {
  await t.drop();
});

describe(`demo scenario (${process.env.TEST_DATABASE_URL ? "postgres" : "pglite"})`, () => {
  const run: DemoRun = {
    get t() {
      return t;
    },
    get summary() {
      return summary;
    },
    get emptyBefore() {
      return emptyBefore;
    },
    get loadMs() {
      return loadMs;
    },
  };
  checkMainCompetition(run);
  checkNextEdition(run);
  checkHistory(run);

  it("records every step in an audit chain that verifies", async () => {
    const verdict = await verifyStoredAuditChain(t.db);
    expect(verdict).toMatchObject({ ok: true });
    const loaded = await t.db
      .selectFrom("auditEvent")
      .select(["after", "competitionId"])
      .where("action", "=", "scenario.loaded")
      .where("competitionId", "=", summary.competitionId)
      .execute();
    expect(loaded).toHaveLength(1);
    expect(loaded[0]?.after).toMatchObject({ scenario: "demo", competitors: summary.counts.competitors, persons: summary.counts.persons });
    // The history's bulk writes: people and entries, then marks, once per competition (per round
    // for the squad), adding up to what the history reports.
    const history = await t.db
      .selectFrom("auditEvent")
      .select(["action", "after"])
      .where("action", "in", ["scenario.loaded", "scenario.marked"])
      .where("competitionId", "<>", summary.competitionId)
      .execute();
    const total = (action: string, key: string) =>
      history.filter((e) => e.action === action).reduce((n, e) => n + Number((e.after as Record<string, unknown>)[key]), 0);
    expect(history.filter((e) => e.action === "scenario.loaded")).toHaveLength(historyCompetitions.length + squadRounds.length - 1);
    expect(total("scenario.loaded", "persons")).toBe(summary.history.newPersons);
    expect(total("scenario.loaded", "competitors")).toBe(summary.history.competitors);
    expect(total("scenario.marked", "marks")).toBe(summary.history.marks);
  });

  it("produces the same people and registrations in a second database", async () => {
    const second = await createTestDatabase();
    try {
      await loadDemoScenario(depsFor(second.db));
      const [a, b] = [await fingerprint(t.db), await fingerprint(second.db)];
      expect(b.names).toEqual(a.names);
      expect(b.entries).toEqual(a.entries);
      expect(b.history).toEqual(a.history);
      expect(a.history.length).toBe(summary.history.competitors);
    } finally {
      await second.drop();
    }
  }, 300_000);
});
