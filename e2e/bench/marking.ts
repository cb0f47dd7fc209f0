// `npm run bench` (part 1): recording marks and keeping results, on PostgreSQL.
//
// A skill of 60 competitors × 150 aspects × 3 judges (27,000 marks) in a competition of 60 such
// skills. Measured, against a floor measured in the same run on the same database (a bare
// single-row INSERT and COMMIT):
//   - record one mark through the real service (value checks, recusal, lock, audit chain,
//     realtime sequence, kept scores) and then recompute that skill's standings;
//   - the old way for comparison: re-aggregating all 27,000 marks of the skill;
//   - full standings of the 60-skill competition;
//   - sustained marks per second on one instance (concurrent judges, one process, one pool).
// Seeding writes marks in bulk SQL and then builds the kept scores from them with the same
// rebuild the application uses (seeded marks are not in the audit chain; measured ones are).
//
// Database: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test); a scratch
// database is created and dropped. Knobs: BENCH_SKILLS (60), BENCH_SAMPLES (1000),
// BENCH_SUSTAIN_SECONDS (10), BENCH_CONCURRENCY (8); BENCH_KEEP=1 keeps the scratch database
// (to look at query plans); BENCH_CPU_PROFILE=file.cpuprofile writes a CPU profile of the
// interleaved measurement only (not the seeding), for Chrome DevTools or any profile viewer.
import { randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { sql } from "kysely";
import type { DatabaseHandle } from "../../db/connection";
import { createScratchDatabase, stats, type Stats } from "./support";
import type { ServiceDeps } from "../../app/services/deps.server";
import type { Principal } from "../../app/domain/access/roles";
import { CompetitionInputSchema, DelegationInputSchema, SkillInputSchema } from "../../app/domain/competition/inputs";
import { exampleCompetitionForm, exampleSkillForm } from "../../db/test-support/example-forms";
import { saveCompetition } from "../../app/services/competitions/save-competition.server";
import { saveDelegation } from "../../app/services/competitions/save-delegation.server";
import { saveSkill } from "../../app/services/competitions/save-skill.server";
import { parseSchemeCsv, schemeCsvColumns } from "../../app/services/marking-schemes/scheme-csv.server";
import { saveMarkingScheme } from "../../app/services/marking-schemes/save-marking-scheme.server";
import { recordMark } from "../../app/services/marks/record-mark.server";
import { loadSkillResults } from "../../app/services/results/load-skill-results.server";
import { loadCompetitionStandings, loadSkillStandings } from "../../app/services/results/load-skill-standings.server";
import { rebuildSkillScores } from "../../app/services/results/rebuild-skill-scores.server";

const serverUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const skillCount = Number(process.env.BENCH_SKILLS ?? 60);
const samples = Number(process.env.BENCH_SAMPLES ?? 1000);
const sustainSeconds = Number(process.env.BENCH_SUSTAIN_SECONDS ?? 10);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 8);
const competitorsPerSkill = 60;
const judgesPerSkill = 3;

/** 150 aspects adding up to 100: per module 20 judgement aspects of 0.75 and 10 measurement ones of 0.50. */
function schemeCsv(): string {
  const rows: string[][] = [];
  const row = (values: Partial<Record<(typeof schemeCsvColumns)[number], string>>) => rows.push(schemeCsvColumns.map((c) => values[c] ?? ""));
  row({ record: "total", max_mark: "100.00" });
  row({ record: "section", id: "1", name: "工艺 Process", weighting_percent: "60" });
  row({ record: "section", id: "2", name: "质量 Quality", weighting_percent: "40" });
  for (const m of ["A", "B", "C", "D", "E"]) {
    row({ record: "module", id: m, name: `模块${m}` });
    for (const s of [1, 2, 3]) {
      const sc = `${m}${s}`;
      row({ record: "sub_criterion", id: sc, parent: m, name: `${sc} 子标准`, marking_day: "1" });
      for (let a = 1; a <= 10; a++) {
        const judged = a <= (s === 3 ? 6 : 7);
        if (judged)
          row({
            record: "aspect",
            id: `${sc}.${a}`,
            parent: sc,
            name: `评价 ${sc}.${a}`,
            type: "J",
            max_mark: "0.75",
            section: "1",
            descriptor_0: "差",
            descriptor_1: "可",
            descriptor_2: "好",
            descriptor_3: "优",
          });
        else
          row({
            record: "aspect",
            id: `${sc}.${a}`,
            parent: sc,
            name: `测量 ${sc}.${a}`,
            type: "M",
            max_mark: "0.50",
            section: "2",
            calculation: "all_or_nothing",
          });
      }
    }
  }
  return [schemeCsvColumns.join(","), ...rows.map((r) => r.join(","))].join("\n");
}

