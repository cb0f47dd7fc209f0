// Check-in 检录 on competition day, at tablet size, in both languages: the organizer opens the
// Welding check-in desk from the competition's check-in tab, finds a competitor not yet checked in
// by name, sees the masked ID number, confirms the identity and marks them present; then the
// skill's chief judge, on their own device, finds the same competitor by workstation number (no
// names on their screen), starts, pauses with a reason (refused without one) and grants extra
// time; the history shows each step. The state API answers the same. Screenshots of each screen.
import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { chooseLanguage, column, newCleanContext, rowWith, signIn, snap } from "./support/app";
import { demo, languages, messagesOf, translate } from "./support/i18n";

async function weldingIds(page: Page): Promise<{ competitionId: string; skillId: string }> {
  const list = (await (await page.request.get("/api/v1/competitions")).json()) as { competitions: Array<{ id: string; nameZh: string }> };
  const competitionId = list.competitions.find((c) => c.nameZh === demo.competition["zh-CN"])!.id;
  const detail = (await (await page.request.get(`/api/v1/competitions/${competitionId}`)).json()) as { skills: Array<{ id: string; nameZh: string }> };
  return { competitionId, skillId: detail.skills.find((s) => s.nameZh === demo.welding["zh-CN"])!.id };
}

for (const lang of languages) {
  test(`the desk checks a competitor in by name; the chief judge pauses with a reason and grants extra time (${lang})`, async ({ page, browser }, testInfo) => {
    const m = messagesOf(lang);
    await page.goto("/");
    await chooseLanguage(page, lang);
    await signIn(page, lang, "organizer", "/admin");
    await page.getByRole("link", { name: demo.competition[lang], exact: true }).click();
    await page.getByRole("link", { name: m.admin.tabs.checkIn, exact: true }).click();
    await expect(page.getByRole("heading", { level: 2, name: m.checkIn.title, exact: true })).toBeVisible();
    await snap(page, testInfo, lang, "check-in-tab");
    await rowWith(page, m.checkIn.board.skill, demo.welding[lang])
      .getByRole("link", { name: `${m.checkIn.board.open} · ${demo.welding[lang]}` })
      .click();
    await expect(page.getByRole("heading", { level: 1, name: translate(lang, "checkIn.pageTitle", { skill: demo.welding[lang] }) })).toBeVisible();
    const { competitionId, skillId } = await weldingIds(page);

    // The first competitor still to check in (the demo leaves some; each language takes the next).
    const waiting = page
      .locator("tbody tr")
      .filter({ has: column(page, m.checkIn.columns.state).filter({ hasText: m.checkIn.state.registered }) })
      .first();
    const name = (await waiting.locator(`td[data-label="${m.checkIn.columns.name}"]`).textContent())!.trim();
    const workstation = (await waiting.locator(`td[data-label="${m.checkIn.columns.workstationNo}"]`).textContent())!.trim();
    expect(name.length).toBeGreaterThan(1);
    expect(workstation).toMatch(/^\d{2}$/);

    await test.step("the desk finds the competitor by name and confirms the identity", async () => {
      const box = page.getByRole("searchbox", { name: m.checkIn.search });
      await box.fill(name.slice(1));
      await box.press("Enter");
      await expect(page).toHaveURL(/[?&]q=/);
      const row = rowWith(page, m.checkIn.columns.name, name);
      await expect(row).toHaveCount(1);
      // Masked only: three digits, stars, four characters.
      await expect(row.locator(`td[data-label="${m.checkIn.columns.idNumber}"]`)).toHaveText(/^\d{3}\*+\d{3}[\dX]$/);
      await row.getByRole("link", { name: `${m.checkIn.open} · ${name}` }).click();
      await expect(page.getByRole("heading", { level: 2, name })).toBeVisible();
      await expect(page.locator(".panel-heading .badge")).toHaveText(m.checkIn.state.registered);
      const confirm = page.getByRole("form", { name: m.checkIn.action.check_in });
      const button = confirm.getByRole("button", { name: m.checkIn.action.check_in });
      const box44 = await button.boundingBox();
      expect(box44!.height).toBeGreaterThanOrEqual(44);
      await snap(page, testInfo, lang, "check-in-identity");
      await confirm.getByLabel(m.checkIn.confirmIdentity).check();
      await button.click();
      await expect(page.getByRole("status")).toHaveText(
        translate(lang, "checkIn.done", { action: m.checkIn.actionName.check_in, state: m.checkIn.state.ready }),
      );
      await expect(page.locator(".panel-heading .badge")).toHaveText(m.checkIn.state.ready);
      await expect(column(page.locator('section[aria-labelledby="chosen-competitor"]'), m.checkIn.historyColumns.actor).first()).toHaveText("大赛组委会赛务组");
      await snap(page, testInfo, lang, "check-in-confirmed");
    });

    const chiefContext = await newCleanContext(browser, testInfo);
    const chief = await chiefContext.newPage();
    try {
      await test.step("the chief judge sees codes only, starts and pauses with a reason", async () => {
        await chief.goto("/");
        await chooseLanguage(chief, lang);
        await signIn(chief, lang, "chief.weld", "/judging");
        await chief.getByRole("link", { name: m.judging.checkIn }).first().click();
        await expect(chief.getByRole("heading", { level: 1, name: translate(lang, "checkIn.pageTitle", { skill: demo.welding[lang] }) })).toBeVisible();
        await expect(chief.getByText(m.checkIn.introCodes)).toBeVisible();
        await expect(chief.locator("main")).not.toContainText(name);
        const box = chief.getByRole("searchbox", { name: m.checkIn.search });
        await box.fill(workstation);
        await box.press("Enter");
        await expect(chief).toHaveURL(new RegExp(`[?&]q=${workstation}`));
        await expect(chief.locator('section[aria-labelledby="check-in-list"] tbody tr')).toHaveCount(1);
        await rowWith(chief, m.checkIn.columns.code, workstation)
          .getByRole("link", { name: `${m.checkIn.open} · ${workstation}` })
          .click();
        const heading = chief.getByRole("heading", { level: 2, name: translate(lang, "checkIn.competitor", { code: workstation }) });
        await expect(heading).toBeVisible();
        await expect(chief.locator(".panel-heading .badge")).toHaveText(m.checkIn.state.ready);
        await chief.getByRole("form", { name: m.checkIn.action.start }).getByRole("button").click();
        await expect(chief.locator(".panel-heading .badge")).toHaveText(m.checkIn.state.competing);
        // A pause without a reason is refused (the field is required, and so is the server).
        const pause = chief.getByRole("form", { name: m.checkIn.action.pause });
        await pause.getByRole("button").click();
        await expect(chief.locator(".panel-heading .badge")).toHaveText(m.checkIn.state.competing);
        await pause.getByLabel(m.checkIn.reason).fill(lang === "en" ? "Welding machine failure, being replaced" : "焊机故障，正在更换");
        await pause.getByRole("button").click();
        await expect(chief.locator(".panel-heading .badge")).toHaveText(m.checkIn.state.paused);
        // The search stays as it was through each step.
        await expect(chief.locator('section[aria-labelledby="check-in-list"] tbody tr')).toHaveCount(1);
      });

      await test.step("the chief judge grants extra time, recorded in the history", async () => {
        const extra = chief.getByRole("form", { name: m.checkIn.action.grant_extra_time });
        await extra.getByLabel(m.checkIn.reason).fill(lang === "en" ? "Time lost changing the machine" : "更换焊机耽误时间");
        await extra.getByLabel(m.checkIn.extraMinutes).fill("10");
        await extra.getByRole("button").click();
        await expect(chief.getByRole("status")).toHaveText(
          translate(lang, "checkIn.done", { action: m.checkIn.actionName.grant_extra_time, state: m.checkIn.state.paused }),
        );
        const minutes = translate(lang, "checkIn.minutes", { minutes: 10 });
        const panel = chief.locator('section[aria-labelledby="chosen-competitor"]');
        await expect(column(panel, m.checkIn.historyColumns.minutes).filter({ hasText: minutes })).toHaveCount(1);
        await expect(column(panel, m.checkIn.historyColumns.action)).toHaveText([
          m.checkIn.actionName.grant_extra_time,
          m.checkIn.actionName.pause,
          m.checkIn.actionName.start,
          m.checkIn.actionName.check_in,
        ]);
        await snap(chief, testInfo, lang, "check-in-chief-paused");
      });

      await test.step("the state API answers the same, and refuses what the rules refuse", async () => {
        const competitorId = new URL(chief.url()).searchParams.get("competitor");
        const api = `/api/v1/competitions/${competitionId}/skills/${skillId}/competitors/${competitorId}/state`;
        const state = (await (await chief.request.get(api)).json()) as {
          competitor: { state: string; extraMinutes: number; code: string };
          history: unknown[];
        };
        expect(state.competitor).toEqual({ id: competitorId, code: workstation, state: "paused", extraMinutes: 10 });
        expect(JSON.stringify(state)).not.toContain(name);
        const tooMuch = await chief.request.post(api, {
          data: { submissionId: randomUUID(), action: "grant_extra_time", extraMinutes: 90, reason: "x" },
          headers: { "Accept-Language": lang },
        });
        expect(tooMuch.status()).toBe(400);
        expect(await tooMuch.json()).toEqual({
          error: { code: "EXTRA_TIME_INVALID", field: "extraMinutes", message: translate(lang, "errors.EXTRA_TIME_INVALID", { max: 60 }) },
        });
        const submissionId = randomUUID();
        const resumed = await chief.request.post(api, { data: { submissionId, action: "resume" } });
        expect(resumed.status()).toBe(201);
        const again = await chief.request.post(api, { data: { submissionId, action: "resume" } });
        expect(again.status()).toBe(200);
        expect(((await again.json()) as { change: { repeated: boolean; state: string } }).change).toMatchObject({ repeated: true, state: "competing" });
        // The organizer's page follows (live, or on reload).
        await page.reload();
        await expect(page.locator(".panel-heading .badge")).toHaveText(m.checkIn.state.competing);
      });
    } finally {
      await chiefContext.close();
    }
  });
}
