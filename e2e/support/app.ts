// Small steps every journey shares: choosing the language with the header switch, signing in,
// fresh browser contexts, table lookups that work both as a table and as phone cards, screenshots.
import { expect, request as apiRequest, type Browser, type BrowserContext, type Locator, type Page, type TestInfo } from "@playwright/test";
import { demo, langTag, messagesOf, translate, type Lang } from "./i18n";

export const localeCookieName = "gj_lng";

async function cookieLang(page: Page): Promise<string | null> {
  const cookie = (await page.context().cookies()).find((c) => c.name === localeCookieName);
  if (!cookie) return null;
  try {
    return JSON.parse(Buffer.from(decodeURIComponent(cookie.value), "base64").toString("utf8")) as string;
  } catch {
    return null;
  }
}

/**
 * Switches the current page to `lang` by clicking the header's language switch until both the
 * page and the remembered cookie are in that language (for zh-CN in a context without cookies
 * that means English and back, so the choice is stored either way). Then reloads, so journeys
 * see what a visitor arriving in that language sees: whether the page already on screen follows
 * the switch in place is language-switch.spec.ts's concern.
 */
export async function chooseLanguage(page: Page, lang: Lang): Promise<void> {
  const html = page.locator("html");
  for (let clicks = 0; clicks < 3; clicks++) {
    const current = await html.getAttribute("lang");
    if (current === lang && (await cookieLang(page)) === lang) {
      if (clicks > 0) await page.reload();
      await expect(html).toHaveAttribute("lang", lang);
      return;
    }
    const next = current === "en" ? "zh-CN" : "en";
    await page.getByRole("button", { name: messagesOf(current === "en" ? "en" : "zh-CN").app.switchTo }).click();
    await expect(html).toHaveAttribute("lang", next);
    await expect(page.getByRole("button", { name: messagesOf(next).app.switchTo })).toBeVisible();
  }
  throw new Error(`Could not switch the language to ${lang}`);
}

/** Signs in with account and password; ends on `redirectTo` with the sign-out button shown. */
export async function signIn(page: Page, lang: Lang, username: string, redirectTo = "/"): Promise<void> {
  const m = messagesOf(lang);
  await page.goto(`/sign-in?redirectTo=${encodeURIComponent(redirectTo)}`);
  await expect(page.getByRole("heading", { level: 1, name: m.signIn.title })).toBeVisible();
  await page.getByLabel(m.signIn.username, { exact: true }).fill(username);
  await page.getByLabel(m.signIn.password, { exact: true }).fill(demo.password);
  await page.getByRole("button", { name: m.signIn.submit, exact: true }).click();
  await expect(page).toHaveURL((url) => url.pathname === redirectTo);
  await expect(page.getByRole("button", { name: m.app.nav.signOut })).toBeVisible();
}

/**
 * A scoring device's API token for a judge (or chief judge, supervisor …): the person signs in as
 * themselves and makes it at /me/api-tokens — nobody else may make a token that acts as them.
 */
export async function ownApiToken(
  baseURL: string | undefined,
  input: { username: string; competitionId: string; role: string; label: string },
): Promise<string> {
  const person = await apiRequest.newContext({ baseURL });
  try {
    const signedIn = await person.post("/sign-in", { form: { username: input.username, password: demo.password, redirectTo: "/" }, maxRedirects: 0 });
    expect(signedIn.status(), `${input.username} signs in`).toBe(302);
    const res = await person.post("/me/api-tokens", { form: { label: input.label, competitionId: input.competitionId, role: input.role } });
    expect(res.status()).toBe(200);
    const token = /gj_[A-Za-z0-9_-]{43}/.exec(await res.text())?.[0];
    expect(token, "the new token is shown once on the page").toBeTruthy();
    return token!;
  } finally {
    await person.dispose();
  }
}

/** A new browser context with this project's device settings and no cookies (another person or device). */
export async function newCleanContext(browser: Browser, testInfo: TestInfo): Promise<BrowserContext> {
  const use = testInfo.project.use;
  return browser.newContext({
    baseURL: use.baseURL,
    viewport: use.viewport,
    hasTouch: use.hasTouch,
    isMobile: use.isMobile,
    locale: use.locale,
    timezoneId: use.timezoneId,
  });
}

/** Cells of one column, found by the column label every cell carries (also shown on phone cards). */
export function column(scope: Page | Locator, label: string): Locator {
  return scope.locator(`td[data-label="${label.replace(/"/g, '\\"')}"]`);
}

function exactly(text: string): RegExp {
  return new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*$`);
}

/** The cell of `columnLabel` whose whole text is `text`. */
export function cell(scope: Page | Locator, columnLabel: string, text: string): Locator {
  return column(scope, columnLabel).filter({ hasText: exactly(text) });
}

/** The table row (or phone card) holding a cell whose whole text is `text` in column `columnLabel`. */
export function rowWith(scope: Page | Locator, columnLabel: string, text: string): Locator {
  const page = "page" in scope && typeof scope.page === "function" ? (scope as Locator).page() : (scope as Page);
  return scope.locator("tbody tr").filter({ has: cell(page, columnLabel, text) });
}

/**
 * Types into a data table's filter box until the table shows exactly `expectedRows` rows (typing
 * before the page is hydrated is lost, so the box is filled again until the table reacts).
 */
export async function filterTable(scope: Page | Locator, lang: Lang, text: string, expectedRows = 1): Promise<void> {
  const m = messagesOf(lang);
  const box = scope.getByRole("searchbox", { name: m.table.filter });
  const pager = scope.locator(".table-pager");
  await expect(async () => {
    await box.fill(text);
    await expect(pager).toContainText(translate(lang, "table.rows", { count: expectedRows }), { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
}

/** Saves a full-page screenshot under e2e/artifacts/<project>-<lang>-<screen>.png. */
export async function snap(page: Page, testInfo: TestInfo, lang: Lang, screen: string): Promise<void> {
  await page.screenshot({ path: `e2e/artifacts/${testInfo.project.name}-${langTag(lang)}-${screen}.png`, fullPage: true });
}

/**
 * Records (without failing) a page wider than the viewport, so layout overflow on phones shows
 * up in the report as an annotation.
 */
export async function noteHorizontalOverflow(page: Page, testInfo: TestInfo, screen: string): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  if (scrollWidth > innerWidth) {
    testInfo.annotations.push({ type: "layout-overflow", description: `${screen}: page is ${scrollWidth}px wide in a ${innerWidth}px viewport` });
  }
}
