// The registration template 报名表 as an Excel workbook, and reading a filled one back.
// Sheet "报名表" has the template version in A1 (GJ-REG-1), the column headers in row 2 (Chinese
// with the English in brackets) and one row per person from row 3; its ID-number column is
// formatted as text, so Excel keeps all 18 characters. Sheet "填写说明" lists the skills with
// their group, days, team size, quota and rules, and the values the coded columns accept (the
// template's drop-down lists read from it). A filled workbook is read by the header texts, so a
// column moved by the leader still reads; a different template version is refused.
import ExcelJS from "exceljs";
import type { RegistrationField, RegistrationRowInput, RowProblem, SkillForRegistration } from "~/domain/registration/registrations";
import { maxRegistrationFileBytes, maxRegistrationRows, registrationFields } from "~/domain/registration/registrations";
import { cellText, hiddenSheets, loadWorkbook, unsafeCells, type WorkbookProblem } from "../spreadsheets/read-workbook.server";
import { safeRow } from "../spreadsheets/safe-cells.server";
import { tableWorkbook } from "../spreadsheets/table-workbook.server";

export const registrationTemplateVersion = "GJ-REG-1";
export const registrationSheetName = "报名表";
export const instructionsSheetName = "填写说明";
const headerRow = 2;

export const registrationHeaders: Record<RegistrationField, { zh: string; en: string; width: number }> = {
  name: { zh: "姓名", en: "Name", width: 12 },
  gender: { zh: "性别", en: "Gender", width: 8 },
  idNumber: { zh: "身份证号码", en: "ID number", width: 22 },
  birthDate: { zh: "出生日期", en: "Birth date", width: 13 },
  phone: { zh: "手机号码", en: "Phone", width: 15 },
  employer: { zh: "工作单位/学校", en: "Employer or school", width: 28 },
  occupation: { zh: "职业(工种)", en: "Occupation", width: 20 },
  skillLevel: { zh: "职业技能等级", en: "Skill level", width: 14 },
  skill: { zh: "赛项", en: "Skill", width: 16 },
  group: { zh: "组别", en: "Group", width: 10 },
  postCategory: { zh: "女职工岗位类别", en: "Post category (women)", width: 16 },
  team: { zh: "团队编号", en: "Team", width: 10 },
};

const headerText = (field: RegistrationField) => `${registrationHeaders[field].zh}(${registrationHeaders[field].en})`;
const skillLevelChoices = ["五级/初级工", "四级/中级工", "三级/高级工", "二级/技师", "一级/高级技师", "特级技师", "首席技师"];
const groupText = { worker: "职工组", student: "学生组" } as const;

export interface TemplateContext {
  competitionName: string;
  delegationName: string;
  skills: readonly SkillForRegistration[];
  closesAt: string | null;
  requiredDocuments: ReadonlyArray<{ nameZh: string }>;
}

