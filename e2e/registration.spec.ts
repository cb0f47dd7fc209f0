// Registration 报名 end to end on the demo's 2027 edition: the organizer raises the Sichuan
// Cuisine quota; the Chengdu team leader, on a phone, downloads the template, fills 40 rows of
// which 3 are wrong, uploads it and sees exactly those 3 problems with their rows (in Chinese,
// then in English), nothing imported; fixes them, imports all 40 as drafts and submits them with
// the documents declared; the organizer approves them; the draw runs with the supervisor as
// witness; and the workstation list judges receive shows codes only, never a name.
import ExcelJS from "exceljs";
import { expect, test, type Page } from "@playwright/test";
import { composeIdNumber } from "../app/domain/identity/id-number";
import { chooseLanguage, newCleanContext, signIn, snap } from "./support/app";
import { messagesOf, translate, type Lang } from "./support/i18n";

const competitionName = "2027年四川工匠杯职业技能大赛";
const skill = "川菜烹饪";
const surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周"];
const given = ["建国", "晓明", "丽华", "志强", "海燕", "文博", "静怡", "国庆", "春梅", "子涵"];

/** 40 cooks of one kitchen; every run has its own birth year, so its ID numbers are new. */
function cooks(year: number) {
  return Array.from({ length: 40 }, (_, i) => {
    const gender = i % 3 === 0 ? ("female" as const) : ("male" as const);
    const birthDate = `${year}-${String((i % 12) + 1).padStart(2, "0")}-${String((i % 27) + 1).padStart(2, "0")}`;
    return {
      name: surnames[i % 10]! + given[Math.floor(i / 10) * 2 + (i % 2)]!,
      gender: gender === "male" ? "男" : "女",
      idNumber: composeIdNumber("510104", birthDate, 100 + i * 2 + (gender === "male" ? 1 : 0), gender),
      birthDate,
      phone: `1390000${String(1000 + i)}`,
      employer: "成都锦城餐饮管理有限公司",
      occupation: "中式烹调师",
      skillLevel: "四级/中级工",
      skill,
      group: "职工组",
      postCategory: gender === "female" ? "工人岗位" : "",
      team: "",
    };
  });
}

