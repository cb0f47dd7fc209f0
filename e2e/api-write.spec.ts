// Programs set up a skill without the UI: the organizer's API token creates a skill, uploads its
// marking scheme as a CSV file, registers competitors with their codes (a repeat answers with the
// stored ones, a conflicting one is refused), a judge's device marks one of them over the existing
// marks endpoint and the organizer reads the results. Refusals are JSON in the caller's language,
// never a 500. Runs once, in the "server" project; names and codes carry a timestamp, so the spec
// can run again against the same server.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { ownApiToken } from "./support/app";
import { composeIdNumber } from "../app/domain/identity/id-number";

const password = "gongjiang-2026";
const schemeCsv = readFileSync(new URL("../docs/examples/marking-scheme.csv", import.meta.url));

async function signIn(request: APIRequestContext, username: string): Promise<void> {
  const res = await request.post("/sign-in", { form: { username, password, redirectTo: "/" }, maxRedirects: 0 });
  expect(res.status()).toBe(302);
}

async function createToken(request: APIRequestContext, competitionId: string, username: string, role: string): Promise<string> {
  const res = await request.post(`/admin/competitions/${competitionId}/people?intent=token`, { form: { label: `e2e ${username}`, username, role } });
  expect(res.status()).toBe(200);
  const token = /gj_[A-Za-z0-9_-]{43}/.exec(await res.text())?.[0];
  expect(token, "the new token is shown once on the page").toBeTruthy();
  return token!;
}

type ApiError = {
  error: {
    code: string;
    message: string;
    fields?: Record<string, string>;
    problems?: Array<{ code: string; message: string; path?: string; row?: number; column?: string }>;
  };
};