export async function registrationTemplate(
  context: TemplateContext,
  rows: ReadonlyArray<Partial<Record<RegistrationField, string>>> = [],
): Promise<Uint8Array<ArrayBuffer>> {
  const workbook = new ExcelJS.Workbook();
  workbook.title = `${context.competitionName} 报名表 ${registrationTemplateVersion}`;
  const sheet = workbook.addWorksheet(registrationSheetName, { views: [{ state: "frozen", ySplit: headerRow }] });
  sheet.getCell("A1").value =
    `${registrationTemplateVersion} · ${context.competitionName} · ${context.delegationName} · 报名表(请从第 3 行起每行填写一人,勿改动前两行)`;
  sheet.getCell("A1").font = { bold: true };
  registrationFields.forEach((field, i) => {
    const column = sheet.getColumn(i + 1);
    column.width = registrationHeaders[field].width;
    const cell = sheet.getCell(headerRow, i + 1);
    cell.value = headerText(field);
    cell.font = { bold: true };
    cell.alignment = { wrapText: true, vertical: "middle" };
  });
  sheet.getRow(headerRow).height = 32;
  // Text, so Excel keeps all 18 characters of an ID number (and a leading zero of a phone number).
  for (const field of ["idNumber", "phone", "birthDate", "team"] as const) sheet.getColumn(registrationFields.indexOf(field) + 1).numFmt = "@";
  for (const values of rows) sheet.addRow(safeRow(registrationFields.map((f) => values[f] ?? "")));

  const help = workbook.addWorksheet(instructionsSheetName);
  help.columns = [
    { header: "赛项 Skill", key: "skill", width: 24 },
    { header: "组别 Group", key: "group", width: 10 },
    { header: "比赛日期 Days", key: "days", width: 24 },
    { header: "每队人数 Team size", key: "team", width: 12 },
    { header: "名额 Quota", key: "quota", width: 10 },
    { header: "技能等级要求 Required level", key: "level", width: 20 },
    { header: "职业(工种)代码 Occupation", key: "occupation", width: 18 },
  ];
  help.getRow(1).font = { bold: true };
  for (const s of context.skills) {
    help.addRow({
      skill: s.nameZh,
      group: groupText[s.entrantGroup],
      days: s.startsOn === s.endsOn ? s.startsOn : `${s.startsOn} – ${s.endsOn}`,
      team: s.teamSize,
      quota: s.quota,
      level: s.requiredSkillLevel
        ? skillLevelChoices[["level5", "level4", "level3", "level2", "level1", "special_technician", "chief_technician"].indexOf(s.requiredSkillLevel)]
        : "",
      occupation: s.requireOccupation ? s.occupationCode : "",
    });
  }
  const notes = [
    "",
    "填写说明 Instructions",
    "1. 每行一人;团队赛项每名队员一行,同队队员填写相同的团队编号。One row per person; team members share a team label.",
    "2. 身份证号码填写 18 位(末位可为 X);出生日期、性别须与身份证一致。18-character ID numbers; birth date and gender must agree with it.",
    "3. 性别:男 / 女。职业技能等级:" + skillLevelChoices.join("、") + "。",
    "4. 组别:职工组 / 学生组。女职工参加职工组赛项须填写岗位类别:管理岗位 / 工人岗位(决定法定退休年龄)。",
    "5. 赛项要求职业(工种)代码时,以代码开头填写,例如 6-20-01-01 机修钳工。",
    "6. 不要使用公式、合并单元格或隐藏工作表。No formulas, merged cells or hidden sheets.",
    `7. 需提交的材料:${context.requiredDocuments.map((d) => d.nameZh).join("、") || "无"}。` +
      (context.closesAt ? ` 报名截止:${context.closesAt}(北京时间)。` : ""),
  ];
  for (const note of notes) help.addRow([note]);

  // Drop-down lists on the first 2,000 data rows (typing a value is still accepted).
  const lastSkillRow = context.skills.length + 1;
  const list = (field: RegistrationField, formula: string) => {
    const col = sheet.getColumn(registrationFields.indexOf(field) + 1).letter;
    for (let r = headerRow + 1; r <= headerRow + 2000; r++)
      sheet.getCell(`${col}${r}`).dataValidation = { type: "list", allowBlank: true, formulae: [formula], showErrorMessage: false };
  };
  list("gender", '"男,女"');
  list("group", '"职工组,学生组"');
  list("postCategory", '"管理岗位,工人岗位"');
  list("skillLevel", `"${skillLevelChoices.join(",")}"`);
  if (context.skills.length > 0) list("skill", `'${instructionsSheetName}'!$A$2:$A$${lastSkillRow}`);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

export type ParsedRegistrationFile =
  | { ok: true; rows: RegistrationRowInput[]; cellProblems: RowProblem[] }
  | { ok: false; problems: Array<{ code: string; params: Record<string, string | number> }> };

const fileCodeOf: Record<WorkbookProblem["code"], string> = {
  NOT_XLSX: "IMPORT_NOT_XLSX",
  SHEET_TOO_LARGE: "IMPORT_TOO_MANY_ROWS",
  HIDDEN_SHEET: "IMPORT_HIDDEN_SHEET",
  MERGED_CELLS: "IMPORT_MERGED_CELLS",
  FORMULA_CELL: "IMPORT_FORMULA",
};

/** Which field a header cell names: the Chinese or the English label, with or without the other. */
function fieldOfHeader(text: string): RegistrationField | null {
  const t = text.replace(/\s+/g, "").toLowerCase();
  for (const field of registrationFields) {
    const h = registrationHeaders[field];
    if (t === headerText(field).replace(/\s+/g, "").toLowerCase() || t === h.zh.toLowerCase() || t === h.en.replace(/\s+/g, "").toLowerCase()) return field;
  }
  return null;
}

/** A date cell, or a day serial number (a date pasted into the text-formatted column): as ISO. */
function isoDateOfCell(value: ExcelJS.CellValue): string | null {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString().slice(0, 10);
  // 1900 date system: serial 25569 is 1970-01-01; 1 to 73050 covers 1900–2099 (19980501 is text-like).
  if (typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= 73050)
    return new Date((value - 25569) * 86_400_000).toISOString().slice(0, 10);
  return null;
}

export async function parseRegistrationWorkbook(bytes: Uint8Array): Promise<ParsedRegistrationFile> {
  if (bytes.byteLength > maxRegistrationFileBytes)
    return { ok: false, problems: [{ code: "IMPORT_TOO_LARGE", params: { maxMegabytes: maxRegistrationFileBytes / 1024 / 1024 } }] };
  const workbook = await loadWorkbook(bytes, { maxDataRows: maxRegistrationRows, headerRows: headerRow, maxColumns: 40 });
  if (!(workbook instanceof ExcelJS.Workbook)) return { ok: false, problems: [{ code: fileCodeOf[workbook.code], params: workbook.params }] };
  const hidden = hiddenSheets(workbook);
  if (hidden.length > 0) return { ok: false, problems: hidden.map((h) => ({ code: fileCodeOf[h.code], params: h.params })) };
  const sheet = workbook.getWorksheet(registrationSheetName) ?? workbook.worksheets[0];
  if (!sheet) return { ok: false, problems: [{ code: "IMPORT_NOT_XLSX", params: {} }] };
  const version = /GJ-REG-\d+/.exec(cellText(sheet.getCell("A1").value))?.[0] ?? "";
  if (version !== registrationTemplateVersion)
    return { ok: false, problems: [{ code: "IMPORT_TEMPLATE_VERSION", params: { expected: registrationTemplateVersion, found: version || "—" } }] };

  const columns = new Map<RegistrationField, number>();
  sheet.getRow(headerRow).eachCell((cell, col) => {
    const field = fieldOfHeader(cellText(cell.value));
    if (field && !columns.has(field)) columns.set(field, col);
  });
  const missing = registrationFields.filter((f) => !columns.has(f));
  if (missing.length > 0)
    return {
      ok: false,
      problems: [
        { code: "IMPORT_TEMPLATE_VERSION", params: { expected: registrationTemplateVersion, found: `${version}: ${missing.map(headerText).join(", ")}` } },
      ],
    };
  const fieldOfColumn = new Map([...columns].map(([f, c]) => [c, f]));

  const cellProblems: RowProblem[] = [];
  for (const p of unsafeCells(sheet)) {
    const col = p.column ? sheet.getColumn(p.column).number : 0;
    cellProblems.push({
      row: p.row ?? 0,
      field: fieldOfColumn.get(col) ?? null,
      code: fileCodeOf[p.code] as RowProblem["code"],
      params: { ...p.params, cell: p.params.cell ?? p.params.range ?? "" },
    });
  }
  const rows: RegistrationRowInput[] = [];
  sheet.eachRow((row, rowNumber) => {
    if (rowNumber <= headerRow) return;
    const values = {} as Record<RegistrationField, string>;
    for (const field of registrationFields) {
      const cell = row.getCell(columns.get(field)!);
      const date = field === "birthDate" ? isoDateOfCell(cell.value) : null;
      let text = date ?? cellText(cell.value);
      if (field === "idNumber" && typeof cell.value === "number") {
        // Excel turned the number into a float and dropped its last digits: nothing safe to read.
        cellProblems.push({ row: rowNumber, field, code: "ID_NUMBER_AS_NUMBER", params: { cell: cell.address } });
        text = "";
      }
      values[field] = text;
    }
    if (registrationFields.every((f) => values[f] === "")) return;
    rows.push({ row: rowNumber, ...values });
  });
  if (rows.length === 0) return { ok: false, problems: [{ code: "IMPORT_EMPTY", params: {} }] };
  return { ok: true, rows, cellProblems };
}

export interface RosterRow {
  registrationNo: string | null;
  status: string;
  skill: string;
  group: string;
  delegation: string;
  name: string;
  gender: string;
  idNumberMasked: string;
  birthDate: string;
  employer: string;
  skillLevel: string;
  phone: string;
  checkInNo: string | null;
  workstationNo: string | null;
  rejectionReason: string | null;
}

/** The roster for the organizer: masked ID numbers only, headers in the reader's language. */
export async function rosterWorkbook(
  rows: readonly RosterRow[],
  headers: Record<keyof RosterRow, string>,
  sheetName: string,
): Promise<Uint8Array<ArrayBuffer>> {
  return tableWorkbook(rows, headers, sheetName, ["employer", "rejectionReason"]);
}