async function filledTemplate(page: Page, templateUrl: string, rows: ReturnType<typeof cooks>): Promise<Buffer> {
  const response = await page.request.get(templateUrl);
  expect(response.status()).toBe(200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(new Uint8Array(await response.body()).buffer);
  const sheet = workbook.getWorksheet("报名表")!;
  rows.forEach((r, i) => {
    sheet.getRow(3 + i).values = [
      r.name,
      r.gender,
      r.idNumber,
      r.birthDate,
      r.phone,
      r.employer,
      r.occupation,
      r.skillLevel,
      r.skill,
      r.group,
      r.postCategory,
      r.team,
    ];
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function upload(page: Page, lang: Lang, file: Buffer, name: string): Promise<void> {
  const m = messagesOf(lang);
  await page
    .getByLabel(m.registration.file, { exact: true })
    .setInputFiles({ name, mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer: file });
  await page.getByRole("button", { name: m.registration.check, exact: true }).click();
}

async function expectThreeProblems(page: Page, lang: Lang): Promise<void> {
  await expect(page.getByText(translate(lang, "registration.checkResult", { rows: 40, clean: 37, bad: 3 }))).toBeVisible();
  const rows = page.locator(".problem-table tbody tr");
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(0)).toContainText(translate(lang, "errors.ID_NUMBER_CHECK_DIGIT"));
  await expect(rows.nth(0).locator("td").first()).toHaveText("8");
  await expect(rows.nth(1).locator("td").first()).toHaveText("20");
  await expect(rows.nth(1)).toContainText(messagesOf(lang).registration.fields.birthDate);
  await expect(rows.nth(2).locator("td").first()).toHaveText("36");
  await expect(rows.nth(2)).toContainText(translate(lang, "errors.UNKNOWN_SKILL", { skill: "插花" }));
}

test("a team leader imports 40 registrations with 3 mistakes, fixes them and submits; the organizer approves; the draw gives codes only", async ({
  page,
  browser,
}, testInfo) => {
  test.setTimeout(180_000);
  const m = messagesOf("zh-CN");
  const year = 1986 + (Date.now() % 13);
  const good = cooks(year);

  await test.step("the organizer raises the Sichuan Cuisine quota for a big kitchen's delegation", async () => {
    await page.goto("/");
    await chooseLanguage(page, "zh-CN");
    await signIn(page, "zh-CN", "organizer", "/admin");
    await page.getByRole("link", { name: competitionName }).click();
    await page.getByRole("link", { name: m.admin.tabs.registrations, exact: true }).click();
    await expect(page.getByRole("heading", { level: 2, name: m.review.title })).toBeVisible();
    await page.getByText(m.review.skillRules).click();
    const rule = page.getByRole("form", { name: `${skill} · ${m.group.worker}` });
    await rule.getByLabel(m.review.quota, { exact: true }).fill("100");
    await rule.getByRole("button", { name: m.review.saveRule }).click();
    await expect(page.getByText(m.review.ruleSaved)).toBeVisible();
  });

  const leaderContext = await newCleanContext(browser, testInfo);
  const leader = await leaderContext.newPage();
  await leader.setViewportSize({ width: 390, height: 844 });
  let base = "";

  await test.step("the leader, on a phone, finds the delegation's registration page", async () => {
    await leader.goto("/");
    await chooseLanguage(leader, "zh-CN");
    await signIn(leader, "zh-CN", "leader.chengdu", "/registration");
    const card = leader.locator(".registration-card").filter({ hasText: competitionName });
    await card.getByRole("link", { name: m.registration.open }).click();
    await expect(leader).toHaveURL(/\/registration\/[0-9a-f-]{36}\/[0-9a-f-]{36}$/);
    await expect(leader.getByRole("heading", { level: 1 })).toContainText("成都市代表队");
    base = new URL(leader.url()).pathname;
  });

  const bad = good.map((r) => ({ ...r }));
  bad[5]!.idNumber = bad[5]!.idNumber.slice(0, 17) + (bad[5]!.idNumber[17] === "1" ? "2" : "1"); // row 8
  bad[17]!.birthDate = `${year - 1}-01-01`; // row 20
  bad[33]!.skill = "插花"; // row 36
  const badFile = await filledTemplate(leader, `${base}/template.xlsx`, bad);

  await test.step("the file with 3 mistakes among 40: all 3 shown with row and field, nothing imported", async () => {
    await upload(leader, "zh-CN", badFile, "成都-川菜.xlsx");
    await expectThreeProblems(leader, "zh-CN");
    await expect(leader.getByRole("button", { name: translate("zh-CN", "registration.importClean", { count: 37 }) })).toBeVisible();
    await snap(leader, testInfo, "zh-CN", "registration-import-problems");
  });

  await test.step("the same problems in English", async () => {
    await chooseLanguage(leader, "en");
    await upload(leader, "en", badFile, "chengdu-cuisine.xlsx");
    await expectThreeProblems(leader, "en");
    await snap(leader, testInfo, "en", "registration-import-problems");
    await chooseLanguage(leader, "zh-CN");
  });

  await test.step("fixed, all 40 are imported as drafts and submitted with the documents declared", async () => {
    await upload(leader, "zh-CN", await filledTemplate(leader, `${base}/template.xlsx`, good), "成都-川菜-改.xlsx");
    await expect(leader.getByText(translate("zh-CN", "registration.checkClean", { rows: 40 }))).toBeVisible();
    await leader.getByRole("button", { name: translate("zh-CN", "registration.importAll", { count: 40 }) }).click();
    await expect(leader.getByText(translate("zh-CN", "registration.imported", { count: 40 }))).toBeVisible();
    await leader.getByRole("button", { name: m.registration.selectAll }).click();
    // Without the documents the submission is refused and nothing changes.
    await leader.getByRole("button", { name: m.registration.submitSelected }).click();
    await expect(leader.getByRole("alert")).toContainText(m.errors.DOCUMENTS_MISSING.split("：")[0]!);
    await leader.getByRole("button", { name: m.registration.selectAll }).click();
    for (const box of await leader.getByRole("checkbox", { name: /我确认已提交/ }).all()) await box.check();
    await leader.getByRole("button", { name: m.registration.submitSelected }).click();
    await expect(leader.locator(".notice")).toContainText("已提交");
    const awaiting = leader.locator(".registration-card").filter({ hasText: good[0]!.name }).filter({ hasText: m.registration.status.submitted });
    await expect(awaiting.first()).toBeVisible();
    await snap(leader, testInfo, "zh-CN", "registration-submitted");
  });
  await leaderContext.close();

  await test.step("the organizer approves the delegation's cooks", async () => {
    await page.reload();
    await page.getByLabel(m.registration.skill, { exact: true }).selectOption({ label: `${skill} · ${m.group.worker}` });
    await page.getByLabel(m.registration.delegation, { exact: true }).selectOption({ label: "成都市代表队" });
    await page.getByLabel(m.registration.statusLabel, { exact: true }).selectOption({ label: m.registration.status.submitted });
    await page.getByRole("button", { name: m.review.apply, exact: true }).click();
    // The 40 imported, and the cook the leader had kept as a draft and submitted with them.
    await expect(page.locator("tbody tr")).toHaveCount(41);
    await page.getByRole("button", { name: m.registration.selectAll }).click();
    await page.getByRole("button", { name: m.review.approveSelected }).click();
    await expect(page.getByText(translate("zh-CN", "review.approved", { count: 41 }))).toBeVisible();
    await snap(page, testInfo, "zh-CN", "registration-review");
  });

  await test.step("the draw runs, witnessed; the workstation list for judges shows codes only", async () => {
    await page.getByRole("link", { name: m.admin.tabs.draws, exact: true }).click();
    await page.locator("tbody tr").filter({ hasText: skill }).getByRole("link", { name: m.draws.open }).click();
    for (const kind of ["check_in", "workstation"] as const) {
      if (kind === "workstation") await expect(page.getByLabel(m.draws.kind, { exact: true })).toHaveValue("workstation");
      const witness = page.getByLabel(m.draws.witness, { exact: true });
      await witness.selectOption({ label: (await witness.locator("option", { hasText: "(supervisor)" }).first().textContent())!.trim() });
      await page.getByRole("button", { name: m.draws.submit[kind] }).click();
      await expect(page.locator(".panel-heading .badge")).toHaveText(m.draws.state[kind]);
    }
    await page.getByRole("link", { name: m.draws.printCodes }).click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText(m.draws.codes.title);
    const codes = page.locator(".sheet-table td.code-cell");
    await expect(codes.first()).toBeVisible();
    expect(await codes.count()).toBeGreaterThanOrEqual(40);
    for (const code of await codes.allTextContents()) expect(code).toMatch(/^\d{2}$/);
    const sheet = page.locator(".print-sheet");
    for (const cook of good.slice(0, 10)) await expect(sheet).not.toContainText(cook.name);
    await expect(sheet).not.toContainText("BM2027-");
    await snap(page, testInfo, "zh-CN", "registration-draw-codes");
  });
});
