// The organizer edits Welding's marking scheme in the builder, in Chinese: a max mark changed so
// the aspects no longer add up shows the difference in place and is refused; a new judgement
// aspect makes up the difference but is refused until its four descriptors are written; then it
// saves and the scheme page shows the change. The editor is then seen in English, a scheme that
// already has marks (Cyber Security) is refused clearly, and hand-made posts get translated
// refusals, never a 500. Runs in the "tablet" and "desktop" projects (playwright.config.ts).
import { expect, test, type Locator, type Page, type TestInfo } from "@playwright/test";
import { cmp, decimal, sub, toFixed } from "../app/domain/results/exact";
import { cell, chooseLanguage, rowWith, signIn, snap } from "./support/app";
import { demo, messagesOf, translate, type Lang } from "./support/i18n";

const lang: Lang = "zh-CN";
const m = messagesOf(lang);
const b = m.schemeBuilder;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** A translated message as a pattern where one parameter may be anything. */
const withAny = (l: Lang, key: string, param: string) =>
  new RegExp(
    translate(l, key, { [param]: "§" })
      .split("§")
      .map(escape)
      .join(".+"),
  );

async function openScheme(page: Page, l: Lang, skill: string): Promise<void> {
  const ml = messagesOf(l);
  await page.goto("/admin");
  await page.getByRole("link", { name: demo.competition[l], exact: true }).click();
  await page.getByRole("link", { name: ml.admin.tabs.skills, exact: true }).click();
  await page.getByRole("link", { name: skill, exact: true }).click();
  await page.getByRole("link", { name: ml.judging.scheme, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: ml.scheme.title })).toBeVisible();
}

async function openBuilder(page: Page, l: Lang): Promise<void> {
  const ml = messagesOf(l);
  await page.getByRole("link", { name: ml.schemeBuilder.edit, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: ml.schemeBuilder.title })).toBeVisible();
  // Typing before the page's script runs would be lost: saving is enabled once it does.
  await expect(page.getByRole("button", { name: ml.schemeBuilder.save, exact: true })).toBeEnabled();
}

async function expectFitsTablet(page: Page, testInfo: TestInfo): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  expect(scrollWidth, `${testInfo.project.name}: page wider than the viewport`).toBeLessThanOrEqual(innerWidth);
}

/** Every button and field of the editor is at least 44 px tall (touch). */
async function expectTouchTargets(scope: Locator): Promise<void> {
  const small = await scope
    .locator("button, input:not([type=hidden]), select, textarea")
    .evaluateAll((nodes) =>
      nodes.filter((n) => (n as HTMLElement).offsetParent !== null && n.getBoundingClientRect().height < 44).map((n) => n.outerHTML.slice(0, 80)),
    );
  expect(small).toEqual([]);
}

