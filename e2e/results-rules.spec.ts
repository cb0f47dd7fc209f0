// Results rules over HTTP: on Welding (ws track) the chief judge records a competitor's time used
// on the results page (a typo refused in place, the time shown and served by the API), imports
// official WorldSkills points (a bad file refused whole with its rows named; a good one shown as
// official) and clears them again; a judge may do neither. Runs once, in the "server" project.
import { expect, test, type APIRequestContext } from "@playwright/test";

const password = "gongjiang-2026";

async function signIn(request: APIRequestContext, username: string): Promise<void> {
  const res = await request.post("/sign-in", { form: { username, password, redirectTo: "/" }, maxRedirects: 0 });
  expect(res.status()).toBe(302);
}

type Results = {
  competitors: Array<{ competitorId: string; code: string; timeUsedSeconds: number | null; points: number | null; pointsSource: string | null }>;
  tieBreaks: string[];
};

test("the chief judge records time used and imports official points on the results page", async ({ playwright, baseURL }) => {
  const chief = await playwright.request.newContext({ baseURL });
  const competitions = (await (await chief.get("/api/v1/competitions")).json()) as { competitions: Array<{ id: string; nameZh: string }> };
  const competitionId = competitions.competitions.find((c) => c.nameZh === "2026年四川工匠杯职业技能大赛")!.id;
  const detail = (await (await chief.get(`/api/v1/competitions/${competitionId}`)).json()) as { skills: Array<{ id: string; nameZh: string }> };
  const skillId = detail.skills.find((s) => s.nameZh === "焊接")!.id;
  await signIn(chief, "chief.weld");
  const page = `/judging/${competitionId}/${skillId}/results`;
  const results = async () => (await (await chief.get(`/api/v1/skills/${skillId}/results`)).json()) as Results;

  const before = await results();
  expect(before.tieBreaks.at(-1)).toBe("time_used");
  const target = before.competitors[0]!;
  const html = await (await chief.get(page)).text();
  expect(html).toContain("记录用时");
  expect(html).toContain("导入官方世赛积分");

  // A typo is refused in place (no 500), then the time is recorded.
  const typo = await chief.post(page, { form: { intent: "timeUsed", competitorId: target.competitorId, timeUsed: "95:75" } });
  expect(typo.status()).toBe(400);
  expect(await typo.text()).toContain("格式不正确");
  const recorded = await chief.post(page, { form: { intent: "timeUsed", competitorId: target.competitorId, timeUsed: "95:30" } });
  expect(recorded.status()).toBe(200);
  expect((await results()).competitors.find((c) => c.competitorId === target.competitorId)!.timeUsedSeconds).toBe(5730);
  // A second record is a correction: it needs a reason.
  const noReason = await chief.post(page, { form: { intent: "timeUsed", competitorId: target.competitorId, timeUsed: "96:00" } });
  expect(noReason.status()).toBe(400);
  expect(await noReason.text()).toContain("原因");

  // A bad file changes nothing and names its rows.
  const upload = (csv: string | Buffer) =>
    chief.post(page, {
      multipart: { intent: "officialPoints", file: { name: "points.csv", mimeType: "text/csv", buffer: Buffer.isBuffer(csv) ? csv : Buffer.from(csv) } },
    });
  const bad = await upload(`code,points\n${target.code},1200\nNO-SUCH,700\n`);
  expect(bad.status()).toBe(400);
  const badText = await bad.text();
  expect(badText).toContain("第 2 行");
  expect(badText).toContain("NO-SUCH");
  expect((await upload(Buffer.from([0x63, 0x6f, 0x64, 0x65, 0xff, 0xfe, 0x0a]))).status()).toBe(400);
  expect((await results()).competitors.find((c) => c.competitorId === target.competitorId)!.pointsSource).toBe("computed");

  const good = await upload(`\uFEFFcode,points\n${target.code},999\n`);
  expect(good.status()).toBe(200);
  const official = (await results()).competitors.find((c) => c.competitorId === target.competitorId)!;
  expect([official.points, official.pointsSource]).toEqual([999, "official"]);
  expect(await (await chief.get(`${page}.csv`)).text()).toContain("官方");

  const cleared = await chief.post(page, { multipart: { intent: "officialPoints", clear: "1" } });
  expect(cleared.status()).toBe(200);
  expect((await results()).competitors.every((c) => c.pointsSource === "computed")).toBe(true);

  // A judge reads no provisional results and changes nothing.
  const judge = await playwright.request.newContext({ baseURL });
  await signIn(judge, "judge.weld");
  expect((await judge.post(page, { form: { intent: "timeUsed", competitorId: target.competitorId, timeUsed: "1:00" } })).status()).toBe(403);
});
