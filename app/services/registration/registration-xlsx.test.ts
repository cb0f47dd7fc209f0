import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import type { SkillForRegistration } from "~/domain/registration/registrations";
import { maxRegistrationRows } from "~/domain/registration/registrations";
import { parseRegistrationWorkbook, registrationTemplate, registrationTemplateVersion, rosterWorkbook } from "./registration-xlsx.server";

const weld: SkillForRegistration = {
  id: "weld",
  nameZh: "焊接",
  nameEn: "Welding",
  entrantGroup: "worker",
  teamSize: 1,
  ageRule: "cn_working_age",
  occupationCode: "6-18-02-04",
  startsOn: "2027-04-20",
  endsOn: "2027-04-21",
  quota: 2,
  requiredSkillLevel: "level3",
  requireLocality: true,
  requireOccupation: false,
  requiredResult: null,
};
const context = {
  competitionName: "2027年四川工匠杯职业技能大赛",
  delegationName: "成都市代表队",
  skills: [weld],
  closesAt: "2027-03-31 18:00",
  requiredDocuments: [{ nameZh: "身份证复印件" }],
};
const person = {
  name: "张伟",
  gender: "男",
  idNumber: "11010519491231002X",
  birthDate: "1949-12-31",
  phone: "13800000000",
  employer: "成都工匠机械有限公司",
  occupation: "焊工",
  skillLevel: "三级/高级工",
  skill: "焊接",
  group: "职工组",
};

