// Appeals 申诉 (RULES.md "Publication and appeals"; decision 018). A team leader files, in
// writing, for a competitor of their own delegation, from the skill's start until the appeal
// window after its end or — once results are published — the end of the notice period
// (objections 异议). The arbitrators 仲裁 review it (hearing notes) and rule upheld or rejected;
// the ruling is final. An upheld appeal lets the chief judge prepare a correction (new marks, in
// the paper score sheet's four columns), preview its effect on ranks, awards, titles and
// promotions, and apply it as a whole: each mark supersedes the judge's earlier one (past the
// lock: an appeal decision may change locked marks), the results are republished, and the team
// leader is notified. Every step is an appeal_event and an audit event.
import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import type { DB } from "../../../db/connection";
import type { AdvancementKind, AppealState, Database } from "../../../db/schema";
import { DomainError } from "~/domain/errors";
import type { Principal } from "~/domain/access/roles";
import {
  canRunJudging,
  canReadProvisionalResults,
  canLeadDelegation,
  canFileAppeal,
  canRuleOnAppeal,
  canReadAllAppeals,
  delegationsLedBy,
  skillsJudgingRunBy,
} from "~/domain/access/policy";
import { readRuleSettings } from "~/domain/competition/rule-settings";
import { appealDeadline, appealTiming } from "~/domain/publication/finality";
import { instantToShanghaiLocal } from "~/domain/time";
import type { CurrentMark, SkillStandings } from "~/domain/results/skill-results";
import { parseDecimal, toFixed, zero } from "~/domain/results/exact";
import type { MarkValue } from "~/domain/marking-scheme/mark-value";
import type { CompetitionLevel, SkillLevel, Track } from "~/domain/competition/ladder";
import { selectAdvancers } from "~/domain/advancement/advancement";
import type { ServiceDeps } from "../deps.server";
import { inWriteTransaction, type WriteContext } from "../transaction.server";
import { derivedUuid } from "../derived-uuid.server";
import { parseScoreSheetCsv, type ScoreSheetProblem } from "../marks/score-sheet-csv";
import { checkSheetRows, resolveSheetLines, sortProblems } from "../marks/score-sheet-checks.server";
import { writeMark } from "../marks/write-mark.server";
import { loadSkillResults } from "../results/load-skill-results.server";
import { loadCurrentMarks, loadSkillStandings } from "../results/scores.server";
import { loadSchemeContext } from "../marks/scheme-context.server";
import { competitorCode } from "../competitors/competitor-code.server";
import { currentPublication, honoursOf, writePublication } from "./publication.server";

type Reader = Kysely<Database>;

import { maxAttachmentBytes, maxAttachments } from "~/domain/publication/attachments";

