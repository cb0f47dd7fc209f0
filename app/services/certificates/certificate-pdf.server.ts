// The certificate 证书 as a PDF: A4 landscape, Chinese set in Noto Sans Hans (shipped by the
// npm package @embedpdf/fonts-sc, embedded as a subset — a fresh machine has no system fonts),
// with the competition, skill, holder, label (Chinese, English beneath), number, issue date
// (Beijing), organizer, a seal placeholder and a QR code of the public verification URL drawn
// as vector squares. A revoked certificate is still rendered for the record, but stamped
// 已作废 / VOID across the page so it can never pass for a valid one.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { openSync, type Font } from "fontkit";
import PDFDocument from "pdfkit";
import QRCode from "qrcode";
import { verificationUrl } from "~/domain/certificates/certificate-number";
import type { CertificateKind } from "~/domain/certificates/certificate-plan";
import { shanghaiDateOf } from "~/domain/time";

export interface CertificatePrint {
  number: string;
  kind: CertificateKind;
  labelZh: string;
  labelEn: string;
  holderName: string;
  competitionNameZh: string;
  competitionNameEn: string | null;
  skillNameZh: string;
  skillNameEn: string | null;
  organizerName: string;
  issuedAt: Date;
  revokedAt: Date | null;
}

/** A4 landscape in PDF points. */
export const pageSize = { width: 841.89, height: 595.28 } as const;

const red = "#9f1d20";
const gold = "#b8892b";
const ink = "#1f1f1f";

/** The font files' folder in @embedpdf/fonts-sc (its exports name only its index). */
export function fontDirectory(): string {
  return join(dirname(createRequire(import.meta.url).resolve("@embedpdf/fonts-sc")), "..", "fonts");
}

let fonts: { regular: Font; bold: Font } | null = null;
/**
 * The two weights, parsed once per process (8 MB each: parsing is most of a certificate's cost)
 * and handed to pdfkit as font objects; each document embeds only the glyphs it uses.
 */
function loadFonts(): { regular: Font; bold: Font } {
  if (!fonts) {
    const open = (file: string) => openSync(join(fontDirectory(), file)) as Font;
    fonts = { regular: open("NotoSansHans-Regular.otf"), bold: open("NotoSansHans-Bold.otf") };
  }
  return fonts;
}

/** The QR code's modules for a verification URL (error correction M: survives a worn print). */
export function certificateQr(origin: string, number: string): { text: string; size: number; isDark: (row: number, col: number) => boolean } {
  const text = verificationUrl(origin, number);
  const qr = QRCode.create(text, { errorCorrectionLevel: "M" });
  return { text, size: qr.modules.size, isDark: (row, col) => Boolean(qr.modules.get(row, col)) };
}

const leadOf: Record<CertificateKind, { zh: string; en: string }> = {
  award: { zh: "荣获", en: "is awarded" },
  title: { zh: "被授予", en: "is granted the title" },
  promotion: { zh: "晋升为", en: "is promoted to the skill level" },
};

function formatIssueDate(issuedAt: Date): { zh: string; en: string } {
  const [y, m, d] = shanghaiDateOf(issuedAt).split("-").map(Number) as [number, number, number];
  const months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
  return { zh: `${y}年${m}月${d}日`, en: `${d} ${months[m - 1]} ${y}` };
}

