// The demo's history after `npm start`: the public list shows every rung of the ladder, from a
// city contest to the WorldSkills national training squad, and the `contestant` login sees the
// climb on /me — the group's and the city's contests of 2026 (finished, ranked), the running
// provincial contest and the 2027 registration — in both languages.
import { expect, test } from "@playwright/test";
import { cell, chooseLanguage, rowWith, signIn, snap } from "./support/app";
import { languages, messagesOf, translate, type Lang } from "./support/i18n";

const history = [
  { zh: "2025年德阳市职业技能大赛", en: "2025 Deyang Vocational Skills Competition", level: "city", status: "archived" },
  {
    zh: "2025年全国行业职业技能竞赛——全国机械行业焊工、车工职业技能竞赛",
    en: "2025 National Industry Vocational Skills Competition — Machinery Industry Welder and Turner Contest",
    level: "national",
    status: "archived",
  },
  { zh: "第48届世界技能大赛全国选拔赛", en: "China National Selection for the 48th WorldSkills Competition", level: "ws_selection", status: "archived" },
  { zh: "第48届世界技能大赛中国集训队", en: "48th WorldSkills Competition — China National Training Squad", level: "ws_squad", status: "finished" },
  {
    zh: "2026年四川蜀能装备集团岗位练兵技能比武",
    en: "2026 Sichuan Shuneng Equipment Group On-the-Job Skills Contest",
    level: "enterprise",
    status: "finished",
  },
  { zh: "2026年成都市职业技能大赛", en: "2026 Chengdu Vocational Skills Competition", level: "city", status: "finished" },
] as const;

/** "Rank 1, total 91.25" … "Rank 3, …" as the app words it. */
function rankAmongBestThree(lang: Lang): RegExp {
  const escaped = translate(lang, "me.rankTotal", { rank: "RANK", total: "TOTAL" }).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(escaped.replace("RANK", "[1-3]").replace("TOTAL", "\\d+\\.\\d{2}"));
}

for (const lang of languages) {
  test(`the public list shows the ladder's history, and the contestant's /me the climb (${lang})`, async ({ page }, testInfo) => {
    const m = messagesOf(lang);
    const name = (c: { zh: string; en: string }) => (lang === "en" ? c.en : c.zh);
    await page.goto("/");
    await chooseLanguage(page, lang);
    for (const c of history) {
      const row = rowWith(page, m.home.columns.name, name(c));
      await expect(row, name(c)).toHaveCount(1);
      await expect(cell(row, m.home.columns.level, m.level[c.level])).toBeVisible();
      await expect(cell(row, m.home.columns.status, m.status[c.status])).toBeVisible();
    }
    await snap(page, testInfo, lang, "demo-history-competitions");

    await signIn(page, lang, "contestant", "/me");
    // The entries (the certificates the results earned are listed in a section of their own).
    const cards = page.getByRole("region", { name: m.me.entries }).locator(".registration-card");
    const entry = (competition: string) => cards.filter({ hasText: competition });
    for (const c of history.slice(4)) {
      const card = entry(name(c));
      await expect(card, name(c)).toHaveCount(1);
      await expect(card.locator(".badge")).toHaveText(m.checkIn.state.finished);
      await expect(card).toContainText(m.me.result);
      // Each of them among the best three there.
      await expect(card).toContainText(rankAmongBestThree(lang));
    }
    const provincial = lang === "en" ? "2026 Sichuan Craftsman Cup Vocational Skills Competition" : "2026年四川工匠杯职业技能大赛";
    await expect(entry(provincial)).toHaveCount(1);
    await snap(page, testInfo, lang, "demo-history-me");
  });
}