/** Accepted attachments, recognised by their first bytes (a file's name or declared type proves nothing). */
const signatures: Array<{ type: string; test: (b: Uint8Array) => boolean }> = [
  { type: "application/pdf", test: (b) => b[0] === 0x25 && b[1] === 0x50 && b[2] === 0x44 && b[3] === 0x46 },
  { type: "image/jpeg", test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { type: "image/png", test: (b) => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 },
  {
    type: "image/webp",
    test: (b) => b[0] === 0x52 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x46 && b[8] === 0x57 && b[9] === 0x45 && b[10] === 0x42 && b[11] === 0x50,
  },
];

export interface AttachmentInput {
  fileName: string;
  bytes: Uint8Array;
}

/** The attachments' checked form, or a refusal naming the file and what is wrong. */
export function checkAttachments(files: readonly AttachmentInput[]): Array<{ fileName: string; contentType: string; bytes: Uint8Array }> {
  if (files.length > maxAttachments)
    throw new DomainError("ATTACHMENT_INVALID", { name: files[maxAttachments]!.fileName, problem: `max ${maxAttachments}` }, "attachments");
  return files.map((f) => {
    const fileName =
      [...f.fileName]
        .map((ch) => (ch === "/" || ch === "\\" || ch.charCodeAt(0) < 0x20 ? "_" : ch))
        .join("")
        .slice(0, 200) || "attachment";
    if (f.bytes.length === 0 || f.bytes.length > maxAttachmentBytes)
      throw new DomainError("ATTACHMENT_INVALID", { name: fileName, problem: "1 B – 5 MB" }, "attachments");
    const type = signatures.find((s) => s.test(f.bytes))?.type;
    if (!type) throw new DomainError("ATTACHMENT_INVALID", { name: fileName, problem: "PDF / JPEG / PNG / WebP" }, "attachments");
    return { fileName, contentType: type, bytes: f.bytes };
  });
}

function beijing(at: Date): string {
  return instantToShanghaiLocal(at).replace("T", " ");
}

/** In-app notices to the given users (the team leader hears of the ruling and the correction). */
async function notify(
  tx: WriteContext,
  userIds: readonly string[],
  input: { competitionId: string; kind: string; payload: Record<string, unknown> },
): Promise<void> {
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return;
  await tx.trx
    .insertInto("notification")
    .values(
      unique.map((userId) => ({ userId, competitionId: input.competitionId, kind: input.kind, payload: JSON.stringify(input.payload), createdAt: tx.now })),
    )
    .execute();
}

/** The delegation's team leaders now, and whoever filed: all hear of the appeal's outcome. */
async function leadersOf(db: Reader, appeal: { competitionId: string; delegationId: string; filedBy: string }): Promise<string[]> {
  const rows = await db
    .selectFrom("roleAssignment")
    .select("userId")
    .where("competitionId", "=", appeal.competitionId)
    .where("delegationId", "=", appeal.delegationId)
    .where("role", "=", "team_leader")
    .where("revokedAt", "is", null)
    .execute();
  return [appeal.filedBy, ...rows.map((r) => r.userId)];
}

async function appealRow(db: Reader, appealId: string) {
  const appeal = await db
    .selectFrom("appeal")
    .select([
      "id",
      "appealNo",
      "competitionId",
      "skillId",
      "delegationId",
      "competitorId",
      "filedBy",
      "filedAt",
      "reason",
      "state",
      "ruling",
      "ruledAt",
      "correctedAt",
      "correctedPublicationId",
    ])
    .where("id", "=", appealId)
    .executeTakeFirst();
  if (!appeal) throw new DomainError("NOT_FOUND");
  return appeal;
}

export interface FileAppealInput {
  submissionId: string;
  skillId: string;
  delegationId: string;
  competitorId: string | null;
  reason: string;
  attachments: readonly AttachmentInput[];
}

/** A team leader files an appeal. A repeat of the same submission answers with the stored appeal. */
export async function fileAppeal(
  deps: ServiceDeps,
  principal: Principal,
  competitionId: string,
  input: FileAppealInput,
): Promise<{ appealId: string; appealNo: string; replayed: boolean }> {
  if (!canFileAppeal(principal, { competitionId, delegationId: input.delegationId })) throw new DomainError("FORBIDDEN");
  const reason = input.reason.trim();
  if (reason.length < 10 || reason.length > 4000) throw new DomainError("VALIDATION", {}, "reason");
  const files = checkAttachments(input.attachments);
  return inWriteTransaction(deps, async (tx) => {
    const stored = await tx.trx.selectFrom("appeal").select(["id", "appealNo", "filedBy"]).where("submissionId", "=", input.submissionId).executeTakeFirst();
    if (stored) {
      if (stored.filedBy !== principal.userId) throw new DomainError("MARK_CONFLICT");
      return { appealId: stored.id, appealNo: String(stored.appealNo), replayed: true };
    }
    const skill = await tx.trx
      .selectFrom("skill")
      .innerJoin("competition", "competition.id", "skill.competitionId")
      .select(["skill.startsAt", "skill.endsAt", "competition.ruleSettings"])
      .where("skill.id", "=", input.skillId)
      .where("skill.competitionId", "=", competitionId)
      .where("skill.rehearsalOf", "is", null)
      .executeTakeFirst();
    if (!skill) throw new DomainError("NOT_FOUND", {}, "skillId");
    if (input.competitorId) {
      const competitor = await tx.trx
        .selectFrom("competitor")
        .select("id")
        .where("id", "=", input.competitorId)
        .where("skillId", "=", input.skillId)
        .where("delegationId", "=", input.delegationId)
        .executeTakeFirst();
      if (!competitor) throw new DomainError("NOT_FOUND", {}, "competitorId");
    }
    const rules = readRuleSettings(skill.ruleSettings);
    const publication = await currentPublication(tx.trx, input.skillId);
    const noticeEndsAt = publication ? new Date(publication.noticeEndsAt) : null;
    const timing = appealTiming(tx.now, { startsAt: skill.startsAt, endsAt: skill.endsAt }, rules.appealWindowMinutes, noticeEndsAt);
    if (timing === "too_early") throw new DomainError("APPEAL_TOO_EARLY");
    if (timing === "too_late")
      throw new DomainError("APPEAL_TOO_LATE", { deadline: beijing(appealDeadline(skill.endsAt, rules.appealWindowMinutes, noticeEndsAt)) });
    const appeal = await tx.trx
      .insertInto("appeal")
      .values({
        submissionId: input.submissionId,
        competitionId,
        skillId: input.skillId,
        delegationId: input.delegationId,
        competitorId: input.competitorId,
        filedBy: principal.userId,
        filedAt: tx.now,
        reason,
      })
      .returning(["id", "appealNo"])
      .executeTakeFirstOrThrow();
    await tx.trx
      .insertInto("appealEvent")
      .values({ appealId: appeal.id, kind: "filed", text: null, actorUserId: principal.userId, occurredAt: tx.now })
      .execute();
    for (const f of files) {
      await tx.trx
        .insertInto("appealAttachment")
        .values({
          appealId: appeal.id,
          fileName: f.fileName,
          contentType: f.contentType,
          byteSize: f.bytes.length,
          sha256: createHash("sha256").update(f.bytes).digest("hex"),
          content: f.bytes,
        })
        .execute();
    }
    const arbitrators = await tx.trx
      .selectFrom("roleAssignment")
      .select("userId")
      .where("competitionId", "=", competitionId)
      .where("role", "=", "arbitrator")
      .where("revokedAt", "is", null)
      .execute();
    await notify(
      tx,
      arbitrators.map((a) => a.userId),
      { competitionId, kind: "appeal.filed", payload: { appealId: appeal.id, appealNo: String(appeal.appealNo), skillId: input.skillId } },
    );
    tx.audit({
      actorUserId: principal.userId,
      action: "appeal.filed",
      entityType: "appeal",
      entityId: appeal.id,
      competitionId,
      after: {
        appealNo: String(appeal.appealNo),
        skillId: input.skillId,
        delegationId: input.delegationId,
        competitorId: input.competitorId,
        attachments: files.map((f) => ({ fileName: f.fileName, bytes: f.bytes.length })),
      },
      reason,
    });
    return { appealId: appeal.id, appealNo: String(appeal.appealNo), replayed: false };
  });
}

/**
 * Whether the reader may see which delegation stands behind an appeal's competitor code: anyone
 * but a reader who is only a judge of the skill while its drawn codes are still encrypted (the
 * delegation next to a code would tell the chief judge whose work it is before decryption).
 */
async function seesDelegation(db: Reader, principal: Principal, appeal: { competitionId: string; skillId: string; delegationId: string }): Promise<boolean> {
  if (canReadAllAppeals(principal, appeal.competitionId)) return true;
  if (canLeadDelegation(principal, { competitionId: appeal.competitionId, delegationId: appeal.delegationId })) return true;
  const [drawn, layers] = await Promise.all([
    db.selectFrom("draw").select("id").where("skillId", "=", appeal.skillId).limit(1).executeTakeFirst(),
    db.selectFrom("decryption").select("layer").where("skillId", "=", appeal.skillId).execute(),
  ]);
  return drawn === undefined || layers.length >= 2;
}

function requireArbitrator(principal: Principal, competitionId: string): void {
  if (!canRuleOnAppeal(principal, competitionId)) throw new DomainError("FORBIDDEN");
}

/** An arbitrator opens the review or adds a hearing note (the first note opens the review). */
export async function addHearingNote(deps: ServiceDeps, principal: Principal, appealId: string, text: string | null): Promise<void> {
  const note = text?.trim() || null;
  await inWriteTransaction(deps, async (tx) => {
    const appeal = await tx.trx.selectFrom("appeal").select(["id", "competitionId", "state"]).where("id", "=", appealId).forUpdate().executeTakeFirst();
    if (!appeal) throw new DomainError("NOT_FOUND");
    requireArbitrator(principal, appeal.competitionId);
    if (appeal.state !== "received" && appeal.state !== "under_review") throw new DomainError("APPEAL_STATE");
    if (appeal.state === "received") {
      await tx.trx.updateTable("appeal").set({ state: "under_review" }).where("id", "=", appealId).execute();
      await tx.trx
        .insertInto("appealEvent")
        .values({ appealId, kind: "review_started", text: null, actorUserId: principal.userId, occurredAt: tx.now })
        .execute();
      tx.audit({
        actorUserId: principal.userId,
        action: "appeal.review_started",
        entityType: "appeal",
        entityId: appealId,
        competitionId: appeal.competitionId,
        before: { state: "received" },
        after: { state: "under_review" },
      });
    }
    if (note) {
      if (note.length > 4000) throw new DomainError("VALIDATION", {}, "note");
      await tx.trx
        .insertInto("appealEvent")
        .values({ appealId, kind: "hearing_note", text: note, actorUserId: principal.userId, occurredAt: tx.now })
        .execute();
      tx.audit({
        actorUserId: principal.userId,
        action: "appeal.hearing_note",
        entityType: "appeal",
        entityId: appealId,
        competitionId: appeal.competitionId,
        after: { note },
      });
    } else if (appeal.state === "under_review") throw new DomainError("VALIDATION", {}, "note");
  });
}

/** The arbitration group rules; the ruling is final. The team leaders of the delegation are notified. */
export async function ruleAppeal(
  deps: ServiceDeps,
  principal: Principal,
  appealId: string,
  input: { decision: "upheld" | "rejected"; ruling: string },
): Promise<void> {
  const ruling = input.ruling.trim();
  if (ruling.length < 2 || ruling.length > 4000) throw new DomainError("REASON_REQUIRED", {}, "ruling");
  await inWriteTransaction(deps, async (tx) => {
    const appeal = await tx.trx
      .selectFrom("appeal")
      .select(["id", "appealNo", "competitionId", "skillId", "delegationId", "filedBy", "state"])
      .where("id", "=", appealId)
      .forUpdate()
      .executeTakeFirst();
    if (!appeal) throw new DomainError("NOT_FOUND");
    requireArbitrator(principal, appeal.competitionId);
    if (appeal.state !== "received" && appeal.state !== "under_review") throw new DomainError("APPEAL_STATE");
    await tx.trx.updateTable("appeal").set({ state: input.decision, ruling, ruledBy: principal.userId, ruledAt: tx.now }).where("id", "=", appealId).execute();
    await tx.trx
      .insertInto("appealEvent")
      .values({ appealId, kind: input.decision, text: ruling, actorUserId: principal.userId, occurredAt: tx.now })
      .execute();
    await notify(tx, await leadersOf(tx.trx, appeal), {
      competitionId: appeal.competitionId,
      kind: "appeal.ruled",
      payload: { appealId, appealNo: String(appeal.appealNo), decision: input.decision },
    });
    if (input.decision === "upheld") {
      const chiefs = await tx.trx
        .selectFrom("roleAssignment")
        .select("userId")
        .where("competitionId", "=", appeal.competitionId)
        .where((w) => w.or([w("skillId", "is", null), w("skillId", "=", appeal.skillId)]))
        .where("role", "in", ["chief_judge", "deputy_chief_judge"])
        .where("revokedAt", "is", null)
        .execute();
      await notify(
        tx,
        chiefs.map((c) => c.userId),
        {
          competitionId: appeal.competitionId,
          kind: "appeal.correction_needed",
          payload: { appealId, appealNo: String(appeal.appealNo), skillId: appeal.skillId },
        },
      );
    }
    tx.audit({
      actorUserId: principal.userId,
      action: `appeal.${input.decision}`,
      entityType: "appeal",
      entityId: appealId,
      competitionId: appeal.competitionId,
      before: { state: appeal.state },
      after: { state: input.decision },
      reason: ruling,
    });
  });
}

export interface CorrectionRow {
  row: number;
  competitorId: string;
  aspectCode: string;
  judgeUserId: string;
  input: MarkValue;
}

/** A title or promotion as the preview shows it, in both languages. */
export interface HonourLabel {
  code: string;
  labelZh: string;
  labelEn: string;
}

/** One competitor's honours, each once (a team's members share them), in a stable order. */
function honourLabels(honours: ReadonlyArray<{ competitorId: string; code: string; labelZh: string; labelEn: string }>, competitorId: string): HonourLabel[] {
  const own = new Map(honours.filter((h) => h.competitorId === competitorId).map((h) => [h.code, { code: h.code, labelZh: h.labelZh, labelEn: h.labelEn }]));
  return [...own.values()].sort((a, b) => (a.code < b.code ? -1 : 1));
}

/** A qualification an advancement rule gives: its kind and the level it leads to. */
export interface AdvancementLabel {
  kind: AdvancementKind;
  targetLevel: CompetitionLevel;
}

type EffectSide = { rank: number; total: string; award: string | null; honours: HonourLabel[]; advancement: AdvancementLabel[] };

export interface CorrectionEffect {
  competitorId: string;
  code: string;
  before: EffectSide | null;
  after: EffectSide;
}

/** Per competitor, the qualifications the competition's advancement rules give at these ranks. */
function advancementOf(
  ranks: ReadonlyArray<{ competitorId: string; rank: number }>,
  skill: { teamSize: number; track: Track },
  members: ReadonlyMap<string, ReadonlyArray<{ personId: string }>>,
  rules: ReadonlyArray<{ kind: AdvancementKind; targetLevel: CompetitionLevel; topN: number; teamTopN: number | null; track: Track | null }>,
): Map<string, AdvancementLabel[]> {
  const entries = ranks.map((r) => ({
    competitorId: r.competitorId,
    rank: r.rank,
    teamSize: skill.teamSize,
    track: skill.track,
    personIds: (members.get(r.competitorId) ?? []).map((m) => m.personId),
  }));
  const labels = new Map<string, AdvancementLabel[]>();
  for (const rule of rules) {
    const qualified = new Set(selectAdvancers(entries, { topN: rule.topN, topNTeam: rule.teamTopN, track: rule.track }).map((a) => a.competitorId));
    for (const id of qualified) labels.set(id, [...(labels.get(id) ?? []), { kind: rule.kind, targetLevel: rule.targetLevel }]);
  }
  return labels;
}

/** What the correction would change against the current publication (or the current standings when none). */
async function previewEffect(
  db: DB,
  scope: { competitionId: string; skillId: string },
  rows: readonly CorrectionRow[],
  now: Date,
): Promise<{ effects: CorrectionEffect[]; unchanged: number }> {
  const replaced = new Set(rows.map((r) => `${r.competitorId}|${r.aspectCode}|${r.judgeUserId}`));
  const after = await loadSkillResults(db, scope, {
    withMarks: (current) => [
      ...current.filter((m) => !replaced.has(`${m.competitorId}|${m.aspectCode}|${m.judgeUserId}`)),
      ...rows.map<CurrentMark>((r) => ({
        markId: `correction-${r.row}`,
        aspectCode: r.aspectCode,
        competitorId: r.competitorId,
        judgeUserId: r.judgeUserId,
        value: r.input,
        recordedAt: now,
      })),
    ],
  });
  const skill = await db
    .selectFrom("skill")
    .innerJoin("competition", "competition.id", "skill.competitionId")
    .select(["skill.entrantGroup", "skill.teamSize", "skill.track", "competition.ruleSettings"])
    .where("skill.id", "=", scope.skillId)
    .executeTakeFirstOrThrow();
  const advancementRules = await db
    .selectFrom("advancementRule")
    .select(["kind", "targetLevel", "topN", "teamTopN", "track"])
    .where("competitionId", "=", scope.competitionId)
    .where("withdrawnAt", "is", null)
    .orderBy("createdAt")
    .execute();
  const members = await db
    .selectFrom("competitorMember as m")
    .innerJoin("competitor as c", "c.id", "m.competitorId")
    .select(["m.competitorId", "m.personId", "m.skillLevel"])
    .where("c.skillId", "=", scope.skillId)
    .execute();
  const memberMap = new Map<string, Array<{ personId: string; skillLevel: SkillLevel | null }>>();
  for (const m of members)
    memberMap.set(m.competitorId, [...(memberMap.get(m.competitorId) ?? []), { personId: m.personId, skillLevel: m.skillLevel ?? null }]);
  const rules = readRuleSettings(skill.ruleSettings);
  const honoursAfter = honoursOf(after, rules, skill.entrantGroup, memberMap);
  const publication = await currentPublication(db, scope.skillId);
  let before: Map<string, EffectSide>;
  if (publication) {
    const [published, honours] = await Promise.all([
      db.selectFrom("publishedResult").select(["competitorId", "rank", "total", "award"]).where("publicationId", "=", publication.id).execute(),
      db.selectFrom("honour").select(["competitorId", "code", "labelZh", "labelEn"]).where("publicationId", "=", publication.id).execute(),
    ]);
    const qualified = advancementOf(published, skill, memberMap, advancementRules);
    before = new Map(
      published.map((p) => [
        p.competitorId,
        {
          rank: p.rank,
          total: toFixed(parseDecimal(p.total) ?? zero),
          award: p.award,
          honours: honourLabels(honours, p.competitorId),
          advancement: qualified.get(p.competitorId) ?? [],
        },
      ]),
    );
  } else {
    const standings: SkillStandings = await loadSkillStandings(db, scope);
    const honoursNow = honoursOf(standings, rules, skill.entrantGroup, memberMap);
    const qualified = advancementOf(standings.competitors, skill, memberMap, advancementRules);
    before = new Map(
      standings.competitors.map((c) => [
        c.competitorId,
        {
          rank: c.rank,
          total: toFixed(c.total),
          award: c.award,
          honours: honourLabels(honoursNow, c.competitorId),
          advancement: qualified.get(c.competitorId) ?? [],
        },
      ]),
    );
  }
  const effects: CorrectionEffect[] = [];
  let unchanged = 0;
  const qualifiedAfter = advancementOf(after.competitors, skill, memberMap, advancementRules);
  for (const c of after.competitors) {
    const was = before.get(c.competitorId) ?? null;
    const now_: EffectSide = {
      rank: c.rank,
      total: toFixed(c.total),
      award: c.award,
      honours: honourLabels(honoursAfter, c.competitorId),
      advancement: qualifiedAfter.get(c.competitorId) ?? [],
    };
    if (was && JSON.stringify(was) === JSON.stringify(now_)) unchanged++;
    else effects.push({ competitorId: c.competitorId, code: c.code, before: was, after: now_ });
  }
  return { effects: effects.sort((a, b) => a.after.rank - b.after.rank), unchanged };
}

function requireCorrector(principal: Principal, scope: { competitionId: string; skillId: string }): void {
  if (!canRunJudging(principal, scope)) throw new DomainError("FORBIDDEN");
}

/**
 * The chief judge prepares an upheld appeal's correction from rows in the paper score sheet's
 * columns (competitor_code, aspect_code, judge, value). Every row is checked as a mark would be —
 * except the lock, which an appeal decision passes. Nothing counts until it is applied.
 */
export async function prepareCorrection(
  deps: ServiceDeps,
  principal: Principal,
  appealId: string,
  csv: string,
): Promise<{ ok: true; correctionId: string } | { ok: false; problems: ScoreSheetProblem[] }> {
  const appeal = await appealRow(deps.db, appealId);
  const scope = { competitionId: appeal.competitionId, skillId: appeal.skillId };
  requireCorrector(principal, scope);
  if (appeal.state !== "upheld") throw new DomainError("APPEAL_NOT_UPHELD");
  if (appeal.correctedAt) throw new DomainError("APPEAL_STATE");
  const parsed = parseScoreSheetCsv(new TextEncoder().encode(csv));
  if (parsed.lines.length === 0 && parsed.problems.length === 0) throw new DomainError("CORRECTION_EMPTY");
  const resolved = await resolveSheetLines(deps.db, scope, parsed.lines);
  const checked = await checkSheetRows(deps.db, scope, resolved.rows, { passLocks: true });
  const problems = sortProblems([...parsed.problems, ...resolved.problems, ...checked.problems]);
  if (problems.length > 0) return { ok: false, problems };
  const rows: CorrectionRow[] = checked.rows.map((r) => ({
    row: r.row,
    competitorId: r.competitorId,
    aspectCode: r.aspectCode,
    judgeUserId: r.judgeUserId,
    input: r.input,
  }));
  rows.sort((a, b) => a.row - b.row);
  return inWriteTransaction(deps, async (tx) => {
    const correction = await tx.trx
      .insertInto("appealCorrection")
      .values({ appealId, rows: JSON.stringify(rows), preparedBy: principal.userId, preparedAt: tx.now })
      .returning("id")
      .executeTakeFirstOrThrow();
    await tx.trx
      .insertInto("appealEvent")
      .values({ appealId, kind: "correction_prepared", text: `${rows.length}`, actorUserId: principal.userId, occurredAt: tx.now })
      .execute();
    tx.audit({
      actorUserId: principal.userId,
      action: "appeal.correction_prepared",
      entityType: "appeal",
      entityId: appealId,
      competitionId: appeal.competitionId,
      after: { correctionId: correction.id, rows },
    });
    return { ok: true as const, correctionId: correction.id };
  });
}

async function latestCorrection(db: Reader, appealId: string) {
  return db
    .selectFrom("appealCorrection")
    .select(["id", "rows", "preparedAt", "appliedAt"])
    .where("appealId", "=", appealId)
    .orderBy("preparedAt", "desc")
    .limit(1)
    .executeTakeFirst();
}

/** The latest prepared correction and what it would change. */
export async function previewCorrection(db: DB, principal: Principal, appealId: string, now: Date) {
  const appeal = await appealRow(db, appealId);
  const scope = { competitionId: appeal.competitionId, skillId: appeal.skillId };
  requireCorrector(principal, scope);
  const correction = await latestCorrection(db, appealId);
  if (!correction || correction.appliedAt) return null;
  const rows = correction.rows as CorrectionRow[];
  return { correctionId: correction.id, rows: rows.length, ...(await previewEffect(db, scope, rows, now)) };
}

/** A mark's value as a paper score sheet writes it (what the correction rows take). */
function markValueText(value: MarkValue): string {
  if ("score" in value) return String(value.score);
  if ("achieved" in value) return value.achieved ? "yes" : "no";
  if ("choiceId" in value) return value.choiceId;
  if ("measured" in value) return value.measured;
  return value.mark;
}

/**
 * The appealed competitor's current marks, one row per judge and aspect, in the correction's
 * columns: the chief judge starts the correction from them and changes what the ruling says.
 */
export async function appealedMarks(db: DB, principal: Principal, appealId: string) {
  const appeal = await appealRow(db, appealId);
  const scope = { competitionId: appeal.competitionId, skillId: appeal.skillId };
  requireCorrector(principal, scope);
  if (!appeal.competitorId) return { code: null, rows: [] };
  const context = await loadSchemeContext(db, scope.skillId);
  const [marks, competitor] = await Promise.all([
    loadCurrentMarks(db, scope.skillId, context),
    db
      .selectFrom("competitor")
      .select((eb) => [competitorCode(eb).as("code")])
      .where("competitor.id", "=", appeal.competitorId)
      .executeTakeFirstOrThrow(),
  ]);
  const own = marks.filter((m) => m.competitorId === appeal.competitorId);
  const judges = own.length
    ? await db
        .selectFrom("appUser")
        .select(["id", "username"])
        .where("id", "in", [...new Set(own.map((m) => m.judgeUserId))])
        .execute()
    : [];
  const usernameOf = new Map(judges.map((j) => [j.id, j.username]));
  const order = [...context.aspects.keys()];
  return {
    code: competitor.code,
    rows: own
      .map((m) => ({
        aspectCode: m.aspectCode,
        kind: context.aspects.get(m.aspectCode)!.aspect.kind,
        max: toFixed(context.aspects.get(m.aspectCode)!.aspect.max),
        judge: usernameOf.get(m.judgeUserId) ?? "",
        value: markValueText(m.value),
      }))
      .sort((a, b) => order.indexOf(a.aspectCode) - order.indexOf(b.aspectCode) || (a.judge < b.judge ? -1 : 1)),
  };
}

/** Applies the prepared correction as a whole: the marks, the republication, the notices. */
export async function applyCorrection(
  deps: ServiceDeps,
  principal: Principal,
  appealId: string,
  correctionId: string,
): Promise<{ publicationVersion: number | null }> {
  const first = await appealRow(deps.db, appealId);
  const scope = { competitionId: first.competitionId, skillId: first.skillId };
  requireCorrector(principal, scope);
  return inWriteTransaction(deps, async (tx) => {
    await tx.trx.selectFrom("skill").select("id").where("id", "=", scope.skillId).forUpdate().executeTakeFirstOrThrow();
    const appeal = await tx.trx
      .selectFrom("appeal")
      .select(["id", "appealNo", "competitionId", "delegationId", "filedBy", "state", "correctedAt", "ruling"])
      .where("id", "=", appealId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (appeal.state !== "upheld") throw new DomainError("APPEAL_NOT_UPHELD");
    if (appeal.correctedAt) throw new DomainError("APPEAL_STATE");
    const correction = await tx.trx
      .selectFrom("appealCorrection")
      .select(["id", "rows", "appliedAt"])
      .where("id", "=", correctionId)
      .where("appealId", "=", appealId)
      .forUpdate()
      .executeTakeFirst();
    if (!correction || correction.appliedAt) throw new DomainError("APPEAL_STATE");
    const latest = await latestCorrection(tx.trx, appealId);
    if (latest?.id !== correction.id) throw new DomainError("APPEAL_STATE");
    const reason = `申诉 #${appeal.appealNo}：${appeal.ruling ?? ""}`.slice(0, 1000);
    for (const row of correction.rows as CorrectionRow[]) {
      await writeMark(
        tx,
        scope,
        { judgeUserId: row.judgeUserId, recordedBy: principal.userId, source: { kind: "appeal", appealId } },
        {
          submissionId: derivedUuid(`gongjiang appeal correction ${correction.id} row ${row.row}`),
          competitorId: row.competitorId,
          aspectCode: row.aspectCode,
          value: row.input,
          reason,
        },
      );
    }
    let publicationVersion: number | null = null;
    let publicationId: string | null = null;
    if (await currentPublication(tx.trx, scope.skillId)) {
      const standings = await loadSkillStandings(tx.trx, scope);
      const written = await writePublication(tx, scope, { actorUserId: principal.userId, standings, signOffId: null, appealId, reason });
      publicationVersion = written.version;
      publicationId = written.publicationId;
    }
    await tx.trx.updateTable("appealCorrection").set({ appliedBy: principal.userId, appliedAt: tx.now }).where("id", "=", correction.id).execute();
    await tx.trx
      .updateTable("appeal")
      .set({ correctedAt: tx.now, correctedBy: principal.userId, correctedPublicationId: publicationId })
      .where("id", "=", appealId)
      .execute();
    await tx.trx
      .insertInto("appealEvent")
      .values({
        appealId,
        kind: "correction_applied",
        text: publicationVersion ? `v${publicationVersion}` : null,
        actorUserId: principal.userId,
        occurredAt: tx.now,
      })
      .execute();
    await notify(tx, await leadersOf(tx.trx, { competitionId: appeal.competitionId, delegationId: appeal.delegationId, filedBy: appeal.filedBy }), {
      competitionId: appeal.competitionId,
      kind: "appeal.corrected",
      payload: { appealId, appealNo: String(appeal.appealNo), skillId: scope.skillId, publicationVersion },
    });
    tx.audit({
      actorUserId: principal.userId,
      action: "appeal.correction_applied",
      entityType: "appeal",
      entityId: appealId,
      competitionId: appeal.competitionId,
      after: { correctionId: correction.id, rows: (correction.rows as CorrectionRow[]).length, publicationVersion },
      reason,
    });
    return { publicationVersion };
  });
}

export type AppealAudience = "team_leader" | "arbitrator" | "chief_judge" | "organizer";

/** Appeals of a competition as the reader may see them: a team leader only their delegations'. */
export async function listAppeals(db: DB, principal: Principal, competitionId: string) {
  const leaderOf = delegationsLedBy(principal, competitionId);
  const staff = canReadAllAppeals(principal, competitionId);
  const chiefSkills = skillsJudgingRunBy(principal, competitionId);
  if (!staff && leaderOf.length === 0 && chiefSkills.length === 0) throw new DomainError("FORBIDDEN");
  let query = db
    .selectFrom("appeal as a")
    .innerJoin("skill as s", "s.id", "a.skillId")
    .innerJoin("delegation as d", "d.id", "a.delegationId")
    .leftJoin("competitor as c", "c.id", "a.competitorId")
    .select([
      "a.id",
      "a.appealNo",
      "a.skillId",
      "a.delegationId",
      "a.state",
      "a.filedAt",
      "a.ruledAt",
      "a.correctedAt",
      "s.nameZh as skillNameZh",
      "s.nameEn as skillNameEn",
      "d.nameZh as delegationNameZh",
      "d.nameEn as delegationNameEn",
      "c.workstationNo",
      "c.registrationNo",
    ])
    .where("a.competitionId", "=", competitionId)
    .orderBy("a.filedAt", "desc");
  if (!staff) {
    query = query.where((w) =>
      w.or([
        ...(leaderOf.length ? [w("a.delegationId", "in", leaderOf)] : []),
        ...(chiefSkills.includes(null)
          ? [w("a.id", "is not", null)]
          : chiefSkills.length
            ? [
                w(
                  "a.skillId",
                  "in",
                  chiefSkills.filter((s): s is string => s !== null),
                ),
              ]
            : []),
      ]),
    );
  }
  const rows = await query.execute();
  const visible = new Map<string, boolean>();
  for (const r of rows)
    if (!visible.has(r.id)) visible.set(r.id, await seesDelegation(db, principal, { competitionId, skillId: r.skillId, delegationId: r.delegationId }));
  return rows.map((r) => ({
    id: r.id,
    appealNo: String(r.appealNo),
    skillId: r.skillId,
    skillNameZh: r.skillNameZh,
    skillNameEn: r.skillNameEn,
    delegationNameZh: visible.get(r.id) ? r.delegationNameZh : null,
    delegationNameEn: visible.get(r.id) ? r.delegationNameEn : null,
    competitorCode: r.workstationNo ?? r.registrationNo ?? null,
    state: r.state as AppealState,
    corrected: r.correctedAt !== null,
    filedAt: new Date(r.filedAt).toISOString(),
  }));
}

/** One appeal with its history, attachments' names and what the reader may do with it. */
export async function loadAppeal(db: DB, principal: Principal, appealId: string) {
  const appeal = await appealRow(db, appealId);
  const scope = { competitionId: appeal.competitionId, skillId: appeal.skillId };
  const isLeader = canLeadDelegation(principal, { competitionId: appeal.competitionId, delegationId: appeal.delegationId });
  const isArbitrator = canRuleOnAppeal(principal, appeal.competitionId);
  const isChief = canRunJudging(principal, scope);
  if (!isLeader && !isArbitrator && !isChief && !canReadProvisionalResults(principal, scope)) throw new DomainError("FORBIDDEN");
  const [events, attachments, skill, delegation, competitor] = await Promise.all([
    db
      .selectFrom("appealEvent as e")
      .innerJoin("appUser as u", "u.id", "e.actorUserId")
      .select(["e.id", "e.kind", "e.text", "e.occurredAt", "u.displayName"])
      .where("e.appealId", "=", appealId)
      .orderBy("e.id")
      .execute(),
    db.selectFrom("appealAttachment").select(["id", "fileName", "contentType", "byteSize"]).where("appealId", "=", appealId).orderBy("fileName").execute(),
    db.selectFrom("skill").select(["nameZh", "nameEn", "endsAt"]).where("id", "=", appeal.skillId).executeTakeFirstOrThrow(),
    db.selectFrom("delegation").select(["nameZh", "nameEn"]).where("id", "=", appeal.delegationId).executeTakeFirstOrThrow(),
    appeal.competitorId
      ? db.selectFrom("competitor").select(["workstationNo", "registrationNo"]).where("id", "=", appeal.competitorId).executeTakeFirst()
      : undefined,
  ]);
  return {
    id: appeal.id,
    appealNo: String(appeal.appealNo),
    competitionId: appeal.competitionId,
    skillId: appeal.skillId,
    skill: { nameZh: skill.nameZh, nameEn: skill.nameEn },
    delegation: (await seesDelegation(db, principal, appeal)) ? { nameZh: delegation.nameZh, nameEn: delegation.nameEn } : null,
    competitorCode: competitor ? (competitor.workstationNo ?? competitor.registrationNo) : null,
    reason: appeal.reason,
    state: appeal.state,
    ruling: appeal.ruling,
    filedAt: new Date(appeal.filedAt).toISOString(),
    corrected: appeal.correctedAt !== null,
    events: events.map((e) => ({ id: String(e.id), kind: e.kind, text: e.text, at: new Date(e.occurredAt).toISOString(), by: e.displayName })),
    attachments: attachments.map((a) => ({ id: a.id, fileName: a.fileName, contentType: a.contentType, byteSize: a.byteSize })),
    can: {
      review: isArbitrator && (appeal.state === "received" || appeal.state === "under_review"),
      correct: isChief && appeal.state === "upheld" && appeal.correctedAt === null,
    },
  };
}

/** An attachment's bytes for someone who may read the appeal. */
export async function loadAttachment(db: DB, principal: Principal, appealId: string, attachmentId: string) {
  await loadAppeal(db, principal, appealId);
  const file = await db
    .selectFrom("appealAttachment")
    .select(["fileName", "contentType", "content"])
    .where("id", "=", attachmentId)
    .where("appealId", "=", appealId)
    .executeTakeFirst();
  if (!file) throw new DomainError("NOT_FOUND");
  return file;
}

/** The reader's notifications, newest first. */
export async function listNotifications(db: DB, userId: string, limit = 20) {
  const rows = await db
    .selectFrom("notification")
    .select(["id", "kind", "payload", "createdAt", "readAt", "competitionId"])
    .where("userId", "=", userId)
    .orderBy("createdAt", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    payload: r.payload as Record<string, unknown>,
    createdAt: new Date(r.createdAt).toISOString(),
    read: r.readAt !== null,
    competitionId: r.competitionId,
  }));
}

