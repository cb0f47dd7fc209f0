import { describe, expect, it } from "vitest";
import { attachmentDisposition, fileResponse, fileTypes } from "./download.server";

describe("Content-Disposition of a download", () => {
  it("travel as an ASCII fallback and an RFC 5987 UTF-8 name", () => {
    expect(attachmentDisposition("attachment", "证书 焊接.zip", "certificates-1.zip")).toBe(
      "attachment; filename=\"certificates-1.zip\"; filename*=UTF-8''%E8%AF%81%E4%B9%A6%20%E7%84%8A%E6%8E%A5.zip",
    );
    expect(attachmentDisposition("inline", "a'(b).pdf", 'x"y.pdf')).toBe("inline; filename=\"x_y.pdf\"; filename*=UTF-8''a%27%28b%29.pdf");
  });

  it("is how every download answers: its type, its name, never sniffed, plus the route's own headers", () => {
    const res = fileResponse("a,b\n", { name: "成绩 焊接.csv", asciiName: "results.csv", type: fileTypes.csv }, { "Cache-Control": "private, no-store" });
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("Content-Disposition")).toBe("attachment; filename=\"results.csv\"; filename*=UTF-8''%E6%88%90%E7%BB%A9%20%E7%84%8A%E6%8E%A5.csv");
    expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(res.headers.get("Cache-Control")).toBe("private, no-store");
    expect(fileResponse("%PDF", { name: "a.pdf", type: fileTypes.pdf, inline: true }).headers.get("Content-Disposition")).toMatch(/^inline; filename="a.pdf"/);
  });
});
