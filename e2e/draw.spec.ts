// The draw 抽签 of one demo skill, end to end: the organizer draws the check-in numbers and then
// the workstation numbers with the supervisor as witness (the second with dice as a public seed,
// a mistyped seed refused in place first), verifies both draws, opens the workstation list (codes
// only) and the sealed mapping (the API verifies the same draws); the results then key on
// workstation numbers, a judge's device marks by workstation number, and from then on the
// skill's draw is closed. In both languages,
// each on its own undrawn skill, with screenshots.
import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { chooseLanguage, ownApiToken, rowWith, signIn, snap } from "./support/app";
import { demo, languages, messagesOf, translate, type Lang } from "./support/i18n";

const skills = {
  "zh-CN": { name: "蜀绣", nameZh: "蜀绣", slug: "embroidery" },
  en: { name: "Tea Art", nameZh: "茶艺", slug: "tea" },
} as const;

async function ids(page: Page, skillNameZh: string): Promise<{ competitionId: string; skillId: string }> {
  const list = (await (await page.request.get("/api/v1/competitions")).json()) as { competitions: Array<{ id: string; nameZh: string }> };
  const competitionId = list.competitions.find((c) => c.nameZh === "2026年四川工匠杯职业技能大赛")!.id;
  const detail = (await (await page.request.get(`/api/v1/competitions/${competitionId}`)).json()) as { skills: Array<{ id: string; nameZh: string }> };
  return { competitionId, skillId: detail.skills.find((s) => s.nameZh === skillNameZh)!.id };
}

async function chooseWitness(page: Page, lang: Lang): Promise<void> {
  const witness = page.getByLabel(messagesOf(lang).draws.witness, { exact: true });
  await witness.selectOption({ label: (await witness.locator("option", { hasText: "(supervisor)" }).first().textContent())!.trim() });
}

