import { describe, expect, it } from "vitest";
import { certificateFileName } from "./certificate-files.server";

describe("file names of certificates", () => {
  it("are number, holder and label, without characters a file system refuses", () => {
    expect(certificateFileName({ number: "GJ2026-7KQ4-M9XZ-3HTD", holderName: "王喆", labelZh: "金牌" })).toBe("GJ2026-7KQ4-M9XZ-3HTD 王喆 金牌.pdf");
    expect(certificateFileName({ number: "GJ2026-7KQ4-M9XZ-3HTD", holderName: 'A/B\\C:"D"', labelZh: "技师*二级?" })).toBe(
      "GJ2026-7KQ4-M9XZ-3HTD A_B_C__D_ 技师_二级_.pdf",
    );
  });
});
