// `npm run audit:verify`: checks the whole audit chain of the configured database and names the
// first broken link. Exit code 0 when intact, 1 when broken, 2 when it could not check.
import { parseEnv } from "../env";
import { openConfiguredDatabase } from "../database";
import { verifyStoredAuditChain } from "../../app/services/audit/verify-audit-chain.server";

async function main(): Promise<number> {
  const env = parseEnv(process.env, "tool");
  const database = await openConfiguredDatabase(env);
  try {
    const verdict = await verifyStoredAuditChain(database.db);
    if (verdict.ok) {
      console.log(`Audit chain intact: ${verdict.checked} events checked (${database.engine}: ${database.location}).`);
      return 0;
    }
    const why = {
      seq_gap: "an event is missing before it",
      prev_hash_mismatch: "its link to the previous event does not match",
      hash_mismatch: "its content was changed after it was written",
      tail_missing: "it and the events after it were removed from the end of the chain",
    }[verdict.problem];
    console.error(`Audit chain BROKEN at event #${verdict.brokenAtSeq}: ${why}. ${verdict.checked} events before it are intact.`);
    return 1;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`Could not verify the audit chain: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  },
);