/** Marks every (competitor, aspect, judge) of a skill in one statement, except the reserved ones. */
async function bulkMark(handle: DatabaseHandle, scope: { competitionId: string; skillId: string }, judgeIds: string[], reserve: boolean): Promise<void> {
  await sql`
    insert into mark (submission_id, competition_id, skill_id, scheme_id, aspect_id, competitor_id, judge_user_id, revision, input, recorded_by, recorded_at)
    select gen_random_uuid(), c.competition_id, c.skill_id, a.scheme_id, a.id, c.id, j.id, 1,
      case when a.kind = 'judgement' then jsonb_build_object('score', abs(hashtext(c.id::text || a.id::text || j.id::text)) % 4)
           else jsonb_build_object('achieved', abs(hashtext(c.id::text || a.id::text)) % 5 <> 0) end,
      j.id, now()
    from competitor c
    join marking_scheme s on s.skill_id = c.skill_id
    join aspect a on a.scheme_id = s.id
    join app_user j on j.id = any(${judgeIds}::uuid[])
    where c.skill_id = ${scope.skillId}
      and not (${reserve} and j.id = ${judgeIds[judgesPerSkill - 1]!}::uuid and abs(hashtext(c.id::text || a.id::text)) % 9 = 0)
  `.execute(handle.db);
  await handle.db.transaction().execute((trx) => rebuildSkillScores(trx, new Date(), scope));
}

