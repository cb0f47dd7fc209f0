// The demo's morning at the check-in desk 检录 (docs/decisions/013), through the real service so
// every step is audited like real work: in Welding the first competitors by check-in number are
// checked in and ready (the first ones witnessed by the supervisor), one did not come (absent),
// the rest are still to check in; in Mechatronics every team is checked in and competing, and the
// chief judge has paused one (equipment failure) and granted it extra time.
import { createHash } from "node:crypto";
import type { Principal } from "~/domain/access/roles";
import type { StateAction } from "~/domain/registration/check-in";
import type { ServiceDeps } from "~/services/deps.server";
import { changeCompetitorState } from "~/services/registration/change-competitor-state.server";

/** How the demo leaves Welding: this many ready, then one absent (by check-in number). */
export const demoWeldingReady = 5;

interface Actors {
  organizer: Principal;
  supervisorUserId: string;
}

/** A submission id derived from the step, so a reload of the demo records the same ids. */
function submissionIdOf(...parts: string[]): string {
  const hex = createHash("sha256")
    .update(`gongjiang demo check-in ${parts.join(" ")}`)
    .digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

async function competitorsByCheckInNo(deps: ServiceDeps, skillId: string) {
  return deps.db.selectFrom("competitor").select(["id", "checkInNo"]).where("skillId", "=", skillId).orderBy("checkInNo").execute();
}

async function chiefOf(deps: ServiceDeps, competitionId: string, skillId: string): Promise<Principal> {
  const grant = await deps.db
    .selectFrom("roleAssignment")
    .select("userId")
    .where("competitionId", "=", competitionId)
    .where("skillId", "=", skillId)
    .where("role", "=", "chief_judge")
    .where("revokedAt", "is", null)
    .executeTakeFirstOrThrow();
  return { userId: grant.userId, isPlatformAdmin: false, grants: [{ role: "chief_judge", competitionId, skillId, delegationId: null }] };
}

export async function runDemoCheckIn(deps: ServiceDeps, competitionId: string, skills: { weld: string; mecha: string }, actors: Actors): Promise<void> {
  const step = (
    principal: Principal,
    skillId: string,
    competitorId: string,
    action: StateAction,
    extra: { reason?: string; extraMinutes?: number; witnessUserId?: string } = {},
  ) =>
    changeCompetitorState(
      deps,
      principal,
      { competitionId, skillId },
      {
        competitorId,
        submissionId: submissionIdOf(competitorId, action),
        action,
        reason: extra.reason ?? null,
        extraMinutes: extra.extraMinutes ?? null,
        witnessUserId: extra.witnessUserId ?? null,
      },
    );

  const welders = await competitorsByCheckInNo(deps, skills.weld);
  for (const [i, c] of welders.slice(0, demoWeldingReady).entries())
    await step(actors.organizer, skills.weld, c.id, "check_in", i < 2 ? { witnessUserId: actors.supervisorUserId } : {});
  const absent = welders[demoWeldingReady];
  if (absent) await step(actors.organizer, skills.weld, absent.id, "mark_absent");

  const chief = await chiefOf(deps, competitionId, skills.mecha);
  const teams = await competitorsByCheckInNo(deps, skills.mecha);
  for (const c of teams) await step(actors.organizer, skills.mecha, c.id, "check_in");
  for (const c of teams) await step(chief, skills.mecha, c.id, "start");
  const paused = teams[0];
  if (paused) {
    await step(chief, skills.mecha, paused.id, "pause", { reason: "PLC 控制器故障，更换备用设备 PLC controller failure, spare fitted" });
    await step(chief, skills.mecha, paused.id, "grant_extra_time", { extraMinutes: 15, reason: "更换设备耗时 15 分钟 Equipment change took 15 minutes" });
  }
}
