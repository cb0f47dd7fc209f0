// A fresh, migrated database for one test file: PGlite in memory by default, or a new database
// on the PostgreSQL server named by TEST_DATABASE_URL (created here, dropped by `drop()`), so
// test files never share dirty state and CI can run the same suite on both engines.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import postgres from "postgres";
import { migrateToLatest, openDatabase, type DatabaseHandle, type DB } from "./connection";
import type { Principal } from "../app/domain/access/roles";
import type { ServiceDeps } from "../app/services/deps.server";
import type { RealtimeEvent } from "../app/realtime/events";
import { CompetitionInputSchema, DelegationInputSchema, SkillInputSchema } from "../app/domain/competition/inputs";
import { exampleCompetitionForm, exampleSkillForm } from "./test-support/example-forms";
import { saveCompetition } from "../app/services/competitions/save-competition.server";
import { saveDelegation } from "../app/services/competitions/save-delegation.server";
import { saveSkill } from "../app/services/competitions/save-skill.server";
import { parseSchemeCsv } from "../app/services/marking-schemes/scheme-csv.server";

export interface TestDatabase extends DatabaseHandle {
  /** The PostgreSQL URL of the test database (for a second client such as the Socket.io adapter); null on PGlite. */
  url: string | null;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const handle = await openDatabase({ kind: "pglite", dataDir: null });
    await migrateToLatest(handle.db);
    return { ...handle, url: null, drop: () => handle.close() };
  }
  const name = `gj_test_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ kind: "postgres", url: url.toString(), maxConnections: 4 });
  await migrateToLatest(handle.db);
  return {
    ...handle,
    url: url.toString(),
    drop: async () => {
      await handle.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** Service dependencies over a test database: a settable clock and a recorder of published events. */
export function testServiceDeps(handle: DatabaseHandle, start = new Date("2026-11-22T02:00:00Z")) {
  let now = start;
  const published: RealtimeEvent[] = [];
  const deps: ServiceDeps = {
    db: handle.db,
    now: () => now,
    events: { publish: (events) => void published.push(...events) },
    secrets: { sessionSecret: "test-session-secret-test-session-secret", piiKey: Buffer.alloc(32, 7) },
  };
  return {
    deps,
    published,
    advance(ms: number) {
      now = new Date(now.getTime() + ms);
    },
  };
}

/** The DomainError code a call was refused with, or undefined when it succeeded (other errors propagate). */
export async function refusalCode(promise: Promise<unknown>): Promise<string | undefined> {
  const { DomainError } = await import("../app/domain/errors");
  try {
    await promise;
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
  return undefined;
}

/**
 * The platform administrator "root", inserted directly (the first account has nobody to grant it),
 * as the principal the tests act as.
 */
export async function createPlatformAdmin(db: DB, options: { passwordHash?: string | null } = {}): Promise<Principal> {
  const root = await db
    .insertInto("appUser")
    .values({ username: "root", displayName: "管理员", passwordHash: options.passwordHash ?? null, isPlatformAdmin: true })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { userId: root.id, isPlatformAdmin: true, grants: [] };
}

/** A competition and one skill through the real services, from the example forms with the given fields overridden. */
export async function createCompetitionWithSkill(
  deps: ServiceDeps,
  admin: Principal,
  overrides: { competition?: Record<string, string>; skill?: Record<string, string> } = {},
): Promise<{ competitionId: string; skillId: string }> {
  const { competitionId } = await saveCompetition(deps, admin, CompetitionInputSchema.parse({ ...exampleCompetitionForm, ...overrides.competition }), null);
  return { competitionId, skillId: await createSkill(deps, admin, competitionId, overrides.skill) };
}

/** A skill of a competition through the real service, from the example form with the given fields overridden. */
export async function createSkill(deps: ServiceDeps, admin: Principal, competitionId: string, overrides: Record<string, string> = {}): Promise<string> {
  const { skillId } = await saveSkill(deps, admin, competitionId, SkillInputSchema.parse({ ...exampleSkillForm, ...overrides }), null);
  return skillId;
}

/** A regional delegation of a competition through the real service (Chengdu unless told). */
export async function createDelegation(
  deps: ServiceDeps,
  admin: Principal,
  competitionId: string,
  form: Record<string, string | undefined> = { nameZh: "成都市代表队", kind: "region", regionCode: "510100" },
): Promise<string> {
  const { delegationId } = await saveDelegation(deps, admin, competitionId, DelegationInputSchema.parse(form), null);
  return delegationId;
}

/** The example marking scheme (docs/examples/marking-scheme.csv), parsed as a draft to save. */
export function exampleSchemeDraft() {
  const draft = parseSchemeCsv(readFileSync(new URL("../docs/examples/marking-scheme.csv", import.meta.url))).draft;
  if (!draft) throw new Error("docs/examples/marking-scheme.csv does not parse");
  return draft;
}
