// Programs mark without the UI: an organizer creates API tokens on the People & roles page for a
// judge and the chief judge of CNC Milling; the judge's scoring device records marks over
// /api/v1 (recusal refused, a repeated submission answered with the stored mark, a bad score
// refused in the caller's language); the chief judge locks and unlocks a module and reads the
// results. Runs once, in the "server" project.
import { randomUUID } from "node:crypto";
import ExcelJS from "exceljs";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { ownApiToken } from "./support/app";

const password = "gongjiang-2026";

async function signIn(request: APIRequestContext, username: string): Promise<void> {
  const res = await request.post("/sign-in", { form: { username, password, redirectTo: "/" }, maxRedirects: 0 });
  expect(res.status()).toBe(302);
}

test("a scoring device records marks over the API with a judge's token", async ({ playwright, baseURL }) => {
  const organizer = await playwright.request.newContext({ baseURL });
  const competitions = (await (await organizer.get("/api/v1/competitions")).json()) as { competitions: Array<{ id: string; nameZh: string }> };
  const competitionId = competitions.competitions.find((c) => c.nameZh === "2026年四川工匠杯职业技能大赛")!.id;
  const detail = (await (await organizer.get(`/api/v1/competitions/${competitionId}`)).json()) as { skills: Array<{ id: string; nameZh: string }> };
  const skillId = detail.skills.find((s) => s.nameZh === "数控铣")!.id;
  await signIn(organizer, "organizer");
  const judgeToken = await ownApiToken(baseURL, { username: "judge.cncmill", competitionId, role: "judge", label: "e2e judge.cncmill" });
  const chiefToken = await ownApiToken(baseURL, { username: "chief.cncmill", competitionId, role: "chief_judge", label: "e2e chief.cncmill" });

  const device = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${judgeToken}`, "Accept-Language": "en" } });
  const chief = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${chiefToken}` } });
  const marksUrl = `/api/v1/competitions/${competitionId}/skills/${skillId}/marks`;

  // Results are for staff: the chief judge reads them, the judge's token may not.
  expect((await device.get(`/api/v1/skills/${skillId}/results`)).status()).toBe(403);
  const before = (await (await chief.get(`/api/v1/skills/${skillId}/results`)).json()) as { competitors: Array<{ competitorId: string; code: string }> };
  expect(before.competitors.length).toBeGreaterThan(5);

  // The scheme's first judgement aspect (the demo scheme is generated per skill).
  const organizerScheme = await organizer.get(`/judging/${competitionId}/${skillId}/scheme.csv`);
  const judgementAspect = /\naspect,([A-C]\d\.\d+),[^\n]*,J,/.exec(await organizerScheme.text())?.[1];
  expect(judgementAspect).toBeTruthy();

  // Recusal: competitors of the judge's own delegation or employer are refused; take the first allowed.
  let marked: { competitorId: string; submissionId: string; body: unknown } | null = null;
  let refusals = 0;
  for (const c of before.competitors) {
    const submissionId = randomUUID();
    const res = await device.post(marksUrl, { data: { submissionId, competitorId: c.competitorId, aspectCode: judgementAspect, value: { score: 2 } } });
    if (res.status() === 201) {
      marked = { competitorId: c.competitorId, submissionId, body: await res.json() };
      break;
    }
    expect(res.status()).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("JUDGE_CONFLICT");
    refusals++;
  }
  expect(marked, `no competitor without a conflict (${refusals} refused)`).not.toBeNull();
  expect(marked!.body).toMatchObject({ revision: 1, replayed: false });

  // The device retries after a lost answer: the stored mark, nothing new.
  const replay = await device.post(marksUrl, {
    data: { submissionId: marked!.submissionId, competitorId: marked!.competitorId, aspectCode: judgementAspect, value: { score: 2 } },
  });
  expect(replay.status()).toBe(200);
  expect(await replay.json()).toMatchObject({ revision: 1, replayed: true });

  // A judgement score must be 0–3; the message is in the caller's language.
  const bad = await device.post(marksUrl, {
    data: { submissionId: randomUUID(), competitorId: marked!.competitorId, aspectCode: judgementAspect, value: { score: 4 }, reason: "typo" },
  });
  expect(bad.status()).toBe(400);
  expect(await bad.json()).toEqual({ error: { code: "SCORE_NOT_0_TO_3", message: "A judgement score is 0, 1, 2 or 3", field: "value" } });
  // Malformed bodies and unknown tokens are refused as JSON, never a 500.
  expect((await device.post(marksUrl, { data: "{not json", headers: { "Content-Type": "application/json" } })).status()).toBe(400);
  const stranger = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { Authorization: "Bearer gj_not-a-real-token" } });
  const unauthenticated = await stranger.post(marksUrl, { data: {} });
  expect(unauthenticated.status()).toBe(401);
  expect(((await unauthenticated.json()) as { error: { code: string; message: string } }).error.message).toContain("API 令牌");

  // The chief judge locks the module: the judge's correction is refused until it is unlocked with a reason.
  const module = judgementAspect!.slice(0, 1);
  const lockUrl = `/api/v1/competitions/${competitionId}/skills/${skillId}/modules/${module}/lock`;
  expect((await device.post(lockUrl, { data: { locked: true } })).status()).toBe(403);
  expect((await chief.post(lockUrl, { data: { locked: true } })).status()).toBe(200);
  const correction = { competitorId: marked!.competitorId, aspectCode: judgementAspect, value: { score: 3 }, reason: "复核更正" };
  const locked = await device.post(marksUrl, { data: { submissionId: randomUUID(), ...correction } });
  expect(locked.status()).toBe(409);
  expect(((await locked.json()) as { error: { code: string } }).error.code).toBe("MODULE_LOCKED");
  expect((await chief.post(lockUrl, { data: { locked: false } })).status()).toBe(400);
  expect((await chief.post(lockUrl, { data: { locked: false, reason: "e2e：复核后解锁" } })).status()).toBe(200);
  const corrected = await device.post(marksUrl, { data: { submissionId: randomUUID(), ...correction } });
  expect(corrected.status()).toBe(201);
  expect(await corrected.json()).toMatchObject({ revision: 2 });

  const after = (await (await chief.get(`/api/v1/skills/${skillId}/results`)).json()) as {
    provisional: boolean;
    competitors: Array<{ competitorId: string; missingAspects: string[]; total: string }>;
  };
  expect(after.provisional).toBe(true);
  // One judge of a three-judge team: the aspect is still incomplete, and the total unchanged.
  expect(after.competitors.find((c) => c.competitorId === marked!.competitorId)!.missingAspects).toContain(judgementAspect);
  // The organizer exports the results as CSV (headers in the organizer's language, Chinese by default).
  const csv = await organizer.get(`/judging/${competitionId}/${skillId}/results.csv`);
  expect(csv.status()).toBe(200);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  expect((await csv.text()).startsWith("\uFEFF名次,编号,")).toBe(true);
  expect((await device.get(`/judging/${competitionId}/${skillId}/results.csv`, { maxRedirects: 0 })).status()).toBe(302); // no session: sign in first
  // …and as Excel: the same rows under a title, marks as numbers to two places.
  const xlsx = await organizer.get(`/judging/${competitionId}/${skillId}/results.xlsx`);
  expect(xlsx.status()).toBe(200);
  expect(xlsx.headers()["content-type"]).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(new Uint8Array(await xlsx.body()).buffer);
  const sheet = workbook.worksheets[0]!;
  expect((sheet.getRow(2).values as unknown[]).slice(1, 3)).toEqual(["名次", "编号"]);
  const csvRows = (await csv.text()).trim().split(/\r?\n/).slice(1);
  expect(sheet.rowCount - 2).toBe(csvRows.length);
  const totalColumn = (sheet.getRow(2).values as unknown[]).indexOf("总分");
  expect(sheet.getCell(3, totalColumn).numFmt).toBe("0.00");
  expect(Number(sheet.getCell(3, totalColumn).value).toFixed(2)).toBe(csvRows[0]!.split(",")[totalColumn - 1]);
  expect((await device.get(`/judging/${competitionId}/${skillId}/results.xlsx`, { maxRedirects: 0 })).status()).toBe(302);
  for (const ctx of [organizer, device, chief, stranger]) await ctx.dispose();
});
