import { describe, expect, it } from "vitest";
import { DomainError, type DomainErrorCode } from "~/domain/errors";
import { handleApi } from "./api.server";
import { readOrRefuse, replyToRefusal, runFormAction } from "./forms.server";
import { statusOfDomainError } from "./status";
import { z } from "zod";

const post = (body: string) => new Request("http://x/", { method: "POST", body, headers: { "Content-Type": "application/x-www-form-urlencoded" } });
const statusOfReply = (reply: unknown) => (reply as { init: ResponseInit | null }).init?.status;

describe("one map from DomainError codes to HTTP statuses", () => {
  it.each<[DomainErrorCode, number]>([
    ["NOT_FOUND", 404],
    ["FORBIDDEN", 403],
    ["SCORE_SHEET_SAME_PERSON", 403],
    ["SIGN_IN_THROTTLED", 429],
    ["MODULE_LOCKED", 409],
    ["RESULTS_INCOMPLETE", 409],
    ["APPEAL_STATE", 409],
    ["MARK_OUT_OF_RANGE", 400],
    ["REASON_REQUIRED", 400],
  ])("%s is %i for the API, forms, action replies and loaders alike", async (code, status) => {
    const refuse = () => Promise.reject(new DomainError(code));
    expect(statusOfDomainError(code)).toBe(status);
    expect((await handleApi(post(""), refuse)).status).toBe(status);
    expect(statusOfReply(await runFormAction(post("a=1"), z.object({ a: z.string() }), refuse))).toBe(status);
    expect(statusOfReply(await refuse().catch((error: unknown) => replyToRefusal(error, (refusal) => ({ error: refusal }))))).toBe(status);
    const thrown = await readOrRefuse(refuse).catch((error: unknown) => error);
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(status);
  });

  it("passes a fault on up instead of answering it as a refusal", async () => {
    const fault = new Error("boom");
    expect(() => replyToRefusal(fault, () => ({}))).toThrow(fault);
    await expect(readOrRefuse(Promise.reject(fault))).rejects.toBe(fault);
  });
});
