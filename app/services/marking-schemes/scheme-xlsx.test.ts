import { readFileSync } from "node:fs";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { validateScheme, type MarkingScheme } from "~/domain/marking-scheme/scheme";
import { readSchemeFile } from "./import-marking-scheme.server";
import { parseSchemeCsv, schemeToCsv } from "./scheme-csv.server";
import { parseSchemeWorkbook, schemeToWorkbook } from "./scheme-xlsx.server";

const exampleCsv = readFileSync(new URL("../../../docs/examples/marking-scheme.csv", import.meta.url));
let scheme: MarkingScheme;
let exampleXlsx: Uint8Array;

beforeAll(async () => {
  const validated = validateScheme(parseSchemeCsv(exampleCsv).draft!);
  if (!validated.ok) throw new Error("example invalid");
  scheme = validated.scheme;
  exampleXlsx = await schemeToWorkbook(scheme);
});

async function open(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(new Uint8Array(bytes).buffer);
  return workbook;
}

/** The example workbook, changed by `edit` and written again. */
async function edited(edit: (scheme: ExcelJS.Worksheet, sections: ExcelJS.Worksheet, workbook: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const workbook = await open(exampleXlsx);
  edit(workbook.getWorksheet("Marking Scheme")!, workbook.getWorksheet("Sections")!, workbook);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** What an import reports: code, sheet, row, column. */
async function problemsOf(bytes: Uint8Array) {
  const read = await readSchemeFile(bytes);
  return read.ok ? [] : read.problems.map((p) => [p.code, p.sheet, p.row, p.column, p.params]);
}

describe("marking scheme workbook", () => {
  it("writes the CIS-like layout: criteria, sub-criteria, aspects, descriptors on the rows below", async () => {
    const workbook = await open(exampleXlsx);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(["Marking Scheme", "Sections"]);
    const sheet = workbook.getWorksheet("Marking Scheme")!;
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    const values = (row: number) => (sheet.getRow(row).values as unknown[]).slice(1);
    expect(values(1)).toEqual([
      "Criterion",
      "Sub Criterion ID",
      "Sub Criterion Name or Description",
      "Day of Marking",
      "Aspect ID",
      "Aspect Type (M/J/T)",
      "Aspect - Description",
      "Judg Score",
      "Judg Score Description",
      "Calculation (M only)",
      "Panel Size (T only)",
      "WSOS Section",
      "Max Mark",
      "Part (theory/practice)",
    ]);
    expect(values(2)).toEqual(["A", undefined, "模块A 板对接焊 Plate butt weld", ...Array(10).fill(undefined), "practice"]);
    expect(values(3)).toEqual([undefined, "A1", "外观检验 Visual inspection", 1]);
    expect(values(4)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      "A1.1",
      "M",
      "焊缝余高 Weld reinforcement height",
      undefined,
      undefined,
      "per_unit target=1.5 tolerance=0.5 unit=0.1 deduction=1",
      undefined,
      "2",
      10,
    ]);
    expect(values(6).slice(4, 7)).toEqual(["A1.3", "J", "焊缝成形美观 Overall appearance"]);
    expect([7, 8, 9, 10].map((r) => values(r).slice(7, 9))).toEqual([
      [0, "焊缝成形差 Poor"],
      [1, "基本均匀 Even"],
      [2, "均匀平整 Smooth and even"],
      [3, "均匀美观无缺陷 Flawless"],
    ]);
    expect(values(24).slice(4)).toEqual(["B2.2", "T", "安全操作综合评价 Safe practice (5 judges)", undefined, undefined, undefined, 5, "3", 10]);
    expect(sheet.getCell("M4").numFmt).toBe("0.00");
    const sections = workbook.getWorksheet("Sections")!;
    expect([1, 2, 3, 4].map((r) => (sections.getRow(r).values as unknown[]).slice(1))).toEqual([
      ["WSOS Section", "Section Name", "Weighting %", "Declared Total"],
      ["1", "工作组织与管理 Work organisation and management", 10, 100],
      ["2", "焊接工艺与质量 Welding process and quality", 45],
      ["3", "安全与环保 Safety and environment", 45],
    ]);
  });

  it("round-trips: CSV → scheme → workbook → scheme → CSV gives the same scheme and the same CSV", async () => {
    const read = await parseSchemeWorkbook(exampleXlsx);
    expect(read.problems).toEqual([]);
    const again = validateScheme(read.draft!);
    expect(again).toEqual({ ok: true, scheme });
    if (!again.ok) return;
    expect(schemeToCsv(again.scheme)).toBe(schemeToCsv(scheme));
    expect(validateScheme((await parseSchemeWorkbook(await schemeToWorkbook(again.scheme))).draft!)).toEqual({ ok: true, scheme });
  });

  it("keeps the committed example workbook in step with the CSV example", async () => {
    const committed = readFileSync(new URL("../../../docs/examples/marking-scheme.xlsx", import.meta.url));
    expect(await readSchemeFile(committed)).toMatchObject({ ok: true });
    expect(validateScheme((await parseSchemeWorkbook(committed)).draft!)).toEqual({ ok: true, scheme });
  });

  it("reads typed values as a user would enter them: numbers, text numbers, rich text", async () => {
    const bytes = await edited((sheet) => {
      sheet.getCell("M4").value = "10.00";
      sheet.getCell("L4").value = 2;
      sheet.getCell("G4").value = { richText: [{ text: "焊缝余高 " }, { text: "Weld reinforcement height", font: { bold: true } }] };
    });
    expect(validateScheme((await parseSchemeWorkbook(bytes)).draft!)).toEqual({ ok: true, scheme });
  });

  describe("refuses hostile files whole, naming what to fix", () => {
    it("a CSV renamed to .xlsx, an old .xls, a broken zip", async () => {
      const notXlsx = { draft: null, problems: [{ code: "NOT_XLSX", params: {} }] };
      expect(await parseSchemeWorkbook(exampleCsv)).toEqual(notXlsx);
      expect(await parseSchemeWorkbook(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]))).toEqual(notXlsx);
      expect(await parseSchemeWorkbook(exampleXlsx.slice(0, 400))).toEqual(notXlsx);
      // a truncated view into a larger Node buffer is read as the view, not the whole buffer
      expect(await parseSchemeWorkbook(Buffer.from(exampleXlsx).subarray(0, 1000))).toEqual(notXlsx);
      expect(await problemsOf(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))).toEqual([["NOT_XLSX", undefined, undefined, undefined, {}]]);
    });

    it("a renamed CSV still imports as what it is: the file's bytes decide, not its name", async () => {
      expect(await readSchemeFile(exampleCsv)).toMatchObject({ ok: true });
    });

    it("the expected sheets missing", async () => {
      const bytes = await edited((sheet, sections) => {
        sheet.name = "Sheet1";
        sections.name = "Weightings";
      });
      expect(await problemsOf(bytes)).toEqual([
        ["SHEET_MISSING", undefined, undefined, undefined, { sheet: "Marking Scheme", found: "Sheet1, Weightings" }],
        ["SHEET_MISSING", undefined, undefined, undefined, { sheet: "Sections", found: "Sheet1, Weightings" }],
      ]);
    });

    it("a header missing", async () => {
      const bytes = await edited((sheet) => {
        sheet.getCell("M1").value = "Marks";
      });
      expect(await problemsOf(bytes)).toEqual([["MISSING_COLUMNS", "Marking Scheme", 1, undefined, { columns: "Max Mark" }]]);
    });

    it("merged cells", async () => {
      const bytes = await edited((sheet) => sheet.mergeCells("F4:G4"));
      expect(await problemsOf(bytes)).toEqual([["MERGED_CELLS", "Marking Scheme", 4, "F", { range: "F4:G4" }]]);
    });

    it("formula cells, named and not evaluated", async () => {
      const bytes = await edited((sheet, sections) => {
        sheet.getCell("M4").value = { formula: "5+5", result: 10 };
        sheet.getCell("M5").value = { sharedFormula: "M4", result: 10 };
        sections.getCell("D2").value = { formula: "SUM(M2:M25)", result: 100 };
      });
      expect(await problemsOf(bytes)).toEqual([
        ["FORMULA_CELL", "Marking Scheme", 4, "M", { cell: "M4" }],
        ["FORMULA_CELL", "Marking Scheme", 5, "M", { cell: "M5" }],
        ["FORMULA_CELL", "Sections", 2, "D", { cell: "D2" }],
      ]);
    });

    it("100,000 rows: refused while parsing, before the sheet is built", async () => {
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet("Marking Scheme");
      sheet.addRow(["Criterion"]);
      for (let i = 0; i < 100_000; i++) sheet.addRow([`M${i}`]);
      workbook.addWorksheet("Sections");
      const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
      // Only the parse's own row limit reports this: it stops at row 5,002 of 100,001.
      expect(await problemsOf(bytes)).toEqual([["SHEET_TOO_LARGE", undefined, undefined, undefined, { maxRows: 5000, maxColumns: 50 }]]);
    }, 30_000);

    it("a row with more cells than the limit (extra columns are otherwise ignored)", async () => {
      const bytes = await edited((sheet) => {
        for (let col = 14; col <= 70; col++) sheet.getCell(4, col).value = "note";
      });
      expect((await parseSchemeWorkbook(await edited((sheet) => (sheet.getCell(4, 50).value = "note")))).problems).toEqual([]);
      expect(await problemsOf(bytes)).toEqual([["SHEET_TOO_LARGE", undefined, undefined, undefined, { maxRows: 5000, maxColumns: 50 }]]);
    });

    it("up to the row limit is read", async () => {
      const bytes = await edited((sheet) => {
        while (sheet.rowCount < 5001) sheet.addRow(["Z" + sheet.rowCount]);
      });
      expect((await parseSchemeWorkbook(bytes)).problems).toEqual([]);
    });

    it("bad values: non-numeric and off-grid max marks, unknown type, missing descriptor, duplicate id, with sheet, row and column", async () => {
      const bytes = await edited((sheet) => {
        sheet.getCell("M4").value = "ten"; // A1.1
        sheet.getCell("M5").value = 10.005; // A1.2
        sheet.getCell("F12").value = "X"; // A2.1
        sheet.spliceRows(9, 1); // A1.3 loses its descriptor for score 2
        // B2.3 (row 25 → 24 after the splice) takes the id of B2.1
        sheet.getCell("E24").value = "B2.1";
      });
      expect(await problemsOf(bytes)).toEqual([
        ["NOT_A_NUMBER", "Marking Scheme", 4, "M", { field: "max", value: "ten" }],
        ["MAX_NOT_IN_STEPS", "Marking Scheme", 5, "M", { max: "10.005" }],
        ["MISSING_DESCRIPTORS", "Marking Scheme", 6, "H", { missing: "2" }],
        ["UNKNOWN_KIND", "Marking Scheme", 11, "M", { kind: "X" }],
        ["DUPLICATE_ID", "Marking Scheme", 24, "M", { id: "B2.1" }],
        // 100 − 10 (A1.1 unreadable) + 0.005 (A1.2), shown to two places
        ["TOTAL_MISMATCH", undefined, undefined, undefined, { declared: "100.00", actual: "90.01", difference: "-10.00" }],
      ]);
    });

    it("totals not adding up, with the difference", async () => {
      const bytes = await edited((_sheet, sections) => {
        sections.getCell("D2").value = 90;
      });
      expect(await problemsOf(bytes)).toEqual([
        ["TOTAL_MISMATCH", undefined, undefined, undefined, { declared: "90.00", actual: "100.00", difference: "10.00" }],
      ]);
    });

    it("rows that fit nowhere: a stray or repeated score, a row with only a name, a sub-criterion before any criterion, two totals", async () => {
      const bytes = await edited((sheet, sections) => {
        sheet.getCell("H8").value = 0; // A1.3's score 1 → a second 0
        sheet.insertRow(2, [undefined, "A0", "before any criterion"]);
        sheet.addRow([undefined, undefined, undefined, "3"]); // only a marking day
        sheet.addRow([undefined, undefined, undefined, undefined, undefined, undefined, undefined, 2, "stray"]);
        sections.getCell("D4").value = 100;
      });
      expect(await problemsOf(bytes)).toEqual([
        ["MISSING_PARENT", "Marking Scheme", 2, "B", {}],
        ["MISSING_DESCRIPTORS", "Marking Scheme", 7, "H", { missing: "1" }],
        ["BAD_JUDG_SCORE", "Marking Scheme", 9, "H", { value: "0" }],
        ["UNREADABLE_ROW", "Marking Scheme", 27, undefined, {}],
        ["STRAY_DESCRIPTOR", "Marking Scheme", 28, "H", {}],
        ["DUPLICATE_TOTAL", "Sections", 4, "D", {}],
      ]);
    });
  });
});
