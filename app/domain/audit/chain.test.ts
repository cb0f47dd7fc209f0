import { describe, expect, it } from "vitest";
import { auditBodyDigest, canonicalJson, genesisHash, hashAuditEvent, linkHash, verifyAuditChain, type ChainedAuditEvent } from "./chain";

/** n events, the first `writerLinked` of them in the first format and the rest linked by the database (second format). */
function buildChain(n: number, writerLinked = n): ChainedAuditEvent[] {
  const events: ChainedAuditEvent[] = [];
  let prevHash = genesisHash;
  for (let i = 1; i <= n; i++) {
    const content = {
      seq: i,
      occurredAt: `2026-11-22T08:00:0${i % 10}.000Z`,
      actorUserId: "u1",
      action: "competition.updated",
      entityType: "competition",
      entityId: "c1",
      competitionId: "c1",
      before: { venue: `old ${i}` },
      after: { venue: `new ${i}`, nested: { b: 1, a: [1, 2] } },
      reason: null,
    };
    if (i <= writerLinked) {
      const hash = hashAuditEvent(prevHash, content);
      events.push({ ...content, prevHash, hash, bodyDigest: null });
      prevHash = hash;
    } else {
      const bodyDigest = auditBodyDigest(content);
      const hash = linkHash(prevHash, i, bodyDigest);
      events.push({ ...content, prevHash, hash, bodyDigest });
      prevHash = hash;
    }
  }
  return events;
}

describe("audit chain", () => {
  it("canonical JSON ignores key order", () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: [3, { f: 1, e: 2 }] } })).toBe(canonicalJson({ a: { c: [3, { e: 2, f: 1 }], d: 2 }, b: 1 }));
  });

  it("verifies an intact chain", () => {
    expect(verifyAuditChain(buildChain(5))).toMatchObject({ ok: true, checked: 5 });
    expect(verifyAuditChain([])).toMatchObject({ ok: true, checked: 0, lastHash: genesisHash });
  });

  it("names the first event whose content was edited", () => {
    const chain = buildChain(5);
    chain[2] = { ...chain[2]!, after: { venue: "tampered" } };
    expect(verifyAuditChain(chain)).toEqual({ ok: false, checked: 2, brokenAtSeq: 3, problem: "hash_mismatch" });
  });

  it("detects a removed event", () => {
    const chain = buildChain(5);
    chain.splice(1, 1);
    expect(verifyAuditChain(chain)).toMatchObject({ ok: false, brokenAtSeq: 3, problem: "seq_gap" });
  });

  it("detects an event re-hashed after editing (the next link breaks)", () => {
    const chain = buildChain(4);
    const edited = { ...chain[1]!, reason: "quietly changed" };
    edited.hash = hashAuditEvent(edited.prevHash, edited);
    chain[1] = edited;
    expect(verifyAuditChain(chain)).toMatchObject({ ok: false, brokenAtSeq: 3, problem: "prev_hash_mismatch" });
  });

  it("continues a verification from a checkpoint", () => {
    const chain = buildChain(6);
    const first = verifyAuditChain(chain.slice(0, 3));
    if (!first.ok) throw new Error("expected ok");
    expect(verifyAuditChain(chain.slice(3), { prevHash: first.lastHash, prevSeq: 3, checked: 3 })).toMatchObject({ ok: true, checked: 6 });
  });

  describe("linked by the database (second format), after events linked by the writer", () => {
    it("verifies across the change of format", () => {
      expect(verifyAuditChain(buildChain(6, 3))).toMatchObject({ ok: true, checked: 6 });
      expect(verifyAuditChain(buildChain(4, 0))).toMatchObject({ ok: true, checked: 4 });
    });

    it("names an event whose content no longer matches its digest", () => {
      const chain = buildChain(6, 3);
      chain[4] = { ...chain[4]!, reason: "quietly changed" };
      expect(verifyAuditChain(chain)).toEqual({ ok: false, checked: 4, brokenAtSeq: 5, problem: "hash_mismatch" });
    });

    it("names an event whose digest was replaced to match edited content (the link no longer covers it)", () => {
      const chain = buildChain(6, 3);
      const edited = { ...chain[4]!, after: { venue: "tampered" } };
      edited.bodyDigest = auditBodyDigest(edited);
      chain[4] = edited;
      expect(verifyAuditChain(chain)).toEqual({ ok: false, checked: 4, brokenAtSeq: 5, problem: "hash_mismatch" });
    });

    it("detects a moved event: its seq is part of the link", () => {
      const chain = buildChain(6, 3);
      const moved = { ...chain[4]!, seq: 6 };
      expect(verifyAuditChain([...chain.slice(0, 4), { ...chain[5]!, seq: 5 }, moved])).toMatchObject({ ok: false, brokenAtSeq: 5 });
    });
  });
});
