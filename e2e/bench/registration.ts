// `npm run bench:registration`: one provincial competition's registrations in one Excel file.
//
// A competition of 50 skills and 3 delegations; each delegation imports one file of 5,000 rows
// (100 per skill, the quota) through the real services: read the workbook, check every row
// against the database and store the check (checkRegistrationImport), then import it
// (commitRegistrationImport: persons, employers, registrations, members, audit). Then the
// organizer's review table is loaded (loadRegistrationReview, 200 rows a page with the counts
// over all 15,000): the first page, and the last page of one delegation's 5,000. Floors measured
// in the same run on the same database: a bare multi-row INSERT of 5,000 person-sized rows, and
// a bare SELECT of one page of registrations.
//
// Database: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test); a scratch
// database is created and dropped. BENCH_ROWS (5000) rows per file, BENCH_FILES (3).
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import type { Principal } from "../../app/domain/access/roles";
import { composeIdNumber } from "../../app/domain/identity/id-number";
import type { ServiceDeps } from "../../app/services/deps.server";
import { CompetitionInputSchema, DelegationInputSchema, SkillInputSchema } from "../../app/domain/competition/inputs";
import { exampleCompetitionForm, exampleSkillForm } from "../../db/test-support/example-forms";
import { saveCompetition } from "../../app/services/competitions/save-competition.server";
import { saveDelegation } from "../../app/services/competitions/save-delegation.server";
import { saveSkill } from "../../app/services/competitions/save-skill.server";
import { loadRegistrationReview } from "../../app/services/registration/registration-board.server";
import { RegistrationSettingsInputSchema, saveRegistrationSettings } from "../../app/services/registration/registration-settings.server";
import { parseRegistrationWorkbook, registrationTemplate } from "../../app/services/registration/registration-xlsx.server";
import { checkRegistrationImport } from "../../app/services/registration/check-registration-import.server";
import { commitRegistrationImport } from "../../app/services/registration/commit-registration-import.server";
import { loadSkillsForRegistration } from "../../app/services/registration/registration-scope.server";
import { createScratchDatabase, stats } from "./support";

const serverUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const rowsPerFile = Number(process.env.BENCH_ROWS ?? 5000);
const files = Number(process.env.BENCH_FILES ?? 3);
const skillCount = 50;

const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const start = process.hrtime.bigint();
  const result = await work();
  return [result, ms(start)];
}

const surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭"];
const given = ["伟", "芳", "娜", "敏", "静", "强", "磊", "洋", "勇", "军", "杰", "涛", "明", "超", "霞", "平"];

