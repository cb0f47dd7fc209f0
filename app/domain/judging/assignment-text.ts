// A skill's marking teams as text the chief judge can read and edit, one team per line:
//   name | module | judge accounts, comma-separated | aspect codes or * | competitor codes or *
// "*" means all the module's aspects, or all competitors of the skill. Judges are named by
// account, competitors by their anonymous code (workstation number once drawn).
import type { MarkingTeam } from "~/domain/judging/assignment";

export interface TextContext {
  usernameOf: ReadonlyMap<string, string>;
  codeOf: ReadonlyMap<string, string>;
  aspectsOfModule: ReadonlyMap<string, readonly string[]>;
  competitorIds: readonly string[];
}

export interface TextProblem {
  line: number;
  code: "LINE_FORMAT" | "UNKNOWN_JUDGE" | "UNKNOWN_COMPETITOR" | "UNKNOWN_MODULE" | "UNKNOWN_ASPECT";
  value: string;
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && new Set([...a, ...b]).size === a.length;

export function formatTeams(teams: readonly MarkingTeam[], context: TextContext): string {
  return teams
    .map((t) => {
      const aspects = sameSet(t.aspectCodes, context.aspectsOfModule.get(t.moduleCode) ?? []) ? "*" : t.aspectCodes.join(",");
      const competitors = sameSet(t.competitorIds, context.competitorIds) ? "*" : t.competitorIds.map((id) => context.codeOf.get(id) ?? id).join(",");
      return [t.name, t.moduleCode, t.memberIds.map((id) => context.usernameOf.get(id) ?? id).join(","), aspects, competitors].join(" | ");
    })
    .join("\n");
}

export function parseTeams(text: string, context: TextContext): { teams: MarkingTeam[]; problems: TextProblem[] } {
  const idOfUsername = new Map([...context.usernameOf].map(([id, name]) => [name, id]));
  const idOfCode = new Map([...context.codeOf].map(([id, code]) => [code, id]));
  const teams: MarkingTeam[] = [];
  const problems: TextProblem[] = [];
  const list = (v: string) =>
    v
      .split(/[,，、\s]+/)
      .map((x) => x.trim())
      .filter((x) => x !== "");
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === "") return;
    const parts = raw.split("|").map((p) => p.trim());
    if (parts.length !== 5 || parts.some((p) => p === "")) {
      problems.push({ line, code: "LINE_FORMAT", value: raw.trim().slice(0, 80) });
      return;
    }
    const [name, moduleCode, judges, aspects, competitors] = parts as [string, string, string, string, string];
    const moduleAspects = context.aspectsOfModule.get(moduleCode);
    if (!moduleAspects) problems.push({ line, code: "UNKNOWN_MODULE", value: moduleCode });
    const memberIds = list(judges).map((u) => idOfUsername.get(u) ?? (problems.push({ line, code: "UNKNOWN_JUDGE", value: u }), ""));
    const aspectCodes = aspects === "*" ? [...(moduleAspects ?? [])] : list(aspects);
    for (const a of aspectCodes) if (moduleAspects && !moduleAspects.includes(a)) problems.push({ line, code: "UNKNOWN_ASPECT", value: a });
    const competitorIds =
      competitors === "*"
        ? [...context.competitorIds]
        : list(competitors).map((c) => idOfCode.get(c) ?? (problems.push({ line, code: "UNKNOWN_COMPETITOR", value: c }), ""));
    teams.push({ name: name.slice(0, 40), moduleCode, memberIds, aspectCodes, competitorIds });
  });
  return { teams, problems };
}
