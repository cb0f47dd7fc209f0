import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { tableWorkbook } from "./table-workbook.server";

describe("a table as a workbook", () => {
  it("writes the headers in order in a frozen, filtered first row, then one row per record", async () => {
    const bytes = await tableWorkbook(
      [
        { skill: "焊接", name: "张三", rank: 1, award: null },
        { skill: "焊接", name: "李四", rank: 2, award: "银牌" },
      ],
      { skill: "赛项", name: "姓名", rank: "名次", award: "奖项" },
      "已获资格人员（2026年成都市职业技能大赛，按赛项和名次排列）",
      ["skill"],
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes.buffer);
    const sheet = workbook.worksheets[0]!;
    // Excel allows 31 characters in a sheet name.
    expect(sheet.name).toBe("已获资格人员（2026年成都市职业技能大赛，按赛项和名次排列）".slice(0, 31));
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(["赛项", "姓名", "名次", "奖项"]);
    expect(sheet.getRow(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(sheet.autoFilter).toBe("A1:D1");
    expect((sheet.getRow(2).values as unknown[]).slice(1)).toEqual(["焊接", "张三", 1]);
    expect((sheet.getRow(3).values as unknown[]).slice(1)).toEqual(["焊接", "李四", 2, "银牌"]);
    expect(sheet.getColumn(1).width).toBe(28);
    expect(sheet.getColumn(2).width).toBe(14);
    expect(sheet.rowCount).toBe(3);
  });
});
