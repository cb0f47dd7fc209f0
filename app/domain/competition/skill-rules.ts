// Per-skill rules chosen when the skill is set up. The age rule names which window of RULES.md
// "Eligibility" applies; the registration capability evaluates it.
export const ageRules = [
  "ws_under_22", // born on or after 1 Jan of (competition year − 22)
  "ws_under_25", // listed WorldSkills skills: − 25
  "cn_working_age", // 16 to statutory retirement age
  "none",
] as const;
export type AgeRule = (typeof ageRules)[number];

/** A WorldSkills-track skill defaults to the −22 rule, every other track to working age. */
export function defaultAgeRule(track: "ws" | "national" | "local"): AgeRule {
  return track === "ws" ? "ws_under_22" : "cn_working_age";
}
