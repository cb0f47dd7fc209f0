import { randomUUID } from "node:crypto";
import { createTarget, ServerProcess, findDemoScope, signIn, issueToken, withAdmin, sleep } from "./support";
const t = await createTarget("postgres");
const a = new ServerProcess(t, 3175);
try {
  await a.start();
  const scope = await findDemoScope(a.base);
  const org = await signIn(a.base, "organizer");
  const token = await issueToken(a.base, org, scope.competitionId, "judge.weld", "judge");
  const post = async (code: string, aspect: string) => {
    const r = await fetch(`${a.base}/api/v1/competitions/${scope.competitionId}/skills/${scope.skillId}/marks`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ submissionId: randomUUID(), competitorCode: code, aspectCode: aspect, value: { score: 1 } }),
    }).catch((e) => e as Error);
    return r instanceof Error ? r.message : `${r.status} ${(await r.text()).slice(0, 200)}`;
  };
  for (const c of ["01", "02", "03", "04", "05", "06"]) console.log(c, await post(c, "B1.3"));
  const inflight = Promise.all(["01", "02", "03", "04", "05", "06"].map((c) => post(c, "B2.2")));
  await sleep(5);
  console.log(
    await withAdmin((sql) => sql`select count(*) filter (where pg_terminate_backend(pid))::int as n from pg_stat_activity where datname = ${t.databaseName}`),
  );
  console.log("inflight", await inflight);
  for (let i = 0; i < 8; i++) {
    console.log("after", await post(["01", "02", "03", "04", "05", "06"][i % 6]!, ["C1.3", "C2.1"][i % 2]!));
    await sleep(300);
  }
  console.log(a.output().slice(-3000));
} finally {
  await a.stop("SIGTERM");
  await t.drop();
}
