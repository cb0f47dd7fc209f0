// The boundary readers refuse, whatever the route: text that cannot be stored as sent (a NUL, a
// lone UTF-16 surrogate), an id that is not a UUID, a hand-read field past its limit.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { DomainError } from "~/domain/errors";
import { asStored, decodeTextFile, id, isUuid, multilineText, text } from "~/domain/fields";
import { auditBodyDigest } from "~/domain/audit/chain";
import { auditEventRows } from "~/services/audit/record-audit-event.server";
import { formId, formText, optionalFormId, readForm } from "./forms.server";
import { parseForm, unstorableTextIn } from "./validation.server";
import { readUpload } from "./upload.server";

const formOf = (fields: Record<string, string>) => {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  return form;
};
const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error instanceof DomainError ? { code: error.code, params: error.params, field: error.field } : error;
  }
  return null;
};

describe("text that cannot be stored as sent", () => {
  it.each([
    ["a NUL", "admin\u0000", "controlCharacters"],
    ["a lone high surrogate", "\ud800", "invalidCharacters"],
    ["a lone low surrogate", "a\udc00b", "invalidCharacters"],
    ["a reversed pair", "\udc00\ud800", "invalidCharacters"],
  ])("%s is refused by the shared text schema", (_, value, message) => {
    const parsed = text(100).safeParse(value);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe(message);
  });

  it("a pair (an emoji, a rare character) and line breaks in several lines of text are kept", () => {
    expect(text(100).parse("焊接 👷 𠀀")).toBe("焊接 👷 𠀀");
    expect(multilineText(100).parse("第一行\n第二行")).toBe("第一行\n第二行");
    expect(multilineText(100).safeParse("a\u0000").success).toBe(false);
  });

  it("is found anywhere in a body, key or value, and named by its path", () => {
    expect(unstorableTextIn({ a: [{ b: "ok" }, { c: "x\u0000" }] })).toBe("a[1].c");
    expect(unstorableTextIn({ a: { "\ud800": 1 } })).toBe("a");
    expect(unstorableTextIn(["ok", 1, null, true])).toBeNull();
  });

  // FormData keeps no lone surrogate (it holds USVStrings): in a form, the NUL is the danger.
  it("in any form field, the schema's or not, is a field error", () => {
    const schema = z.object({ username: z.string() });
    expect(parseForm(schema, formOf({ username: "admin\u0000" }))).toEqual({ ok: false, fieldErrors: { username: { key: "validation.invalidCharacters" } } });
    expect(parseForm(schema, formOf({ username: "admin", extra: "\u0000" }))).toEqual({
      ok: false,
      fieldErrors: { extra: { key: "validation.invalidCharacters" } },
    });
    expect(parseForm(schema, formOf({ username: "admin" }))).toEqual({ ok: true, data: { username: "admin" } });
  });

  it("in a hand-read form is refused as TEXT_INVALID_CHARACTERS naming the field", async () => {
    const request = new Request("http://x/", { method: "POST", body: new URLSearchParams({ intent: "unlock", reason: "a\u0000" }) });
    await expect(readForm(request)).rejects.toMatchObject({ code: "TEXT_INVALID_CHARACTERS", field: "reason" });
    const ok = await readForm(new Request("http://x/", { method: "POST", body: new URLSearchParams({ reason: "漏评" }) }));
    expect(ok.get("reason")).toBe("漏评");
  });

  it("in an uploaded text file makes it not a text file", () => {
    expect(decodeTextFile(new TextEncoder().encode("code,value\nA1,1\n"))).toBe("code,value\nA1,1\n");
    expect(decodeTextFile(new Uint8Array([0x41, 0x00, 0x42]))).toBeNull();
    expect(decodeTextFile(new Uint8Array([0xed, 0xa0, 0x80]))).toBeNull();
  });
});

describe("hand-read fields", () => {
  it("are refused past their limit, never cut short", () => {
    expect(formText(formOf({ note: ` ${"x".repeat(2000)} ` }), "note", 2000)).toHaveLength(2000);
    expect(refusal(() => formText(formOf({ note: "x".repeat(2001) }), "note", 2000))).toEqual({
      code: "TEXT_TOO_LONG",
      params: { limit: 2000 },
      field: "note",
    });
    expect(formText(formOf({}), "note", 10)).toBe("");
  });

  it("ids are UUIDs or refused before any query", () => {
    const uuid = "0E8A3F52-93B1-4C6B-8D7E-1A2B3C4D5E6F";
    expect(formId(formOf({ competitorId: uuid }), "competitorId")).toBe(uuid.toLowerCase());
    expect(refusal(() => formId(formOf({ competitorId: "not-a-uuid" }), "competitorId"))).toEqual({ code: "ID_INVALID", params: {}, field: "competitorId" });
    expect(refusal(() => formId(formOf({}), "witnessUserId"))).toEqual({ code: "VALIDATION", params: {}, field: "witnessUserId" });
    expect(optionalFormId(formOf({ competitorId: "" }), "competitorId")).toBeNull();
    expect(id.safeParse("1; drop table mark").success).toBe(false);
    expect(isUuid(`${uuid}\u0000`)).toBe(false);
  });
});

describe("the audit chain", () => {
  it("digests exactly what is stored, even for a lone surrogate that got past a boundary", () => {
    const [row] = auditEventRows(new Date("2026-11-23T01:00:00Z"), [
      { actorUserId: null, action: "mark.corrected", entityType: "mark", entityId: "m1", competitionId: null, after: { reason: "\ud800x" }, reason: "a\udc00" },
    ]);
    // What PostgreSQL keeps of the row: UTF-8, so a lone surrogate is U+FFFD.
    const stored = { ...row!, occurredAt: row!.occurredAt.toISOString(), before: JSON.parse(row!.before), after: JSON.parse(asStored(row!.after)) };
    expect(stored.after).toEqual({ reason: "\ufffdx" });
    expect(stored.reason).toBe("a\ufffd");
    expect(auditBodyDigest(stored)).toBe(row!.bodyDigest);
  });
});

describe("an upload", () => {
  const withFile = (content: string, name = "sheet.csv") => {
    const form = new FormData();
    form.set("file", new File([content], name, { type: "text/csv" }));
    return form;
  };

  it("is one file, named the same way by every route when it is missing or too large", async () => {
    expect(await readUpload(withFile("a,b\n"), 10)).toEqual({ ok: true, fileName: "sheet.csv", bytes: new TextEncoder().encode("a,b\n") });
    expect(await readUpload(null, 10)).toEqual({ ok: false, problem: { code: "noFile", params: {} }, status: 400 });
    expect(await readUpload(withFile(""), 10)).toEqual({ ok: false, problem: { code: "noFile", params: {} }, status: 400 });
    expect(await readUpload(formOf({ file: "a,b" }), 10)).toEqual({ ok: false, problem: { code: "noFile", params: {} }, status: 400 });
    expect(await readUpload(withFile("x".repeat(11)), 10)).toEqual({ ok: false, problem: { code: "fileTooLarge", params: {} }, status: 413 });
  });
});