async function main(): Promise<void> {
  const { handle, drop } = await createScratchDatabase(serverUrl, 10);
  try {
    const deps: ServiceDeps = {
      db: handle.db,
      now: () => new Date("2026-12-01T02:00:00Z"),
      events: { publish: () => {} },
      secrets: { sessionSecret: "bench-session-secret-bench-session-secret", piiKey: Buffer.alloc(32, 9) },
    };
    const root = await handle.db
      .insertInto("appUser")
      .values({ username: "bench", displayName: "bench", passwordHash: null, isPlatformAdmin: true })
      .returning("id")
      .executeTakeFirstOrThrow();
    const admin: Principal = { userId: root.id, isPlatformAdmin: true, grants: [] };
    const { competitionId } = await saveCompetition(
      deps,
      admin,
      CompetitionInputSchema.parse({ ...exampleCompetitionForm, nameZh: "2027年四川工匠杯(基准)", startsOn: "2027-04-20", endsOn: "2027-04-24" }),
      null,
    );
    for (let i = 0; i < skillCount; i++) {
      const day = 20 + (i % 5);
      await saveSkill(
        deps,
        admin,
        competitionId,
        SkillInputSchema.parse({
          ...exampleSkillForm,
          nameZh: `赛项${String(i + 1).padStart(2, "0")}`,
          track: "national",
          wsNumber: "",
          ageRule: "cn_working_age",
          startsAt: `2027-04-${day}T08:30`,
          endsAt: `2027-04-${day}T17:30`,
        }),
        null,
      );
    }
    await saveRegistrationSettings(
      deps,
      admin,
      competitionId,
      RegistrationSettingsInputSchema.parse({
        opensAt: "2026-11-16T09:00",
        closesAt: "2027-03-31T18:00",
        defaultQuota: String(Math.ceil(rowsPerFile / skillCount)),
        cutOffDate: "",
        requiredDocuments: "",
      }),
    );
    const skills = await loadSkillsForRegistration(handle.db, competitionId, 100);

    const parse: number[] = [];
    const check: number[] = [];
    const commit: number[] = [];
    const floor: number[] = [];
    let fileBytes = 0;
    for (let f = 0; f < files; f++) {
      const region = `51${String(f * 2 + 1).padStart(2, "0")}00`;
      const { delegationId } = await saveDelegation(
        deps,
        admin,
        competitionId,
        DelegationInputSchema.parse({ nameZh: `代表队${f + 1}`, kind: "region", regionCode: region }),
        null,
      );
      const rows = Array.from({ length: rowsPerFile }, (_, i) => {
        const birthDate = `${1975 + (i % 25)}-${String((i % 12) + 1).padStart(2, "0")}-${String((Math.floor(i / 12) % 28) + 1).padStart(2, "0")}`;
        // Sequence numbers (odd: men) keep every ID number of the run distinct.
        const idNumber = composeIdNumber(`${region.slice(0, 4)}04`, birthDate, 1 + ((Math.floor(i / 300) * 2) % 998), "male");
        return {
          name: surnames[i % 16]! + given[Math.floor(i / 16) % 16]! + given[Math.floor(i / 256) % 16]!,
          gender: "男",
          idNumber,
          birthDate,
          phone: `139${String(i).padStart(8, "0")}`,
          employer: `企业${f}-${i % 200}`,
          occupation: "",
          skillLevel: "三级/高级工",
          skill: skills[i % skillCount]!.nameZh,
          group: "职工组",
          postCategory: "",
          team: "",
        };
      });
      const bytes = await registrationTemplate(
        { competitionName: "bench", delegationName: `代表队${f + 1}`, skills, closesAt: null, requiredDocuments: [] },
        rows,
      );
      fileBytes = bytes.byteLength;

      const [parsed, parseMs] = await timed(() => parseRegistrationWorkbook(bytes));
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
      parse.push(parseMs);
      const scope = { competitionId, delegationId };
      const [checked, checkMs] = await timed(() => checkRegistrationImport(deps, admin, scope, { name: "bench.xlsx", bytes }));
      if (!checked.ok || checked.problems.length > 0)
        throw new Error(`bench file has problems: ${JSON.stringify(checked.ok ? checked.problems.slice(0, 5) : checked.fileProblems)}`);
      check.push(checkMs);
      const [committed, commitMs] = await timed(() => commitRegistrationImport(deps, admin, scope, { importId: checked.importId, mode: "all" }));
      if (!committed.ok || committed.imported !== rowsPerFile) throw new Error("bench import failed");
      commit.push(commitMs);

      // Floor: the same number of person-sized rows in one bare multi-row INSERT and COMMIT.
      await sql`create table if not exists bench_floor (id uuid primary key, name text, id_number_index text, masked text, phone text, birth_date date)`.execute(
        handle.db,
      );
      const values = rows.map(
        (r, i) => sql`(${randomUUID()}, ${r.name}, ${`${f}-${i}`.padEnd(64, "0")}, ${"510***********0000"}, ${r.phone}, ${r.birthDate}::date)`,
      );
      const [, floorMs] = await timed(async () => {
        for (let i = 0; i < values.length; i += 1000) await sql`insert into bench_floor values ${sql.join(values.slice(i, i + 1000))}`.execute(handle.db);
      });
      floor.push(floorMs);
      console.log(
        `file ${f + 1}: ${rowsPerFile} rows, ${(fileBytes / 1024).toFixed(0)} KiB — parse ${parseMs.toFixed(0)} ms, check ${checkMs.toFixed(0)} ms, import ${commitMs.toFixed(0)} ms; floor insert ${floorMs.toFixed(0)} ms`,
      );
    }

    const filters = { skillId: null, delegationId: null, status: null };
    const firstPage = { offset: 0, limit: 200 };
    const listAll: number[] = [];
    const listLast: number[] = [];
    const listFloor: number[] = [];
    let payloadBytes = 0;
    const oneDelegation = (await handle.db.selectFrom("delegation").select("id").where("competitionId", "=", competitionId).executeTakeFirstOrThrow()).id;
    for (let i = 0; i < 7; i++) {
      const [review, allMs] = await timed(() => loadRegistrationReview(handle.db, competitionId, filters, deps.now(), firstPage));
      payloadBytes = Buffer.byteLength(JSON.stringify(review));
      listAll.push(allMs);
      listLast.push(
        (
          await timed(() =>
            loadRegistrationReview(handle.db, competitionId, { ...filters, delegationId: oneDelegation }, deps.now(), {
              offset: rowsPerFile - 200,
              limit: 200,
            }),
          )
        )[1],
      );
      listFloor.push((await timed(() => handle.db.selectFrom("registration").selectAll().where("competitionId", "=", competitionId).limit(200).execute()))[1]);
    }
    const s = (v: number[]) => stats(v).median;
    console.log("\nmedians (ms)");
    console.log(`  read the workbook (${rowsPerFile} rows):          ${s(parse).toFixed(0)}`);
    console.log(`  check every row + store the check:          ${s(check).toFixed(0)}`);
    console.log(`  import (persons, registrations, audit):     ${s(commit).toFixed(0)}`);
    console.log(
      `  floor: bare INSERT of ${rowsPerFile} rows:          ${s(floor).toFixed(0)}  → check ${(s(check) / s(floor)).toFixed(1)}×, import ${(s(commit) / s(floor)).toFixed(1)}×`,
    );
    console.log(
      `  review table, first page of ${rowsPerFile * files} (200 rows, counts): ${s(listAll).toFixed(0)}  (${(payloadBytes / 1024).toFixed(0)} KiB of JSON)`,
    );
    console.log(`  review table, one delegation's last page:  ${s(listLast).toFixed(0)}`);
    console.log(`  floor: bare SELECT of 200 registrations:    ${s(listFloor).toFixed(0)}  → ${(s(listAll) / s(listFloor)).toFixed(1)}×`);
  } finally {
    await drop();
  }
}

await main();
