import postgres from "postgres";
const sql = postgres(process.env.U!, { max: 1 });
const t: number[] = [];
for (let i = 0; i < 500; i++) { const t0 = performance.now(); await sql.begin(async (s) => { await s`insert into f (note) values (${"x" + i})`; }); t.push(performance.now() - t0); }
t.sort((a, b) => a - b); console.log("floor median", t[250].toFixed(3), "p90", t[450].toFixed(3));
const u: number[] = [];
for (let i = 0; i < 500; i++) { const t0 = performance.now(); await sql`select 1`; u.push(performance.now() - t0); }
u.sort((a, b) => a - b); console.log("select 1 median", u[250].toFixed(3));
await sql.end();
