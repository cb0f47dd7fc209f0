// Malformed and hostile requests to every form and URL: always a 4xx (or a redirect to sign in),
// never a 500, never a partial write, never another competition's data.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { exampleCompetitionForm } from "../db/test-support/example-forms";

interface Listed {
  id: string;
  nameZh: string;
  year: number;
}

async function competitions(request: APIRequestContext): Promise<Listed[]> {
  const res = await request.get("/api/v1/competitions");
  expect(res.status()).toBe(200);
  return ((await res.json()) as { competitions: Listed[] }).competitions;
}

async function signIn(request: APIRequestContext, username: string): Promise<void> {
  const res = await request.post("/sign-in", { form: { username, password: "gongjiang-2026", redirectTo: "/admin" }, maxRedirects: 0 });
  expect(res.status()).toBe(302);
}

const validCompetition = { ...exampleCompetitionForm, nameZh: "恶意输入测试赛", level: "city", startsOn: "2027-03-01", endsOn: "2027-03-02", status: "draft" };

// Runs once: it exercises the server, not a viewport.
test.describe("hostile HTTP", () => {
  test("unknown, malformed and injected ids are 404s", async ({ request }) => {
    for (const path of [
      "/competitions/not-a-uuid",
      "/competitions/00000000-0000-0000-0000-000000000000",
      "/competitions/1'%20OR%20'1'='1",
      "/competitions/%3Cscript%3Ealert(1)%3C%2Fscript%3E",
      "/api/v1/competitions/1;drop%20table%20competition",
      "/no/such/page",
    ]) {
      const res = await request.get(path);
      expect(res.status(), path).toBe(404);
    }
    const api = await request.get("/api/v1/competitions/nope");
    expect(await api.json()).toEqual({ error: { code: "NOT_FOUND", message: expect.any(String) } });
  });

  test("sign-in refuses bad input with 4xx and throttles guessing", async ({ playwright, baseURL }) => {
    const request = await playwright.request.newContext({ baseURL });
    const cases: Array<{ data: Record<string, string> | string; type?: string }> = [
      { data: {} },
      { data: { username: "admin" } },
      { data: { username: "x".repeat(100_000), password: "y" } },
      { data: '{"username":"admin","password":"gongjiang-2026"}', type: "application/json" },
      { data: "--broken\r\nContent-Disposition: form-data", type: "multipart/form-data; boundary=broken" },
    ];
    for (const c of cases) {
      const res = await request.post("/sign-in", typeof c.data === "string" ? { data: c.data, headers: { "content-type": c.type! } } : { form: c.data });
      expect(res.status(), JSON.stringify(c).slice(0, 80)).toBeGreaterThanOrEqual(400);
      expect(res.status()).toBeLessThan(500);
    }
    const tooLarge = await request.post("/sign-in", { data: "a".repeat(13 * 1024 * 1024), headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(tooLarge.status()).toBe(413);
    await request.dispose();
  });

  test("organizer forms refuse garbage, stay inside the organizer's competition, write nothing", async ({ request }) => {
    const all = await competitions(request);
    const demo = all.find((c) => c.nameZh === "2026年四川工匠杯职业技能大赛")!;
    const other = all.find((c) => c.year === 2025)!;
    // Not signed in: every admin page sends to sign-in.
    const anonymous = await request.post("/admin/competitions/new", { form: validCompetition, maxRedirects: 0 });
    expect(anonymous.status()).toBe(302);
    expect(anonymous.headers().location).toContain("/sign-in");

    await signIn(request, "organizer");
    const before = (await competitions(request)).length;
    for (const form of [
      {},
      { ...validCompetition, level: "galactic" },
      { ...validCompetition, startsOn: "2027-13-45" },
      { ...validCompetition, venue: "v".repeat(5_000_000) },
      { ...validCompetition, nameZh: "\u0000" },
      { ...validCompetition, minimumEntrants: "1e309" },
      { ...validCompetition, endsOn: "2027-02-01" },
    ]) {
      const res = await request.post("/admin/competitions/new", { form, maxRedirects: 0 });
      expect(res.status(), JSON.stringify(form).slice(0, 80)).toBe(400);
    }
    // Drafts are not listed publicly; check through the organizer's own list instead.
    const adminPage = await (await request.get("/admin")).text();
    expect(adminPage).not.toContain("恶意输入测试赛");
    expect((await competitions(request)).length).toBe(before);

    // Another competition's pages and forms: 403, never its data.
    for (const path of [`/admin/competitions/${other.id}`, `/admin/competitions/${other.id}/skills/new`, `/admin/competitions/${other.id}/people`]) {
      expect((await request.get(path)).status(), path).toBe(403);
    }
    const foreignWrite = await request.post(`/admin/competitions/${other.id}/delegations/new`, {
      form: { nameZh: "越权代表队", kind: "region" },
      maxRedirects: 0,
    });
    expect(foreignWrite.status()).toBe(403);
    // A skill id that is not a uuid, or not of this competition, is a 404 on the organizer's own competition.
    expect((await request.get(`/admin/competitions/${demo.id}/skills/zzz`)).status()).toBe(404);
    expect((await request.get(`/admin/competitions/${demo.id}/skills/00000000-0000-4000-8000-000000000000`)).status()).toBe(404);
    // Role grants with a skill of another competition are refused.
    const otherDetail = (await (await request.get(`/api/v1/competitions/${other.id}`)).json()) as { skills: Array<{ id: string }> };
    const grant = await request.post(`/admin/competitions/${demo.id}/people?intent=grant`, {
      form: { username: "intruder.judge", displayName: "越权", role: "judge", skillId: otherDetail.skills[0]!.id },
      maxRedirects: 0,
    });
    expect(grant.status()).toBe(404);
  });

  test("writes with the session cookie made on another origin are refused with 403, never run", async ({ playwright, baseURL }) => {
    const request = await playwright.request.newContext({ baseURL });
    await signIn(request, "organizer");
    const before = (await competitions(request)).length;
    const evil = { Origin: "https://evil.example" };
    const form = await request.post("/admin/competitions/new", { form: validCompetition, headers: evil, maxRedirects: 0 });
    expect(form.status()).toBe(403);
    expect(form.headers()["content-type"]).toContain("text/html");
    expect(await form.text()).toContain("其他网站");
    const api = await request.post("/api/v1/competitions", { data: "{}", headers: { ...evil, "content-type": "text/plain", "accept-language": "en" } });
    expect(api.status()).toBe(403);
    expect(await api.json()).toEqual({ error: { code: "CROSS_ORIGIN", message: expect.stringContaining("another site") } });
    const signOut = await request.post("/sign-out", { headers: { "Sec-Fetch-Site": "cross-site" }, maxRedirects: 0 });
    expect(signOut.status()).toBe(403);
    expect((await competitions(request)).length).toBe(before);
    // From the site's own pages, the same session still writes.
    const own = await request.post("/sign-out", { headers: { Origin: new URL(baseURL!).origin, "Sec-Fetch-Site": "same-origin" }, maxRedirects: 0 });
    expect(own.status()).toBe(302);
    await request.dispose();
  });

  test("tablet codes and the language switch refuse nonsense", async ({ request }) => {
    for (const code of ["", "abc", "1'; drop table session; --", "9".repeat(5000)]) {
      const res = await request.post("/tablet", { form: { code }, maxRedirects: 0 });
      expect(res.status(), code.slice(0, 20)).toBe(400);
    }
    const locale = await request.post("/locale", { form: { locale: "xx", redirectTo: "https://evil.example/" }, maxRedirects: 0 });
    expect(locale.status()).toBe(302);
    expect(locale.headers().location).toBe("/");
  });
});
