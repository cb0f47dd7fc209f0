import { describe, expect, it } from "vitest";
import type { Award } from "../results/awards";
import { desiredCertificates, planCertificateSync, type DesiredCertificate, type ValidCertificate } from "./certificate-plan";
import { awardLabels } from "./labels";
import { certificateStatus } from "./verification";

describe("award labels", () => {
  it.each<[Award, string, string]>([
    ["gold", "金牌", "Gold medal"],
    ["silver", "银牌", "Silver medal"],
    ["bronze", "铜牌", "Bronze medal"],
    ["medallion", "优胜奖", "Medallion for Excellence"],
    ["first", "一等奖", "First prize"],
    ["second", "二等奖", "Second prize"],
    ["third", "三等奖", "Third prize"],
    ["merit", "优胜奖", "Prize of merit"],
  ])("%s is %s / %s", (award, zh, en) => {
    expect(awardLabels[award]).toEqual({ zh, en });
  });
});

describe("desiredCertificates", () => {
  const members = new Map([
    ["c1", ["p1"]],
    ["c2", ["p2", "p3"]],
    ["c3", ["p4"]],
  ]);

  it("gives one award per person of an awarded competitor and one per honour, none for no award", () => {
    const desired = desiredCertificates(
      [
        { competitorId: "c1", award: "gold" },
        { competitorId: "c2", award: "second" },
        { competitorId: "c3", award: null },
      ],
      members,
      [{ competitorId: "c1", personId: "p1", kind: "title", code: "sichuan_craftsman", labelZh: "四川工匠", labelEn: "Sichuan Craftsman" }],
    );
    expect(desired.map((d) => [d.personId, d.kind, d.code, d.labelZh])).toEqual([
      ["p1", "award", "gold", "金牌"],
      ["p1", "title", "sichuan_craftsman", "四川工匠"],
      ["p2", "award", "second", "二等奖"],
      ["p3", "award", "second", "二等奖"],
    ]);
  });

  it("is empty for a publication without awards or honours", () => {
    expect(desiredCertificates([{ competitorId: "c1", award: null }], members, [])).toEqual([]);
  });
});

describe("planCertificateSync", () => {
  const want = (personId: string, kind: DesiredCertificate["kind"], code: string): DesiredCertificate => ({
    personId,
    competitorId: `c-${personId}`,
    kind,
    code,
    labelZh: code,
    labelEn: code,
  });
  const held = (id: string, personId: string, kind: ValidCertificate["kind"], code: string): ValidCertificate => ({
    id,
    number: `N-${id}`,
    personId,
    kind,
    code,
  });

  it.each<[string, ValidCertificate[], DesiredCertificate[], { keep: string[]; issue: string[]; revoke: Array<[string, string | null]> }]>([
    ["nothing held: everything is issued", [], [want("p1", "award", "gold")], { keep: [], issue: ["p1|award|gold"], revoke: [] }],
    ["the same: everything is kept", [held("a", "p1", "award", "gold")], [want("p1", "award", "gold")], { keep: ["a"], issue: [], revoke: [] }],
    [
      "a changed award: revoked, replaced by the new one of the same person and kind",
      [held("a", "p1", "award", "gold"), held("t", "p1", "title", "craftsman")],
      [want("p1", "award", "silver"), want("p1", "title", "craftsman")],
      { keep: ["t"], issue: ["p1|award|silver"], revoke: [["a", "p1|award|silver"]] },
    ],
    ["an award no longer given: revoked without replacement", [held("a", "p2", "award", "merit")], [], { keep: [], issue: [], revoke: [["a", null]] }],
    [
      "another person's new award is no replacement",
      [held("a", "p1", "award", "gold")],
      [want("p2", "award", "gold")],
      { keep: [], issue: ["p2|award|gold"], revoke: [["a", null]] },
    ],
    [
      "a duplicate valid certificate is revoked, the first kept",
      [held("a", "p1", "award", "gold"), held("b", "p1", "award", "gold")],
      [want("p1", "award", "gold")],
      { keep: ["a"], issue: [], revoke: [["b", null]] },
    ],
  ])("%s", (_, valid, desired, expected) => {
    const plan = planCertificateSync(valid, desired);
    const key = (d: DesiredCertificate) => `${d.personId}|${d.kind}|${d.code}`;
    expect(plan.keep.map((c) => c.id)).toEqual(expected.keep);
    expect(plan.issue.map(key)).toEqual(expected.issue);
    expect(plan.revoke.map((r) => [r.certificate.id, r.replacedBy === null ? null : key(plan.issue[r.replacedBy]!)])).toEqual(expected.revoke);
  });

  it("finds nothing to do the second time (idempotent)", () => {
    const desired = [want("p1", "award", "gold"), want("p2", "promotion", "level2")];
    const first = planCertificateSync([], desired);
    const issued = first.issue.map((d, i) => held(String(i), d.personId, d.kind, d.code));
    expect(planCertificateSync(issued, desired)).toEqual({ keep: issued, issue: [], revoke: [] });
  });
});

describe("certificateStatus", () => {
  const now = new Date("2026-12-01T00:00:00Z");
  it.each<[string, Date | null, Date | null, string]>([
    ["revoked wins over everything", new Date("2026-11-30T00:00:00Z"), new Date("2026-12-05T00:00:00Z"), "revoked"],
    ["notice period running: provisional", null, new Date("2026-12-05T00:00:00Z"), "provisional"],
    ["notice period over: valid", null, new Date("2026-11-30T15:59:59Z"), "valid"],
    ["ending exactly now: valid", null, now, "valid"],
    ["no notice period known: valid", null, null, "valid"],
  ])("%s", (_, revokedAt, noticeEndsAt, expected) => {
    expect(certificateStatus({ revokedAt }, noticeEndsAt, now)).toBe(expected);
  });
});