test("a program creates a skill, uploads its scheme and registers competitors who are then marked", async ({ playwright, baseURL }) => {
  const stamp = Date.now().toString(36);
  const browser = await playwright.request.newContext({ baseURL });
  const competitions = (await (await browser.get("/api/v1/competitions")).json()) as { competitions: Array<{ id: string; nameZh: string }> };
  const competitionId = competitions.competitions.find((c) => c.nameZh === "2026年四川工匠杯职业技能大赛")!.id;
  await signIn(browser, "organizer");
  const organizerToken = await createToken(browser, competitionId, "organizer", "organizer");
  const api = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${organizerToken}`, "Accept-Language": "en" } });
  const base = `/api/v1/competitions/${competitionId}`;

  // 1. The skill: the fields of the organizer's form, as JSON.
  const skillBody = {
    nameZh: `接口测试赛项-${stamp}`,
    nameEn: `API test skill ${stamp}`,
    track: "ws",
    occupationCode: "6-18-02-04",
    wsNumber: "10",
    teamSize: 1,
    entrantGroup: "worker",
    ageRule: "none",
    startsAt: "2026-11-23T08:30",
    endsAt: "2026-11-23T00:30:00Z", // before the start: refused per field
  };
  const invalid = await api.post(`${base}/skills`, { data: skillBody });
  expect(invalid.status()).toBe(422);
  expect(((await invalid.json()) as ApiError).error).toMatchObject({ code: "VALIDATION", fields: { endsAt: "The end cannot be before the start" } });
  const malformed = await api.post(`${base}/skills`, { data: Buffer.from("{nope"), headers: { "Content-Type": "application/json" } });
  expect(malformed.status()).toBe(400);
  expect(((await malformed.json()) as ApiError).error.code).toBe("INVALID_JSON");
  const created = await api.post(`${base}/skills`, { data: { ...skillBody, endsAt: "2026-11-23T09:30:00Z" } });
  expect(created.status()).toBe(201);
  const { skill } = (await created.json()) as { skill: { id: string; nameZh: string; teamSize: number; endsAt: string } };
  expect(skill).toMatchObject({ nameZh: skillBody.nameZh, teamSize: 1, endsAt: "2026-11-23T09:30:00.000Z" });
  const duplicate = await api.post(`${base}/skills`, { data: { ...skillBody, endsAt: "2026-11-23T17:30" } });
  expect(duplicate.status()).toBe(422);
  expect(((await duplicate.json()) as ApiError).error.fields).toEqual({ nameZh: "This name is already in use" });
  const skillUrl = `${base}/skills/${skill.id}`;

  // 2. The marking scheme: the CSV file is the body.
  const unsupported = await api.put(`${skillUrl}/scheme`, { data: Buffer.from("%PDF-1.7"), headers: { "Content-Type": "application/pdf" } });
  expect(unsupported.status()).toBe(415);
  expect(((await unsupported.json()) as ApiError).error.message).toContain("text/csv");
  const broken = await api.put(`${skillUrl}/scheme`, {
    data: Buffer.from(schemeCsv.toString("utf8").replace("A1.2,A1", "A1.2,A9")),
    headers: { "Content-Type": "text/csv" },
  });
  expect(broken.status()).toBe(422);
  expect(((await broken.json()) as ApiError).error.problems).toContainEqual({
    code: "UNKNOWN_PARENT",
    message: "No parent with id “A9”",
    row: 9,
    column: "parent",
  });
  const tooLarge = await api.put(`${skillUrl}/scheme`, { data: Buffer.alloc(5 * 1024 * 1024 + 1, 0x41), headers: { "Content-Type": "text/csv" } });
  expect(tooLarge.status()).toBe(413);
  const uploaded = await api.put(`${skillUrl}/scheme`, { data: schemeCsv, headers: { "Content-Type": "text/csv; charset=utf-8" } });
  expect(uploaded.status()).toBe(200);
  expect(await uploaded.json()).toEqual({ skillId: skill.id, version: 1 });
  const asJson = (await (await api.get(`${skillUrl}/scheme`)).json()) as { version: number; scheme: { declaredTotal: string; modules: Array<{ id: string }> } };
  expect(asJson).toMatchObject({ version: 1, scheme: { declaredTotal: "100.00" } });
  expect(asJson.scheme.modules.map((m) => m.id)).toEqual(["A", "B"]);
  const asCsv = await api.get(`${skillUrl}/scheme`, { headers: { Accept: "text/csv" } });
  expect(asCsv.headers()["content-type"]).toContain("text/csv");
  expect(await asCsv.text()).toContain("aspect,A1.3,A1,");

  // 3. Competitors with their codes (persons from outside Sichuan: never in the demo).
  const person = (name: string, birthDate: string, sequence: number, gender: "male" | "female") => ({
    name,
    idNumber: composeIdNumber("110105", birthDate, sequence, gender),
    gender,
    birthDate,
    employerName: "北京接口测试机械厂",
  });
  const first = person("接口一号", "2001-04-05", 101, "male");
  const second = person("接口二号", "2002-06-07", 202, "female");
  const competitorsUrl = `${skillUrl}/competitors`;
  const batch = {
    competitors: [
      { code: `API-${stamp}-1`, delegation: "成都市代表队", members: [first] },
      { code: `API-${stamp}-2`, delegation: "成都市代表队", members: [second] },
    ],
  };
  const halfValid = await api.post(competitorsUrl, {
    data: { competitors: [batch.competitors[0], { ...batch.competitors[1], members: [{ ...second, gender: "male" }] }] },
  });
  expect(halfValid.status()).toBe(422);
  expect(((await halfValid.json()) as ApiError).error).toMatchObject({
    code: "REGISTRATION_INVALID",
    problems: [{ path: "competitors[1].members[0].gender", code: "GENDER_MISMATCH", message: "The gender does not match the ID number" }],
  });
  const registered = await api.post(competitorsUrl, { data: batch });
  expect(registered.status()).toBe(201);
  const body = (await registered.json()) as {
    created: number;
    competitors: Array<{ id: string; code: string; created: boolean; members: Array<{ idNumberMasked: string }> }>;
  };
  expect(body.created).toBe(2);
  expect(body.competitors[0]!.members[0]!.idNumberMasked).toBe(`110${"*".repeat(11)}${first.idNumber.slice(-4)}`);
  expect(JSON.stringify(body)).not.toContain(first.idNumber);
  const repeat = await api.post(competitorsUrl, { data: batch });
  expect(repeat.status()).toBe(200);
  expect(((await repeat.json()) as typeof body).competitors.map((c) => [c.id, c.created])).toEqual(body.competitors.map((c) => [c.id, false]));
  const conflicting = await api.post(competitorsUrl, {
    data: { competitors: [{ ...batch.competitors[0], members: [person("接口三号", "2003-01-02", 303, "male")] }] },
  });
  expect(conflicting.status()).toBe(409);
  expect(((await conflicting.json()) as ApiError).error.problems).toEqual([
    { path: "competitors[0].code", code: "CODE_TAKEN", message: `Code API-${stamp}-1 is already registered to another competitor, delegation or skill` },
  ]);

  // A judge's token may not set up skills or register anyone; the refusal is in Chinese by default.
  const judgeName = `judge.api.${stamp}`;
  const granted = await browser.post(`/admin/competitions/${competitionId}/people?intent=grant`, {
    form: { username: judgeName, displayName: "接口测试裁判", password, role: "judge", skillId: skill.id, delegationId: "" },
  });
  expect(granted.status()).toBe(200);
  // An organizer cannot make a judge's token: the judge makes it, signed in as themselves.
  const refused = await browser.post(`/admin/competitions/${competitionId}/people?intent=token`, {
    form: { label: "代办", username: judgeName, role: "judge" },
  });
  expect(refused.status()).toBe(403);
  const judgeToken = await ownApiToken(baseURL, { username: judgeName, competitionId, role: "judge", label: `e2e ${judgeName}` });
  const device = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${judgeToken}` } });
  const forbidden = await device.post(competitorsUrl, { data: batch });
  expect(forbidden.status()).toBe(403);
  expect(((await forbidden.json()) as ApiError).error).toEqual({ code: "FORBIDDEN", message: "无权执行此操作" });
  expect((await device.post(`${base}/skills`, { data: skillBody })).status()).toBe(403);
  expect((await device.put(`${skillUrl}/scheme`, { data: schemeCsv, headers: { "Content-Type": "text/csv" } })).status()).toBe(403);

  // 4. The judge marks the first competitor; the organizer reads the results.
  const competitorId = body.competitors[0]!.id;
  const mark = await device.post(`${skillUrl}/marks`, { data: { submissionId: randomUUID(), competitorId, aspectCode: "A2.1", value: { achieved: true } } });
  expect(mark.status()).toBe(201);
  const results = (await (await api.get(`/api/v1/skills/${skill.id}/results`)).json()) as {
    competitors: Array<{ competitorId: string; code: string; total: string }>;
  };
  expect(results.competitors.map((c) => c.code).sort()).toEqual([`API-${stamp}-1`, `API-${stamp}-2`]);
  expect(results.competitors.find((c) => c.competitorId === competitorId)!.total).toBe("5.00");
  for (const ctx of [browser, api, device]) await ctx.dispose();
});
