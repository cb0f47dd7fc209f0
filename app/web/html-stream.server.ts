// The stream a page's HTML goes out through. React 18.3.1's Node stream writer has a bug: when a
// multi-byte character (every Chinese one) does not fit at the end of its 2 KB buffer, it flushes
// the whole buffer, so the page carries one or two NUL bytes where the character was cut off
// (react-dom-server.node: writeStringChunk writes `currentView`, not the written part; React 19
// writes the subarray). A Chinese page is thus corrupted at random places. HTML never contains a
// NUL character (U+0000 is a parse error), so the NUL bytes are dropped on the way out.
import { Transform } from "node:stream";

function withoutNul(chunk: Uint8Array): Uint8Array {
  return chunk.includes(0) ? chunk.filter((byte) => byte !== 0) : chunk;
}

/** A pass-through for the rendered HTML that drops NUL bytes. */
export function htmlBodyStream(): Transform {
  return new Transform({
    transform(chunk: Uint8Array | string, _encoding, done) {
      done(null, typeof chunk === "string" ? chunk.replaceAll("\u0000", "") : withoutNul(chunk));
    },
  });
}