async function edit(bytes: Uint8Array, change: (workbook: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(new Uint8Array(bytes).buffer);
  change(workbook);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

describe("registration workbook", () => {
  it("reads back what the template holds, row numbers as in Excel", async () => {
    const parsed = await parseRegistrationWorkbook(await registrationTemplate(context, [person, { ...person, name: "李娜", gender: "女" }]));
    expect(parsed.ok && parsed.rows).toEqual([
      { row: 3, ...person, postCategory: "", team: "" },
      { row: 4, ...person, name: "李娜", gender: "女", postCategory: "", team: "" },
    ]);
    expect(parsed.ok && parsed.cellProblems).toEqual([]);
  });

  it("reads date cells and columns the leader moved, and skips empty rows", async () => {
    const bytes = await edit(await registrationTemplate(context, [person]), (wb) => {
      const sheet = wb.getWorksheet("报名表")!;
      sheet.getCell("D3").value = new Date(Date.UTC(1949, 11, 31));
      sheet.spliceColumns(2, 0, ["备注(Note)", "", "x"]); // a column added before 性别
      sheet.getCell("A6").value = "王芳";
    });
    const parsed = await parseRegistrationWorkbook(bytes);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    expect(parsed.rows.map((r) => [r.row, r.name, r.birthDate, r.gender])).toEqual([
      [3, "张伟", "1949-12-31", "男"],
      [6, "王芳", "", ""],
    ]);
  });

  it("refuses a file that is not Excel, a wrong template version, a hidden sheet, an empty sheet", async () => {
    const csv = new TextEncoder().encode("姓名,性别\n张伟,男\n");
    expect(await parseRegistrationWorkbook(csv)).toEqual({ ok: false, problems: [{ code: "IMPORT_NOT_XLSX", params: {} }] });
    const oldVersion = await edit(await registrationTemplate(context, [person]), (wb) => (wb.getWorksheet("报名表")!.getCell("A1").value = "GJ-REG-0 旧模板"));
    expect(await parseRegistrationWorkbook(oldVersion)).toEqual({
      ok: false,
      problems: [{ code: "IMPORT_TEMPLATE_VERSION", params: { expected: registrationTemplateVersion, found: "GJ-REG-0" } }],
    });
    const hidden = await edit(await registrationTemplate(context, [person]), (wb) => (wb.addWorksheet("草稿", { state: "hidden" }).getCell("A1").value = "x"));
    expect(await parseRegistrationWorkbook(hidden)).toEqual({ ok: false, problems: [{ code: "IMPORT_HIDDEN_SHEET", params: { sheet: "草稿" } }] });
    expect(await parseRegistrationWorkbook(await registrationTemplate(context))).toEqual({ ok: false, problems: [{ code: "IMPORT_EMPTY", params: {} }] });
  });

  it("names formula cells, merged cells and ID numbers Excel turned into numbers, by row and field", async () => {
    const bytes = await edit(await registrationTemplate(context, [person, person, person]), (wb) => {
      const sheet = wb.getWorksheet("报名表")!;
      sheet.getCell("E3").value = { formula: "A3&B3", result: "张伟男" };
      sheet.mergeCells("F4:G4");
      sheet.getCell("C5").value = 110105194912310020;
    });
    const parsed = await parseRegistrationWorkbook(bytes);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    expect(parsed.cellProblems.map((p) => `${p.row}:${p.field}:${p.code}`).sort()).toEqual([
      "3:phone:IMPORT_FORMULA",
      "4:employer:IMPORT_MERGED_CELLS",
      "5:idNumber:ID_NUMBER_AS_NUMBER",
    ]);
  });

  it("refuses a sheet longer than the row limit while reading it", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("报名表");
    sheet.getCell("A1").value = registrationTemplateVersion;
    for (let r = 2; r <= maxRegistrationRows + 3; r++) sheet.getCell(`A${r}`).value = `选手${r}`;
    const parsed = await parseRegistrationWorkbook(new Uint8Array(await workbook.xlsx.writeBuffer()));
    expect(parsed).toEqual({ ok: false, problems: [{ code: "IMPORT_TOO_MANY_ROWS", params: { maxRows: maxRegistrationRows, maxColumns: 40 } }] });
  });

  it("writes a roster whose text cannot run as a formula, and reads a template's neutralised text back unchanged", async () => {
    const hostile = { name: "=1+2+cmd|calc", employer: "@SUM(1+1)*cmd|calc", phone: "-13800000000", rejectionReason: "+cmd|' /C calc'!A0" };
    const roster = await rosterWorkbook(
      [
        {
          registrationNo: "BM2027-0002",
          status: "已退回",
          skill: "焊接",
          group: "职工组",
          delegation: "成都市代表队",
          gender: "男",
          idNumberMasked: "110***********002X",
          birthDate: "1949-12-31",
          skillLevel: "三级",
          checkInNo: null,
          workstationNo: "-01",
          ...hostile,
        },
      ],
      Object.fromEntries(
        [
          "registrationNo",
          "status",
          "skill",
          "group",
          "delegation",
          "name",
          "gender",
          "idNumberMasked",
          "birthDate",
          "employer",
          "skillLevel",
          "phone",
          "checkInNo",
          "workstationNo",
          "rejectionReason",
        ].map((k) => [k, k]),
      ) as Parameters<typeof rosterWorkbook>[1],
      "报名名册",
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(roster).buffer);
    const row = workbook.getWorksheet("报名名册")!.getRow(2);
    expect([6, 10, 12, 14, 15].map((c) => row.getCell(c).value)).toEqual([
      "'=1+2+cmd|calc",
      "'@SUM(1+1)*cmd|calc",
      "-13800000000",
      "-01",
      "'+cmd|' /C calc'!A0",
    ]);
    // The template is filled in and uploaded again: what was neutralised reads back as it was.
    const parsed = await parseRegistrationWorkbook(await registrationTemplate(context, [{ ...person, name: hostile.name, employer: hostile.employer }]));
    expect(parsed.ok && parsed.rows.map((r) => [r.name, r.employer])).toEqual([[hostile.name, hostile.employer]]);
  });

  it("writes a roster with the given headers", async () => {
    const bytes = await rosterWorkbook(
      [
        {
          registrationNo: "BM2027-0001",
          status: "已通过",
          skill: "焊接",
          group: "职工组",
          delegation: "成都市代表队",
          name: "张伟",
          gender: "男",
          idNumberMasked: "110***********002X",
          birthDate: "1949-12-31",
          employer: "x",
          skillLevel: "三级",
          phone: "138",
          checkInNo: null,
          workstationNo: null,
          rejectionReason: null,
        },
      ],
      {
        registrationNo: "报名号",
        status: "状态",
        skill: "赛项",
        group: "组别",
        delegation: "代表队",
        name: "姓名",
        gender: "性别",
        idNumberMasked: "身份证号",
        birthDate: "出生日期",
        employer: "单位",
        skillLevel: "等级",
        phone: "手机",
        checkInNo: "检录号",
        workstationNo: "工位号",
        rejectionReason: "退回原因",
      },
      "报名名册",
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(bytes).buffer);
    const sheet = workbook.getWorksheet("报名名册")!;
    expect(sheet.getRow(2).getCell(8).value).toBe("110***********002X");
  });
});
