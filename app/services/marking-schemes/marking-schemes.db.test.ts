import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createCompetitionWithSkill,
  createPlatformAdmin,
  createTestDatabase,
  exampleSchemeDraft,
  refusalCode,
  testServiceDeps,
  type TestDatabase,
} from "../../../db/testing";
import { loadSchemeDraft } from "../../../db/queries/marking-schemes";
import { validateScheme } from "~/domain/marking-scheme/scheme";
import { DomainError } from "~/domain/errors";
import type { Principal } from "~/domain/access/roles";
import { verifyStoredAuditChain } from "../audit/verify-audit-chain.server";
import { saveMarkingScheme } from "./save-marking-scheme.server";
import { importMarkingScheme } from "./import-marking-scheme.server";
import { setModuleLock } from "../marks/set-module-lock.server";

let t: TestDatabase;
let env: ReturnType<typeof testServiceDeps>;
let admin: Principal;
let competitionId: string;
let skillId: string;
const example = exampleSchemeDraft();

beforeAll(async () => {
  t = await createTestDatabase();
  env = testServiceDeps(t);
  admin = await createPlatformAdmin(t.db);
  ({ competitionId, skillId } = await createCompetitionWithSkill(env.deps, admin));
});
afterAll(async () => t.drop());

describe("saving a marking scheme", () => {
  it("stores the scheme and reads back exactly what was validated", async () => {
    const saved = await saveMarkingScheme(env.deps, admin, { competitionId, skillId, draft: example });
    expect(saved).toMatchObject({ ok: true, version: 1 });
    const loaded = await loadSchemeDraft(t.db, skillId);
    expect(validateScheme(loaded!.draft)).toEqual(validateScheme(example));
  });

  it("refuses an invalid scheme whole and keeps the stored one", async () => {
    const broken = structuredClone(example);
    broken.modules[0]!.subCriteria[0]!.aspects[0]!.max = "10.005";
    const result = await saveMarkingScheme(env.deps, admin, { competitionId, skillId, draft: broken });
    expect(result.ok ? [] : result.problems.map((p) => p.code)).toEqual(["MAX_NOT_IN_STEPS", "TOTAL_MISMATCH"]);
    expect((await loadSchemeDraft(t.db, skillId))!.version).toBe(1);
  });

  it("replaces a scheme as a new version, audited", async () => {
    const changed = structuredClone(example);
    changed.modules[0]!.name = "模块A 板对接焊（修订）";
    expect(await saveMarkingScheme(env.deps, admin, { competitionId, skillId, draft: changed })).toMatchObject({ ok: true, version: 2 });
    expect((await loadSchemeDraft(t.db, skillId))!.draft.modules[0]!.name).toBe("模块A 板对接焊（修订）");
    const audit = await t.db.selectFrom("auditEvent").select(["action", "after"]).where("action", "=", "marking_scheme.saved").orderBy("seq").execute();
    expect(audit.map((a) => a.after)).toEqual([
      { version: 1, total: "100.00", modules: 2, aspects: 10 },
      { version: 2, total: "100.00", modules: 2, aspects: 10 },
    ]);
    expect(await verifyStoredAuditChain(t.db)).toMatchObject({ ok: true });
  });

  it("imports a workbook as it imports a CSV, and a refused workbook changes nothing", async () => {
    const workbook = readFileSync(new URL("../../../docs/examples/marking-scheme.xlsx", import.meta.url));
    const before = (await loadSchemeDraft(t.db, skillId))!.version;
    expect(await importMarkingScheme(env.deps, admin, { competitionId, skillId, bytes: workbook })).toEqual({ ok: true, version: before + 1 });
    expect(validateScheme((await loadSchemeDraft(t.db, skillId))!.draft)).toEqual(validateScheme(example));
    const truncated = workbook.subarray(0, 1000);
    expect(await importMarkingScheme(env.deps, admin, { competitionId, skillId, bytes: truncated })).toEqual({
      ok: false,
      problems: [{ code: "NOT_XLSX", params: {} }],
    });
    expect((await loadSchemeDraft(t.db, skillId))!.version).toBe(before + 1);
  });

  it("lets only the competition's organizers and the skill's chief judge save it", async () => {
    const judge: Principal = { userId: admin.userId, isPlatformAdmin: false, grants: [{ role: "judge", competitionId, skillId, delegationId: null }] };
    await expect(saveMarkingScheme(env.deps, judge, { competitionId, skillId, draft: example })).rejects.toBeInstanceOf(DomainError);
    const chief: Principal = { userId: admin.userId, isPlatformAdmin: false, grants: [{ role: "chief_judge", competitionId, skillId, delegationId: null }] };
    await expect(saveMarkingScheme(env.deps, chief, { competitionId, skillId, draft: example })).resolves.toMatchObject({ ok: true, version: 4 });
  });

  it("keeps a scheme whose module was ever locked, even with no marks (the lock history names its modules)", async () => {
    const chief: Principal = { userId: admin.userId, isPlatformAdmin: false, grants: [{ role: "chief_judge", competitionId, skillId, delegationId: null }] };
    const scope = { competitionId, skillId };
    await setModuleLock(env.deps, chief, scope, { moduleCode: example.modules[0]!.id, locked: true });
    await setModuleLock(env.deps, chief, scope, { moduleCode: example.modules[0]!.id, locked: false, reason: "锁错了模块" });
    expect(await refusalCode(saveMarkingScheme(env.deps, admin, { ...scope, draft: example }))).toBe("SCHEME_HAS_LOCKS");
    expect((await loadSchemeDraft(t.db, skillId))!.version).toBe(4);
  });
});
