import { describe, expect, it } from "vitest";
import { attachmentDisposition } from "./download.server";

describe("Content-Disposition of a download", () => {
  it("travel as an ASCII fallback and an RFC 5987 UTF-8 name", () => {
    expect(attachmentDisposition("attachment", "证书 焊接.zip", "certificates-1.zip")).toBe(
      "attachment; filename=\"certificates-1.zip\"; filename*=UTF-8''%E8%AF%81%E4%B9%A6%20%E7%84%8A%E6%8E%A5.zip",
    );
    expect(attachmentDisposition("inline", "a'(b).pdf", 'x"y.pdf')).toBe("inline; filename=\"x_y.pdf\"; filename*=UTF-8''a%27%28b%29.pdf");
  });
});
