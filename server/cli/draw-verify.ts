// `npm run draw:verify [-- <draw id>]`: re-runs every draw of the configured database (or the one
// named) from its stored seed and entrants and compares with its stored result
// (docs/decisions/012). Exit code 0 when every draw verifies, 1 when one does not (or the draw
// named does not exist), 2 when it could not check.
import { parseEnv } from "../env";
import { openConfiguredDatabase } from "../database";
import { verifyAllDraws, verifyDraw, type DrawProblem, type DrawVerdict } from "../../app/services/registration/draw.server";
import { isUuid } from "../../app/domain/fields";

const why: Record<DrawProblem, string> = {
  not_found: "there is no draw with this id",
  unknown_algorithm: "its algorithm is not one this version can re-run",
  malformed: "its stored entrants, numbers or result are not a draw's (wrong shape, counts or duplicates)",
  entrants_out_of_order: "its entrants are not in canonical order",
  entrants_not_from_check_in_draw: "its entrants are not the check-in numbers of the draw it names",
  result_mismatch: "re-running it from its seed gives a different result",
  competitors_disagree: "the competitors do not carry the numbers of this draw in force",
};

async function main(args: readonly string[]): Promise<number> {
  const wanted = args[0];
  if (args.length > 1 || (wanted !== undefined && !isUuid(wanted))) {
    console.error("Usage: npm run draw:verify [-- <draw id>]  (a draw id is a UUID)");
    return 2;
  }
  const env = parseEnv(process.env, "tool");
  const database = await openConfiguredDatabase(env);
  try {
    const verdicts: DrawVerdict[] = wanted ? [await verifyDraw(database.db, wanted.toLowerCase())] : await verifyAllDraws(database.db);
    const skillIds = [...new Set(verdicts.flatMap((v) => (v.skillId ? [v.skillId] : [])))];
    const skills = skillIds.length ? await database.db.selectFrom("skill").select(["id", "nameZh", "nameEn"]).where("id", "in", skillIds).execute() : [];
    const skillName = new Map(skills.map((s) => [s.id, s.nameEn ? `${s.nameZh} ${s.nameEn}` : s.nameZh]));
    for (const v of verdicts) {
      const what = `${v.drawId}${v.skillId ? ` ${skillName.get(v.skillId) ?? v.skillId}` : ""}${v.kind ? ` (${v.kind === "check_in" ? "check-in numbers" : "workstation numbers"})` : ""}`;
      if (v.ok) console.log(`ok      ${what}: ${v.entrants} entrants, re-run matches${v.inForce ? ", numbers in force" : ", superseded"}`);
      else console.error(`FAILED  ${what}: ${why[v.problem]}${v.count > 0 ? ` (${v.count})` : ""}`);
    }
    const failed = verdicts.filter((v) => !v.ok).length;
    const where = `${database.engine}: ${database.location}`;
    if (verdicts.length === 0) {
      console.log(`No draws to verify (${where}).`);
      return 0;
    }
    if (failed > 0) {
      console.error(`${failed} of ${verdicts.length} draws do NOT verify (${where}).`);
      return 1;
    }
    console.log(`All ${verdicts.length} draws verify (${where}).`);
    return 0;
  } finally {
    await database.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`Could not verify the draws: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  },
);