/** Skills a team leader may appeal in (with their own delegation's competitors by code). */
export async function appealOptions(db: DB, principal: Principal, competitionId: string, now: Date) {
  const delegationIds = delegationsLedBy(principal, competitionId);
  if (delegationIds.length === 0) return { delegations: [], skills: [] };
  const [delegations, skills, competitors, publications] = await Promise.all([
    db.selectFrom("delegation").select(["id", "nameZh", "nameEn"]).where("id", "in", delegationIds).execute(),
    db
      .selectFrom("skill")
      .innerJoin("competition", "competition.id", "skill.competitionId")
      .select(["skill.id", "skill.nameZh", "skill.nameEn", "skill.startsAt", "skill.endsAt", "competition.ruleSettings"])
      .where("skill.competitionId", "=", competitionId)
      .where("skill.rehearsalOf", "is", null)
      .orderBy("skill.startsAt")
      .execute(),
    db
      .selectFrom("competitor")
      .select(["id", "skillId", "delegationId", "workstationNo", "registrationNo"])
      .where("competitionId", "=", competitionId)
      .where("delegationId", "in", delegationIds)
      .execute(),
    db.selectFrom("publication").select(["skillId", "noticeEndsAt"]).where("competitionId", "=", competitionId).where("isCurrent", "=", true).execute(),
  ]);
  const noticeOf = new Map(publications.map((p) => [p.skillId, new Date(p.noticeEndsAt)]));
  return {
    delegations: delegations.map((d) => ({ id: d.id, nameZh: d.nameZh, nameEn: d.nameEn })),
    skills: skills.map((s) => {
      const rules = readRuleSettings(s.ruleSettings);
      const notice = noticeOf.get(s.id) ?? null;
      return {
        id: s.id,
        nameZh: s.nameZh,
        nameEn: s.nameEn,
        deadline: appealDeadline(s.endsAt, rules.appealWindowMinutes, notice).toISOString(),
        timing: appealTiming(now, { startsAt: s.startsAt, endsAt: s.endsAt }, rules.appealWindowMinutes, notice),
        competitors: competitors
          .filter((c) => c.skillId === s.id)
          .map((c) => ({ id: c.id, delegationId: c.delegationId, code: c.workstationNo ?? c.registrationNo })),
      };
    }),
  };
}