test("the organizer edits Welding's marking scheme in the builder", async ({ page }, testInfo) => {
  const stamp = `${testInfo.project.name.slice(0, 1).toUpperCase()}${Date.now() % 1_000_000}`;
  const newId = `E2E-${stamp}`;
  const newDescription = `端到端评价点 ${stamp}`;
  const summary = page.getByRole("region", { name: b.summary });
  const totalStatus = summary.getByRole("status");

  await page.goto("/");
  await chooseLanguage(page, lang);
  await signIn(page, lang, "organizer", "/admin");
  await openScheme(page, lang, demo.welding[lang]);
  await openBuilder(page, lang);

  const form = page.locator("form.scheme-builder");
  const declared = decimal(await summary.getByLabel(b.declaredTotal, { exact: true }).inputValue());
  await expect(totalStatus).toContainText(translate(lang, "schemeBuilder.totalMatches", { actual: toFixed(declared) }));

  // An aspect with at least 2 marks, so taking 1 off leaves a valid max mark.
  const maxes = form.getByLabel(b.max, { exact: true });
  let chosen = -1;
  for (let i = 0; i < (await maxes.count()) && chosen < 0; i++) if (cmp(decimal(await maxes.nth(i).inputValue()), decimal("2")) >= 0) chosen = i;
  expect(chosen).toBeGreaterThanOrEqual(0);
  const maxField = maxes.nth(chosen);
  const aspect = maxField.locator("xpath=ancestor::fieldset[1]");
  const aspectId = await aspect.getByLabel(b.aspectId, { exact: true }).inputValue();
  const oldMax = decimal(await maxField.inputValue());
  const newMax = toFixed(sub(oldMax, decimal("1")));

  await test.step("a max mark that breaks the total shows the difference in place, and saving is refused", async () => {
    await maxField.fill(newMax);
    const mismatch = translate(lang, "scheme.problem.TOTAL_MISMATCH", {
      actual: toFixed(sub(declared, decimal("1"))),
      declared: toFixed(declared),
      difference: "−1.00",
    });
    await expect(totalStatus).toContainText(mismatch);
    await page.getByRole("button", { name: b.save, exact: true }).click();
    await expect(page.getByRole("alert")).toContainText(translate(lang, "schemeBuilder.problems", { count: 1 }));
    await expect(totalStatus).toContainText(mismatch);
    await expect(maxField).toHaveValue(newMax);
  });

  const subCriterion = aspect.locator("xpath=..");
  const added = subCriterion.locator(":scope > fieldset").last();
  await test.step("a new judgement aspect makes up the difference, but needs its descriptors", async () => {
    await subCriterion.getByRole("button", { name: withAny(lang, "schemeBuilder.addAspect", "subCriterion") }).click();
    await added.getByLabel(b.aspectId, { exact: true }).fill(newId);
    await expect(page.getByRole("group", { name: translate(lang, "schemeBuilder.aspectRow", { id: newId }) })).toBeVisible();
    await added.getByLabel(b.kind, { exact: true }).selectOption({ label: m.scheme.kind.judgement });
    await added.getByLabel(b.description, { exact: true }).fill(newDescription);
    await added.getByLabel(b.max, { exact: true }).fill("1.00");
    await expect(totalStatus).toContainText(translate(lang, "schemeBuilder.totalMatches", { actual: toFixed(declared) }));
    await page.getByRole("button", { name: b.save, exact: true }).click();
    await expect(page.getByRole("alert")).toContainText(translate(lang, "schemeBuilder.problems", { count: 1 }));
    await expect(added).toContainText(translate(lang, "scheme.problem.MISSING_DESCRIPTORS", { missing: "0,1,2,3" }));
    const firstDescriptor = added.getByLabel(translate(lang, "schemeBuilder.descriptor", { level: 0 }), { exact: true });
    await expect(firstDescriptor).toHaveAttribute("aria-invalid", "true");
    await page.getByRole("alert").getByRole("button", { name: b.firstProblem }).click();
    await expect(firstDescriptor).toBeFocused();
    await expectFitsTablet(page, testInfo);
    await expectTouchTargets(form);
    await added.scrollIntoViewIfNeeded();
    await snap(page, testInfo, lang, "scheme-builder-problems");
  });

  await test.step("with four descriptors the scheme saves, and the scheme page shows the change", async () => {
    for (const level of [0, 1, 2, 3])
      await added.getByLabel(translate(lang, "schemeBuilder.descriptor", { level }), { exact: true }).fill(`${level} 分：端到端描述 ${stamp}`);
    await expect(page.getByRole("alert")).toHaveCount(0);
    await page.getByRole("button", { name: b.save, exact: true }).click();
    await expect(page).toHaveURL(/\/scheme\?saved=\d+$/);
    await expect(page.getByRole("status")).toContainText(withAny(lang, "scheme.saved", "version"));
    const newRow = rowWith(page, m.scheme.columns.id, newId);
    await expect(cell(newRow, m.scheme.columns.kind, m.scheme.kind.judgement)).toBeVisible();
    await expect(cell(newRow, m.scheme.columns.max, "1.00")).toBeVisible();
    await expect(cell(newRow, m.scheme.columns.description, newDescription)).toBeVisible();
    await expect(cell(rowWith(page, m.scheme.columns.id, aspectId), m.scheme.columns.max, newMax)).toBeVisible();
    await snap(page, testInfo, lang, "scheme-after-builder");
  });

  await test.step("reopened, the builder shows what was saved", async () => {
    await openBuilder(page, lang);
    const reopened = page.getByRole("group", { name: translate(lang, "schemeBuilder.aspectRow", { id: newId }) });
    await expect(reopened.getByLabel(translate(lang, "schemeBuilder.descriptor", { level: 3 }), { exact: true })).toHaveValue(`3 分：端到端描述 ${stamp}`);
    await snap(page, testInfo, lang, "scheme-builder");
  });

  await test.step("in English the builder speaks English, live", async () => {
    await chooseLanguage(page, "en");
    const en = messagesOf("en").schemeBuilder;
    await expect(page.getByRole("heading", { level: 1, name: en.title })).toBeVisible();
    await expect(page.getByRole("button", { name: en.save, exact: true })).toBeEnabled();
    const enSummary = page.getByRole("region", { name: en.summary });
    await enSummary.getByLabel(en.declaredTotal, { exact: true }).fill("99.50");
    await expect(enSummary.getByRole("status")).toContainText(
      translate("en", "scheme.problem.TOTAL_MISMATCH", { actual: toFixed(declared), declared: "99.50", difference: "+0.50" }),
    );
    await expectFitsTablet(page, testInfo);
    await snap(page, testInfo, "en", "scheme-builder");
    await chooseLanguage(page, lang);
  });
});

test("a scheme with marks cannot be replaced, and hand-made posts are refused in words", async ({ page }) => {
  await page.goto("/");
  await chooseLanguage(page, lang);
  await signIn(page, lang, "organizer", "/admin");
  await openScheme(page, lang, "网络安全");
  await openBuilder(page, lang);
  const editPath = new URL(page.url()).pathname;

  await test.step("Cyber Security has marks: saving is refused, and says why", async () => {
    await page.getByRole("button", { name: b.save, exact: true }).click();
    await expect(page.getByRole("alert")).toContainText(m.errors.SCHEME_HAS_MARKS);
    await expect(page).toHaveURL((url) => url.pathname === editPath);
  });

  await test.step("malformed, mistyped, missing or oversized drafts get a translated refusal", async () => {
    const cases: Array<[string, string, number, string]> = [
      ["not JSON", "draft={oops", 400, b.badDraft],
      ["wrong types", `draft=${encodeURIComponent(JSON.stringify({ declaredTotal: 100, sections: "x", modules: [] }))}`, 400, b.badDraft],
      ["no draft", "other=1", 400, b.noDraft],
      ["too large", `draft=${"x".repeat(1_100_000)}`, 413, b.tooLarge],
    ];
    for (const [what, body, status, message] of cases) {
      const response = await page.request.post(editPath, { headers: { "Content-Type": "application/x-www-form-urlencoded" }, data: body });
      expect(response.status(), what).toBe(status);
      expect(await response.text(), what).toContain(message);
    }
  });
});