export async function renderCertificatePdf(print: CertificatePrint, origin: string): Promise<Uint8Array<ArrayBuffer>> {
  const { regular, bold } = loadFonts();
  const doc = new PDFDocument({
    size: "A4",
    layout: "landscape",
    margin: 0,
    info: { Title: `证书 Certificate ${print.number}`, Author: print.organizerName, Subject: print.competitionNameZh, CreationDate: print.issuedAt },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Uint8Array<ArrayBuffer>>((resolve, reject) => {
    doc.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on("error", reject);
  });
  // pdfkit takes a parsed fontkit font as well as bytes (its typings name only the bytes).
  doc.registerFont("zh", regular as unknown as Buffer);
  doc.registerFont("zh-bold", bold as unknown as Buffer);
  const { width: W, height: H } = pageSize;
  const centred = (text: string, y: number, font: string, size: number, color = ink) =>
    doc
      .font(font)
      .fontSize(size)
      .fillColor(color)
      .text(text, 60, y, { width: W - 120, align: "center", lineBreak: true });

  // Frame: a red outer rule and a thin gold inner one.
  doc
    .lineWidth(6)
    .strokeColor(red)
    .rect(18, 18, W - 36, H - 36)
    .stroke();
  doc
    .lineWidth(1.2)
    .strokeColor(gold)
    .rect(30, 30, W - 60, H - 60)
    .stroke();

  centred(print.competitionNameZh, 52, "zh-bold", 20);
  if (print.competitionNameEn) centred(print.competitionNameEn, 80, "zh", 11, "#444444");
  centred("证  书", 104, "zh-bold", 40, red);
  centred("CERTIFICATE", 154, "zh", 12, red);

  centred(print.holderName, 184, "zh-bold", 30);
  centred(`在「${print.skillNameZh}」赛项中${leadOf[print.kind].zh}`, 232, "zh", 15);
  centred(`in the skill ${print.skillNameEn ?? print.skillNameZh} ${leadOf[print.kind].en}`, 256, "zh", 10.5, "#444444");
  centred(print.labelZh, 280, "zh-bold", 36, red);
  centred(print.labelEn, 326, "zh", 14, red);

  // Bottom left: the QR code of the verification page, with the number and date beside it.
  const qr = certificateQr(origin, print.number);
  const qrSide = 96;
  const cell = qrSide / qr.size;
  const qrX = 64;
  const qrY = H - 64 - qrSide;
  for (let row = 0; row < qr.size; row++) {
    for (let col = 0; col < qr.size; col++) if (qr.isDark(row, col)) doc.rect(qrX + col * cell, qrY + row * cell, cell, cell);
  }
  doc.fillColor("#000000").fill();
  doc
    .font("zh")
    .fontSize(8)
    .fillColor("#444444")
    .text("扫码查验 Scan to verify", qrX, qrY + qrSide + 4, { width: qrSide, align: "center" });

  const date = formatIssueDate(print.issuedAt);
  const factsX = qrX + qrSide + 18;
  doc
    .font("zh")
    .fontSize(10)
    .fillColor("#444444")
    .text("证书编号 Certificate No.", factsX, qrY + 4);
  doc
    .font("zh-bold")
    .fontSize(14)
    .fillColor(ink)
    .text(print.number, factsX, qrY + 18);
  doc
    .font("zh")
    .fontSize(10)
    .fillColor("#444444")
    .text("发证日期 Date of issue", factsX, qrY + 44);
  doc
    .font("zh")
    .fontSize(12)
    .fillColor(ink)
    .text(`${date.zh}  ${date.en}`, factsX, qrY + 58);
  doc
    .font("zh")
    .fontSize(7.5)
    .fillColor("#666666")
    .text(qr.text, factsX, qrY + 80, { width: 300 });

  // Bottom right: the organizer and a seal placeholder — dashed, labelled, never a real seal.
  const sealX = W - 170;
  const sealY = H - 122;
  doc
    .font("zh-bold")
    .fontSize(13)
    .fillColor(ink)
    .text(print.organizerName, W - 420, H - 78, { width: 330, align: "right" });
  doc.lineWidth(2).dash(4, { space: 3 }).strokeColor(red).circle(sealX, sealY, 46).stroke().undash();
  doc
    .font("zh-bold")
    .fontSize(18)
    .fillColor(red)
    .text("印章", sealX - 40, sealY - 20, { width: 80, align: "center" });
  doc
    .font("zh")
    .fontSize(8)
    .fillColor(red)
    .text("SEAL · 占位 placeholder", sealX - 40, sealY + 4, { width: 80, align: "center" });

  if (print.revokedAt) {
    const when = formatIssueDate(print.revokedAt);
    doc.save().rotate(-18, { origin: [W / 2, H / 2] });
    doc
      .opacity(0.8)
      .lineWidth(5)
      .strokeColor(red)
      .rect(W / 2 - 230, H / 2 - 70, 460, 140)
      .stroke();
    doc
      .font("zh-bold")
      .fontSize(64)
      .fillColor(red)
      .text("已作废  VOID", W / 2 - 230, H / 2 - 52, { width: 460, align: "center" });
    doc
      .font("zh")
      .fontSize(12)
      .fillColor(red)
      .text(`${when.zh}作废 · Revoked ${when.en}`, W / 2 - 230, H / 2 + 30, { width: 460, align: "center" });
    doc.restore();
  }
  doc.end();
  return done;
}