async function main(): Promise<void> {
  const started = performance.now();
  const { handle, drop } = await createScratchDatabase(serverUrl, Math.max(10, concurrency + 2));
  const db = handle.db;
  try {
    const deps: ServiceDeps = {
      db,
      now: () => new Date(),
      events: { publish: () => {} },
      secrets: { sessionSecret: "bench-session-secret-bench-session-secret", piiKey: Buffer.alloc(32, 9) },
    };
    const root = await db
      .insertInto("appUser")
      .values({ username: "bench.admin", displayName: "bench", passwordHash: null, isPlatformAdmin: true })
      .returning("id")
      .executeTakeFirstOrThrow();
    const admin: Principal = { userId: root.id, isPlatformAdmin: true, grants: [] };
    const { competitionId } = await saveCompetition(deps, admin, CompetitionInputSchema.parse({ ...exampleCompetitionForm, minimumEntrants: "15" }), null);
    const delegations: string[] = [];
    for (let d = 1; d <= 20; d++)
      delegations.push(
        (await saveDelegation(deps, admin, competitionId, DelegationInputSchema.parse({ nameZh: `代表队${d}`, kind: "enterprise" }), null)).delegationId,
      );
    const draft = parseSchemeCsv(new TextEncoder().encode(schemeCsv())).draft!;

    process.stdout.write(`seeding ${skillCount} skills × ${competitorsPerSkill} competitors × 150 aspects × ${judgesPerSkill} judges …`);
    const skills: Array<{ skillId: string; judges: Principal[] }> = [];
    for (let k = 0; k < skillCount; k++) {
      const { skillId } = await saveSkill(
        deps,
        admin,
        competitionId,
        SkillInputSchema.parse({ ...exampleSkillForm, nameZh: `项目${k + 1}`, wsNumber: "" }),
        null,
      );
      await saveMarkingScheme(deps, admin, { competitionId, skillId, draft });
      await db
        .insertInto("competitor")
        .values(
          Array.from({ length: competitorsPerSkill }, (_, i) => ({
            competitionId,
            skillId,
            delegationId: delegations[i % delegations.length]!,
            registrationNo: `S${k + 1}-${String(i + 1).padStart(3, "0")}`,
          })),
        )
        .execute();
      const judges: Principal[] = [];
      for (let j = 0; j < judgesPerSkill; j++) {
        const user = await db
          .insertInto("appUser")
          .values({ username: `judge.${k}.${j}`, displayName: `裁判${k}.${j}`, passwordHash: null })
          .returning("id")
          .executeTakeFirstOrThrow();
        await db.insertInto("roleAssignment").values({ userId: user.id, role: "judge", competitionId, skillId }).execute();
        judges.push({ userId: user.id, isPlatformAdmin: false, grants: [{ role: "judge", competitionId, skillId, delegationId: null }] });
      }
      await bulkMark(
        handle,
        { competitionId, skillId },
        judges.map((j) => j.userId),
        k === 0,
      );
      skills.push({ skillId, judges });
      if (k % 10 === 9) process.stdout.write(` ${k + 1}`);
    }
    // One more, unmarked skill of the same size for the sustained rate.
    const { skillId: freshSkillId } = await saveSkill(
      deps,
      admin,
      competitionId,
      SkillInputSchema.parse({ ...exampleSkillForm, nameZh: "持续录入", wsNumber: "" }),
      null,
    );
    await saveMarkingScheme(deps, admin, { competitionId, skillId: freshSkillId, draft });
    const freshCompetitors = await db
      .insertInto("competitor")
      .values(
        Array.from({ length: competitorsPerSkill }, (_, i) => ({
          competitionId,
          skillId: freshSkillId,
          delegationId: delegations[i % delegations.length]!,
          registrationNo: `F-${String(i + 1).padStart(3, "0")}`,
        })),
      )
      .returning("id")
      .execute();
    const freshJudges = skills[0]!.judges.map((j) => ({
      ...j,
      grants: [{ role: "judge" as const, competitionId, skillId: freshSkillId, delegationId: null }],
    }));
    for (const j of freshJudges)
      await db.insertInto("roleAssignment").values({ userId: j.userId, role: "judge", competitionId, skillId: freshSkillId }).execute();
    // Steady state before measuring, as a competition's database is after its set-up: the bulk
    // seed's dead rows vacuumed, statistics fresh, and its dirty pages flushed (a checkpoint
    // running during the measured loop would slow every COMMIT, the floor's too).
    await sql`vacuum analyze`.execute(db);
    await sql`checkpoint`.execute(db);
    console.log(` done in ${((performance.now() - started) / 1000).toFixed(0)} s`);

    const measured = skills[0]!;
    const scope = { competitionId, skillId: measured.skillId };
    const markCount = await db
      .selectFrom("mark")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("skillId", "=", measured.skillId)
      .executeTakeFirstOrThrow();
    const reserved = await sql<{ competitorId: string; code: string; kind: string }>`
      select c.id as competitor_id, a.code, a.kind from competitor c join marking_scheme s on s.skill_id = c.skill_id join aspect a on a.scheme_id = s.id
      where c.skill_id = ${measured.skillId} and abs(hashtext(c.id::text || a.id::text)) % 9 = 0 order by md5(c.id::text || a.id::text)`.execute(db);
    const slots = reserved.rows.slice(0, samples);
    await db.executeQuery(sql`create table bench_floor (id bigserial primary key, note text not null, at timestamptz not null default now())`.compile(db));

    // Interleaved, so both see the same conditions: floor, then record + recompute.
    const floor: number[] = [];
    const record: number[] = [];
    const recompute: number[] = [];
    const both: number[] = [];
    const judge = measured.judges[judgesPerSkill - 1]!;
    const profileTo = process.env.BENCH_CPU_PROFILE;
    const profiler = profileTo ? new Session() : null;
    if (profiler) {
      profiler.connect();
      await profiler.post("Profiler.enable");
      await profiler.post("Profiler.start");
    }
    for (const [i, slot] of slots.entries()) {
      let t0 = performance.now();
      await db.transaction().execute((trx) =>
        trx
          .insertInto("benchFloor" as never)
          .values({ note: `floor ${i}` } as never)
          .execute(),
      );
      floor.push(performance.now() - t0);
      t0 = performance.now();
      const value = slot.kind === "judgement" ? { score: i % 4 } : { achieved: i % 3 !== 0 };
      await recordMark(deps, judge, scope, { submissionId: randomUUID(), competitorId: slot.competitorId, aspectCode: slot.code, value });
      const t1 = performance.now();
      const standings = await loadSkillStandings(db, scope);
      const t2 = performance.now();
      if (standings.competitors.length !== competitorsPerSkill) throw new Error("standings lost competitors");
      record.push(t1 - t0);
      recompute.push(t2 - t1);
      both.push(t2 - t0);
    }
    if (profiler && profileTo) {
      const { profile } = await profiler.post("Profiler.stop");
      writeFileSync(profileTo, JSON.stringify(profile));
      profiler.disconnect();
    }

    const full: number[] = [];
    for (let i = 0; i < 15; i++) {
      const t0 = performance.now();
      await loadSkillResults(db, scope);
      full.push(performance.now() - t0);
    }
    const competition: number[] = [];
    for (let i = 0; i < 15; i++) {
      const t0 = performance.now();
      const all = await loadCompetitionStandings(db, competitionId);
      competition.push(performance.now() - t0);
      if (all.length !== skillCount + 1) throw new Error(`competition standings have ${all.length} skills`);
    }

    // Sustained: `concurrency` judges' tablets at once on the fresh skill, for sustainSeconds.
    // Aspect by aspect across the workstations, as tablets at different workstations mark at
    // once (a queue competitor by competitor would have every tablet wait on one competitor's row).
    const queue = Array.from({ length: 150 }, (_, a) => freshCompetitors.map((c, ci) => ({ competitorId: c.id, aspect: a, ci }))).flat();
    const codes = draft.modules.flatMap((m) => m.subCriteria.flatMap((sc) => sc.aspects.map((a) => ({ code: a.id, kind: a.kind }))));
    let recorded = 0;
    let next = 0;
    const deadline = performance.now() + sustainSeconds * 1000;
    const freshScope = { competitionId, skillId: freshSkillId };
    const sustainStart = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async (_, w) => {
        while (performance.now() < deadline) {
          const item = queue[next++];
          if (!item) break;
          const aspect = codes[item.aspect]!;
          await recordMark(deps, freshJudges[w % judgesPerSkill]!, freshScope, {
            submissionId: randomUUID(),
            competitorId: item.competitorId,
            aspectCode: aspect.code,
            value: aspect.kind === "judgement" ? { score: item.ci % 4 } : { achieved: true },
          });
          recorded++;
        }
      }),
    );
    const rate = recorded / ((performance.now() - sustainStart) / 1000);

    const f = stats(floor);
    const rows: Array<[string, Stats]> = [
      ["floor: bare single-row INSERT + COMMIT", f],
      ["record one mark (service, one transaction)", stats(record)],
      ["recompute the skill's standings (kept scores)", stats(recompute)],
      ["record + recompute", stats(both)],
      [`full re-aggregation of the skill (${markCount.n} marks)`, stats(full)],
      [`standings of the whole competition (${skillCount + 1} skills)`, stats(competition)],
    ];
    const version = await sql<{ v: string }>`select current_setting('server_version') as v`.execute(db);
    console.log(
      `\nPostgreSQL ${version.rows[0]!.v} at ${handle.location}; skill of ${competitorsPerSkill} competitors × 150 aspects × ${judgesPerSkill} judges (${markCount.n} marks before the run)\n`,
    );
    console.log("| measurement | median (ms) | p99 (ms) | max (ms) | n | median ÷ floor |");
    console.log("| --- | --- | --- | --- | --- | --- |");
    for (const [name, s] of rows)
      console.log(`| ${name} | ${s.median.toFixed(2)} | ${s.p99.toFixed(2)} | ${s.max.toFixed(2)} | ${s.n} | ${(s.median / f.median).toFixed(1)}× |`);
    console.log(`\nsustained: ${recorded} marks in ${sustainSeconds} s by ${concurrency} concurrent judges → ${rate.toFixed(0)} marks/s`);
    console.log(`(bench took ${((performance.now() - started) / 1000).toFixed(0)} s)`);
  } finally {
    await drop();
  }
}

await main();
