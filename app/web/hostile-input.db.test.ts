// Hostile input through the real boundary on a real database: a NUL, a lone surrogate, a non-UUID
// id or a huge string in a JSON body, a form or an upload is refused with a 4xx and a message in
// the caller's language before it reaches a query; nothing is stored and nothing answers 500.
import { readFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import type { ActionFunctionArgs, AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, testServiceDeps, type TestDatabase } from "../../db/testing";
import type { Principal } from "~/domain/access/roles";
import { CompetitionInputSchema, DelegationInputSchema, SkillInputSchema } from "~/domain/competition/inputs";
import { exampleCompetitionForm, exampleSkillForm } from "../../db/test-support/example-forms";
import { saveCompetition } from "~/services/competitions/save-competition.server";
import { saveDelegation } from "~/services/competitions/save-delegation.server";
import { saveSkill } from "~/services/competitions/save-skill.server";
import { parseSchemeCsv } from "~/services/marking-schemes/scheme-csv.server";
import { saveMarkingScheme } from "~/services/marking-schemes/save-marking-scheme.server";
import { createSession } from "~/services/auth/sessions.server";
import { sessionCookie } from "./require.server";
import { answerRecordMark } from "./record-mark-api.server";
import { action as signInAction } from "~/routes/sign-in";
import { action as consoleAction } from "~/routes/judging.$competitionId.$skillId.console";
import { action as publicationAction } from "~/routes/judging.$competitionId.$skillId.publication";
import { action as drawsApi } from "~/routes/api.v1.competitions.$competitionId.skills.$skillId.draws";
import { action as schemeApi } from "~/routes/api.v1.competitions.$competitionId.skills.$skillId.scheme";

let t: TestDatabase;
let context: AppLoadContext;
let cookie: string;
let scope: { competitionId: string; skillId: string };
const schemeCsv = readFileSync(new URL("../../docs/examples/marking-scheme.csv", import.meta.url), "utf8");

beforeAll(async () => {
  t = await createTestDatabase();
  context = { deps: testServiceDeps(t).deps, clientAddress: "127.0.0.1", cookieSecure: false };
  const root = await t.db
    .insertInto("appUser")
    .values({ username: "root", displayName: "管理员", passwordHash: null, isPlatformAdmin: true })
    .returning("id")
    .executeTakeFirstOrThrow();
  const admin: Principal = { userId: root.id, isPlatformAdmin: true, grants: [] };
  const { competitionId } = await saveCompetition(context.deps, admin, CompetitionInputSchema.parse(exampleCompetitionForm), null);
  await t.db.updateTable("competition").set({ status: "running" }).where("id", "=", competitionId).execute();
  const { skillId } = await saveSkill(context.deps, admin, competitionId, SkillInputSchema.parse(exampleSkillForm), null);
  scope = { competitionId, skillId };
  await saveMarkingScheme(context.deps, admin, { ...scope, draft: parseSchemeCsv(new TextEncoder().encode(schemeCsv)).draft! });
  const delegation = DelegationInputSchema.parse({ nameZh: "绵阳市代表队", kind: "region", regionCode: "510700" });
  const { delegationId } = await saveDelegation(context.deps, admin, competitionId, delegation, null);
  await t.db.insertInto("competitor").values({ competitionId, skillId, delegationId, registrationNo: "W-01", checkInNo: "1", workstationNo: "01" }).execute();
  const session = await t.db.transaction().execute((trx) => createSession(trx, { userId: root.id, kind: "password", now: new Date(), userAgent: null }));
  cookie = (await sessionCookie(context).serialize(session.token)).split(";")[0]!;
});

afterAll(async () => {
  await t.drop();
});

const json = (url: string, body: string, method = "POST") =>
  new Request(url, { method, body, headers: { Cookie: cookie, "Content-Type": "application/json", "Accept-Language": "en" } });
const form = (fields: Record<string, string>) =>
  new Request("http://x/form", { method: "POST", body: new URLSearchParams(fields), headers: { Cookie: cookie, "Accept-Language": "en" } });
const args = (request: Request, params: Record<string, string> = scope) => ({ request, params, context }) as unknown as ActionFunctionArgs;
type Reply = { data: Record<string, unknown>; init: ResponseInit | null };

describe("a JSON body", () => {
  const marksUrl = () => `http://x/api/v1/competitions/${scope.competitionId}/skills/${scope.skillId}/marks`;
  // Written by hand: JSON.stringify would write the same escapes.
  const mark = (aspectCode: string, reason: string) =>
    `{"submissionId":"${randomUUID()}","competitorCode":"01","aspectCode":"${aspectCode}","value":{"achieved":true},"reason":"${reason}"}`;

  it.each([
    ["a lone surrogate in a correction's reason", mark("A2.1", "\\ud800"), "reason"],
    ["a lone low surrogate after text", mark("A2.1", "ok \\udc00"), "reason"],
    ["a NUL in a mark's aspect code", mark("A2.1\\u0000", "x"), "aspectCode"],
    ["a NUL in a reason", mark("A2.1", "a\\u0000b"), "reason"],
  ])("with %s is refused with 400 naming the field, in the caller's language", async (_, body, field) => {
    const res = await answerRecordMark(json(marksUrl(), body), scope, context);
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { code: string; fields: Record<string, string> } };
    expect(error.code).toBe("VALIDATION");
    expect(error.fields[field]).toMatch(/cannot be stored/);
    expect(await t.db.selectFrom("mark").select("id").execute()).toHaveLength(0);
  });

  it("that is not UTF-8 is refused as invalid JSON, not stored with U+FFFD", async () => {
    const bytes = new Uint8Array([...new TextEncoder().encode(mark("A2.1", "x").slice(0, -2)), 0xed, 0xa0, 0x80, 0x22, 0x7d]);
    const res = await answerRecordMark(
      new Request(marksUrl(), { method: "POST", body: bytes, headers: { Cookie: cookie, "Content-Type": "application/json" } }),
      scope,
      context,
    );
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("INVALID_JSON");
  });

  it("with a NUL in a draw's witness is a 4xx, not a database error", async () => {
    const res = await drawsApi(args(json("http://x/draws", '{"kind":"check_in","witness":"supervisor\\u0000"}')));
    expect((res as Response).status).toBe(422);
    expect(((await (res as Response).json()) as { error: { fields: Record<string, string> } }).error.fields.witness).toMatch(/cannot be stored/);
  });

  it("of a marking scheme with a 200,000-character name is refused whole, naming the row", async () => {
    const huge = schemeCsv.replace(/^(module,[^,]*,[^,]*,)([^,\n]*)/m, (_, head: string) => `${head}${"名".repeat(200_000)}`);
    expect(huge.length).toBeGreaterThan(200_000);
    const put = new Request("http://x/scheme", { method: "PUT", body: huge, headers: { Cookie: cookie, "Content-Type": "text/csv", "Accept-Language": "en" } });
    const res = (await schemeApi(args(put))) as Response;
    expect(res.status).toBe(422);
    const { error } = (await res.json()) as { error: { problems: Array<{ code: string; row: number; message: string }> } };
    expect(error.problems).toContainEqual(expect.objectContaining({ code: "TEXT_TOO_LONG", message: "Too long (at most 200 characters)" }));
  });
});

