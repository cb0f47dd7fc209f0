// Setting up a demo competition the way an organizer does, through the services: the
// competition, its skills (Shanghai wall-clock times as the form takes them) and delegations.
// Shared by the main demo and its history.
import type { Principal } from "~/domain/access/roles";
import { shanghaiLocalToInstant } from "~/domain/time";
import type { CompetitionInput, DelegationInput, SkillInput } from "~/domain/competition/inputs";
import { saveCompetition } from "~/services/competitions/save-competition.server";
import { saveDelegation } from "~/services/competitions/save-delegation.server";
import { saveSkill } from "~/services/competitions/save-skill.server";
import type { ServiceDeps } from "~/services/deps.server";
import type { ScheduledSkill } from "./data/main-skills";

export function instant(local: string): Date {
  const value = shanghaiLocalToInstant(local);
  if (!value) throw new Error(`Not a Shanghai wall-clock time: ${local}`);
  return value;
}

export function toSkillInput(skill: ScheduledSkill): SkillInput {
  return {
    nameZh: skill.nameZh,
    nameEn: skill.nameEn,
    track: skill.track,
    occupationCode: skill.occupationCode,
    wsNumber: skill.wsNumber,
    teamSize: skill.teamSize,
    entrantGroup: skill.entrantGroup,
    ageRule: skill.ageRule,
    startsAt: instant(skill.startsAtLocal),
    endsAt: instant(skill.endsAtLocal),
    venueArea: skill.venueArea,
  };
}

export async function createCompetition(
  deps: ServiceDeps,
  principal: Principal,
  competition: CompetitionInput,
  skills: readonly ScheduledSkill[],
  delegations: readonly DelegationInput[],
): Promise<{ competitionId: string; skillIds: string[]; delegationIds: string[] }> {
  const { competitionId } = await saveCompetition(deps, principal, competition, null);
  const skillIds: string[] = [];
  for (const skill of skills) skillIds.push((await saveSkill(deps, principal, competitionId, toSkillInput(skill), null)).skillId);
  const delegationIds: string[] = [];
  for (const delegation of delegations) delegationIds.push((await saveDelegation(deps, principal, competitionId, delegation, null)).delegationId);
  return { competitionId, skillIds, delegationIds };
}
