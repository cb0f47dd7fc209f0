import { describe, expect, it } from "vitest";
import { attachmentDisposition } from "./content-disposition";
import { certificateFileName } from "./certificate-files.server";

describe("file names of certificates", () => {
  it("are number, holder and label, without characters a file system refuses", () => {
    expect(certificateFileName({ number: "GJ2026-7KQ4-M9XZ-3HTD", holderName: "王喆", labelZh: "金牌" })).toBe("GJ2026-7KQ4-M9XZ-3HTD 王喆 金牌.pdf");
    expect(certificateFileName({ number: "GJ2026-7KQ4-M9XZ-3HTD", holderName: 'A/B\\C:"D"', labelZh: "技师*二级?" })).toBe(
      "GJ2026-7KQ4-M9XZ-3HTD A_B_C__D_ 技师_二级_.pdf",
    );
  });

  it("travel as an ASCII fallback and an RFC 5987 UTF-8 name", () => {
    expect(attachmentDisposition("attachment", "证书 焊接.zip", "certificates-1.zip")).toBe(
      "attachment; filename=\"certificates-1.zip\"; filename*=UTF-8''%E8%AF%81%E4%B9%A6%20%E7%84%8A%E6%8E%A5.zip",
    );
    expect(attachmentDisposition("inline", "a'(b).pdf", 'x"y.pdf')).toBe("inline; filename=\"x_y.pdf\"; filename*=UTF-8''a%27%28b%29.pdf");
  });
});