describe("a form", () => {
  it("signing in as admin%00 is a field error, not a database error", async () => {
    const reply = (await signInAction(args(form({ username: "admin\u0000", password: "x" })))) as unknown as Reply;
    expect(reply.init?.status).toBe(400);
    expect(reply.data.fieldErrors).toEqual({ username: { key: "validation.invalidCharacters" } });
  });

  it("an unlock reason with a NUL is refused in the user's language terms, naming the field", async () => {
    const reply = (await consoleAction(args(form({ intent: "unlock", moduleCode: "A", reason: "typo\u0000" })))) as unknown as Reply;
    expect(reply.init?.status).toBe(400);
    expect(reply.data.error).toEqual({ code: "TEXT_INVALID_CHARACTERS", params: {}, field: "reason" });
  });

  it("a witness or a competitor that is not an id is a 4xx field error before any query", async () => {
    const witness = (await consoleAction(args(form({ intent: "decrypt", layer: "1", witnessUserId: "not-a-uuid" })))) as unknown as Reply;
    expect(witness.init?.status).toBe(400);
    expect(witness.data.error).toEqual({ code: "ID_INVALID", params: {}, field: "witnessUserId" });
    const recheck = (await publicationAction(args(form({ intent: "recheck", competitorId: "not-a-uuid", foundError: "no" })))) as unknown as Reply;
    expect(recheck.init?.status).toBe(400);
    expect(recheck.data.error).toEqual({ code: "ID_INVALID", params: {}, field: "competitorId" });
  });

  it("a re-check note longer than its limit is refused, not cut short", async () => {
    const competitor = await t.db.selectFrom("competitor").select("id").executeTakeFirstOrThrow();
    const reply = (await publicationAction(args(form({ intent: "recheck", competitorId: competitor.id, note: "x".repeat(2001) })))) as unknown as Reply;
    expect(reply.init?.status).toBe(400);
    expect(reply.data.error).toEqual({ code: "TEXT_TOO_LONG", params: { limit: 2000 }, field: "note" });
  });
});