for (const lang of languages) {
  test(`the organizer draws check-in and workstation numbers, witnessed, and verifies them (${lang})`, async ({ page, baseURL }, testInfo) => {
    const m = messagesOf(lang);
    const skill = skills[lang];
    await page.goto("/");
    await chooseLanguage(page, lang);
    await signIn(page, lang, "organizer", "/admin");
    await page.getByRole("link", { name: demo.competition[lang], exact: true }).click();
    await page.getByRole("link", { name: m.admin.tabs.draws, exact: true }).click();
    await expect(page.getByRole("heading", { level: 2, name: m.draws.title, exact: true })).toBeVisible();
    await rowWith(page, m.draws.skill, skill.name).getByRole("link", { name: m.draws.open }).click();
    const heading = page.getByRole("heading", { level: 2, name: translate(lang, "draws.chosen", { skill: skill.name }) });
    await expect(heading).toBeVisible();
    const { competitionId, skillId } = await ids(page, skill.nameZh);

    await test.step("check-in numbers, with a generated seed", async () => {
      await expect(page.locator(".panel-heading .badge")).toHaveText(m.draws.state.none);
      await chooseWitness(page, lang);
      await page.getByRole("button", { name: m.draws.submit.check_in }).click();
      await expect(page.getByRole("status").first()).toContainText(m.draws.done.check_in.split("{{")[0]!);
      await expect(page.locator(".panel-heading .badge")).toHaveText(m.draws.state.check_in);
    });

    await test.step("workstation numbers, with the witness's dice as the seed (a typo refused in place)", async () => {
      await expect(page.getByLabel(m.draws.kind, { exact: true })).toHaveValue("workstation");
      await chooseWitness(page, lang);
      await page.getByLabel(m.draws.seed, { exact: true }).fill("3516 2243 6512 4563 7X");
      await page.getByRole("button", { name: m.draws.submit.workstation }).click();
      await expect(page.getByText(m.validation.invalidFormat)).toBeVisible();
      await expect(page.locator(".panel-heading .badge")).toHaveText(m.draws.state.check_in);
      await chooseWitness(page, lang);
      await page.getByLabel(m.draws.seed, { exact: true }).fill("3516 2243 6512 4563 15");
      await page.getByRole("button", { name: m.draws.submit.workstation }).click();
      await expect(page.getByRole("status").first()).toContainText(m.draws.done.workstation.split("{{")[0]!);
      await expect(page.locator(".panel-heading .badge")).toHaveText(m.draws.state.workstation);
      await expect(page.getByText("351622436512456315").first()).toBeVisible();
    });

    await test.step("both draws verify from their seeds", async () => {
      const rows = page.locator("tbody tr").filter({ has: page.getByRole("button", { name: m.draws.verify }) });
      await expect(rows).toHaveCount(2);
      for (const i of [0, 1]) {
        await rows.nth(i).getByRole("button", { name: m.draws.verify }).click();
        await expect(rows.nth(i).getByRole("status")).toHaveText(m.draws.verdict.ok);
      }
      await snap(page, testInfo, lang, "draws");
      // The same verdicts over the API; a redo without a reason is refused there too.
      const api = `/api/v1/competitions/${competitionId}/skills/${skillId}/draws`;
      for (const drawId of await page.locator('input[name="drawId"]').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value))) {
        const verdict = (await (await page.request.get(`${api}/${drawId}/verify`)).json()) as { verdict: { ok: boolean; inForce: boolean } };
        expect(verdict.verdict).toMatchObject({ ok: true, inForce: true });
      }
      const redo = await page.request.post(api, { data: { kind: "workstation", witness: "supervisor" } });
      expect(redo.status()).toBe(400);
      expect(await redo.json()).toMatchObject({ error: { code: "DRAW_REDO_REASON_REQUIRED", field: "reason" } });
    });

    await test.step("the workstation list shows workstation numbers only, on A4", async () => {
      await page.getByRole("link", { name: m.draws.printCodes }).click();
      await expect(page.getByRole("heading", { level: 1 })).toContainText(m.draws.codes.title);
      const results = (await (await page.request.get(`/api/v1/skills/${skillId}/results`)).json()) as { competitors: Array<{ code: string }> };
      const codes = results.competitors.map((c) => c.code).sort();
      expect(codes.length).toBeGreaterThan(3);
      // The results key on the workstation numbers the list shows, and on nothing else.
      await expect(page.locator(".sheet-table td.code-cell")).toHaveText(codes);
      expect(codes.every((c) => /^\d{2}$/.test(c))).toBe(true);
      await expect(page.locator(".print-sheet")).not.toContainText("SC2026-");
      await page.emulateMedia({ media: "print" });
      await expect(page.locator(".site-header")).toBeHidden();
      await snap(page, testInfo, lang, "draw-workstation-list");
      await page.emulateMedia({ media: "screen" });
      await page.getByRole("link", { name: m.draws.back }).click();
      await expect(heading).toBeVisible();
    });

    await test.step("the sealed mapping chains registration, check-in and workstation numbers", async () => {
      await page.getByRole("link", { name: m.draws.printSealed }).click();
      await expect(page.getByRole("heading", { level: 1 })).toContainText(m.draws.sealed.title);
      const first = page.locator(".sheet-table tbody tr").first().locator("td");
      await expect(first.nth(0)).toHaveText(/^SC2026-\d{4}$/);
      await expect(first.nth(1)).toHaveText(/^J\d{2}$/);
      await expect(first.nth(2)).toHaveText(/^\d{2}$/);
      await expect(page.getByText(translate(lang, "draws.sealed.seedLine", { seed: "351622436512456315" }))).toBeVisible();
      await snap(page, testInfo, lang, "draw-sealed-mapping");
      await page.getByRole("link", { name: m.draws.back }).click();
    });

    await test.step("a judge's device marks by workstation number; then the draw is closed", async () => {
      const token = await ownApiToken(baseURL, { username: `judge.${skill.slug}`, competitionId, role: "judge", label: `e2e draw ${lang}` });
      expect(token).toBeTruthy();
      const scheme = await (await page.request.get(`/judging/${competitionId}/${skillId}/scheme.csv`)).text();
      const aspect = /\naspect,([A-C]\d\.\d+),[^\n]*,J,/.exec(scheme)?.[1];
      const marksUrl = `/api/v1/competitions/${competitionId}/skills/${skillId}/marks`;
      const headers = { Authorization: `Bearer ${token}` };
      const results = (await (await page.request.get(`/api/v1/skills/${skillId}/results`)).json()) as { competitors: Array<{ code: string }> };
      let status = 0;
      for (const code of results.competitors.map((c) => c.code).sort()) {
        const res = await page.request.post(marksUrl, {
          headers,
          data: { submissionId: randomUUID(), competitorCode: code, aspectCode: aspect, value: { score: 2 } },
        });
        status = res.status();
        if (status === 201) break;
        // Recusal: a competitor of the judge's own delegation or employer; try the next workstation.
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe("JUDGE_CONFLICT");
      }
      expect(status).toBe(201);
      const unknown = await page.request.post(marksUrl, {
        headers,
        data: { submissionId: randomUUID(), competitorCode: "SC2026-0001", aspectCode: aspect, value: { score: 2 } },
      });
      expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe("UNKNOWN_COMPETITOR");
      const closed = await page.request.post(`/api/v1/competitions/${competitionId}/skills/${skillId}/draws`, {
        data: { kind: "workstation", witness: "supervisor", reason: "e2e" },
      });
      expect(closed.status()).toBe(409);
      await page.reload();
      await expect(page.getByText(m.draws.marked)).toBeVisible();
      await expect(page.getByRole("button", { name: m.draws.redoOption.workstation })).toHaveCount(0);
    });
  });
}
