// The certificate PDF read back with an independent parser (pdf-lib): one A4 landscape page, the
// CJK font embedded as a subset (a FontFile3 program, far smaller than the 8 MB font), Chinese
// text mapped back to Unicode, and the QR code, rebuilt from the page's drawing operators and
// decoded with a QR reader (jsQR), giving the verification URL.
import { inflateSync } from "node:zlib";
import jsQR from "jsqr";
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import { certificateQr, pageSize, renderCertificatePdf, type CertificatePrint } from "./certificate-pdf.server";

const print: CertificatePrint = {
  number: "GJ2026-7KQ4-M9XZ-3HTD",
  kind: "award",
  labelZh: "金牌",
  labelEn: "Gold medal",
  holderName: "王喆堃",
  competitionNameZh: "2026年四川工匠杯职业技能大赛",
  competitionNameEn: "2026 Sichuan Craftsman Cup",
  skillNameZh: "焊接",
  skillNameEn: "Welding",
  organizerName: "四川省人力资源和社会保障厅",
  issuedAt: new Date("2026-11-30T17:00:00Z"),
  revokedAt: null,
};
const origin = "https://gj.example.cn";

const streamBytes = (stream: PDFRawStream): Buffer => {
  const filter = stream.dict.get(PDFName.of("Filter"));
  return filter === PDFName.of("FlateDecode") ? inflateSync(stream.contents) : Buffer.from(stream.contents);
};

let pdf: PDFDocument;
let content: string;
let fontNames: string[];
let fontPrograms: Array<{ subtype: string | undefined; size: number }>;
let unicodeText: string;

async function load(bytes: Uint8Array) {
  const doc = await PDFDocument.load(bytes);
  const page = doc.getPages()[0]!;
  const contents = page.node.Contents();
  const streams =
    contents instanceof PDFArray ? contents.asArray().map((r) => doc.context.lookup(r as PDFRef) as PDFRawStream) : [contents as unknown as PDFRawStream];
  const names: string[] = [];
  const programs: Array<{ subtype: string | undefined; size: number }> = [];
  let cmap = "";
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    const dict = object instanceof PDFRawStream ? object.dict : object instanceof PDFDict ? object : null;
    if (!dict) continue;
    if (dict.get(PDFName.of("Type")) === PDFName.of("FontDescriptor")) {
      names.push(String(dict.get(PDFName.of("FontName"))));
      const file = dict.get(PDFName.of("FontFile3")) ?? dict.get(PDFName.of("FontFile2"));
      if (file instanceof PDFRef) {
        const program = doc.context.lookup(file) as PDFRawStream;
        programs.push({ subtype: program.dict.get(PDFName.of("Subtype"))?.toString(), size: streamBytes(program).length });
      }
    }
    if (object instanceof PDFRawStream) {
      const text = streamBytes(object).toString("latin1");
      if (text.includes("begincmap")) cmap += text;
    }
  }
  // The ToUnicode maps' targets, decoded from UTF-16BE: the characters the page's glyphs stand for.
  const targets = [...cmap.matchAll(/<([0-9a-fA-F]{4,8})>/g)].map((m) => m[1]!).filter((hex) => hex.length % 4 === 0);
  const text = targets.map((hex) => Buffer.from(hex, "hex").swap16().toString("utf16le")).join("");
  return { doc, content: streams.map((s) => streamBytes(s).toString("latin1")).join("\n"), names, programs, text };
}

beforeAll(async () => {
  const loaded = await load(await renderCertificatePdf(print, origin));
  ({ doc: pdf, content, names: fontNames, programs: fontPrograms, text: unicodeText } = loaded);
}, 30_000);

describe("the certificate PDF", () => {
  it("is one A4 landscape page", () => {
    expect(pdf.getPageCount()).toBe(1);
    const { width, height } = pdf.getPages()[0]!.getSize();
    expect(width).toBeCloseTo(pageSize.width, 1);
    expect(height).toBeCloseTo(pageSize.height, 1);
    expect(width).toBeGreaterThan(height);
  });

  it("embeds the Noto Sans Hans subsets it uses, as font programs, not the whole font", () => {
    expect(fontNames.filter((n) => /^\/[A-Z]{6}\+NotoSansHans-(Regular|Bold)$/.test(n)).length).toBe(2);
    const cjk = fontPrograms.filter((p) => p.subtype === "/CIDFontType0C");
    expect(cjk).toHaveLength(2);
    for (const program of cjk) expect(program.size).toBeGreaterThan(1000);
    for (const program of cjk) expect(program.size).toBeLessThan(500_000);
  });

  it("maps its glyphs back to the Chinese and English it prints", () => {
    for (const text of [
      print.holderName,
      print.labelZh,
      print.skillNameZh,
      print.competitionNameZh,
      print.organizerName,
      "证书编号发证日期印章",
      "2026年12月1日",
      print.number,
      "Gold medal",
    ]) {
      for (const char of text) expect(unicodeText, `${char} of ${text}`).toContain(char);
    }
  });

  it("draws a QR code that decodes to the certificate's verification URL", () => {
    const qr = certificateQr(origin, print.number);
    expect(qr.text).toBe("https://gj.example.cn/verify/GJ2026-7KQ4-M9XZ-3HTD");
    // The QR code's modules are drawn as equal squares: rebuild the grid from the `re` operators.
    const squares = [...content.matchAll(/(-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) re/g)].map(
      (m) => m.slice(1, 5).map(Number) as [number, number, number, number],
    );
    const cell = 96 / qr.size;
    const modules = squares.filter(([, , w, h]) => Math.abs(w - cell) < 0.01 && Math.abs(h - cell) < 0.01);
    expect(modules.length).toBeGreaterThan(qr.size * 4);
    const left = Math.min(...modules.map((m) => m[0]));
    const top = Math.min(...modules.map((m) => m[1]));
    const scale = 8;
    const quiet = 4;
    const side = (qr.size + 2 * quiet) * scale;
    const pixels = new Uint8ClampedArray(side * side * 4).fill(255);
    for (const [x, y] of modules) {
      const col = Math.round((x - left) / cell) + quiet;
      const row = Math.round((y - top) / cell) + quiet;
      for (let dy = 0; dy < scale; dy++) {
        for (let dx = 0; dx < scale; dx++) {
          const i = ((row * scale + dy) * side + col * scale + dx) * 4;
          pixels[i] = pixels[i + 1] = pixels[i + 2] = 0;
        }
      }
    }
    expect(jsQR(pixels, side, side)?.data).toBe(qr.text);
  });

  it("stamps a revoked certificate 已作废 / VOID", async () => {
    const revoked = await load(await renderCertificatePdf({ ...print, revokedAt: new Date("2026-12-03T02:00:00Z") }, origin));
    for (const char of "已作废VOID") expect(revoked.text).toContain(char);
    for (const char of "已作废") expect(unicodeText).not.toContain(char);
  });
});
