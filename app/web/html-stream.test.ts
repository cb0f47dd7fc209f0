// React 18.3.1 pads its stream with NUL bytes where a Chinese character straddles its 2 KB buffer;
// the page's body stream removes them, and the text comes through whole.
import { Writable } from "node:stream";
import { createElement } from "react";
import { renderToPipeableStream } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { htmlBodyStream } from "./html-stream.server";

/** Many short Chinese text nodes: some cross the writer's 2 KB buffer boundary. */
function page() {
  return createElement(
    "ul",
    null,
    Array.from({ length: 400 }, (_, i) => createElement("li", { key: i }, `导入官方世赛积分 ${i}`)),
  );
}

async function render(through: "raw" | "filtered"): Promise<Buffer> {
  const parts: Buffer[] = [];
  await new Promise<void>((resolve, reject) => {
    const sink = new Writable({
      write(chunk: Buffer, _e, done) {
        parts.push(Buffer.from(chunk));
        done();
      },
    });
    sink.on("finish", resolve);
    const { pipe } = renderToPipeableStream(page(), {
      onAllReady() {
        if (through === "raw") pipe(sink);
        else {
          const body = htmlBodyStream();
          body.pipe(sink);
          pipe(body);
        }
      },
      onError: reject,
    });
  });
  return Buffer.concat(parts);
}

describe("the HTML body stream", () => {
  it("is needed: React 18.3.1 alone pads Chinese text with NUL bytes", async () => {
    expect((await render("raw")).includes(0)).toBe(true);
  });

  it("drops the NUL bytes and keeps every character", async () => {
    const html = await render("filtered");
    expect(html.includes(0)).toBe(false);
    const text = html.toString("utf8");
    expect(text).not.toContain("\ufffd");
    for (let i = 0; i < 400; i++) expect(text).toContain(`导入官方世赛积分 ${i}`);
  });
});
