// When a published result becomes final, and until when a team leader may appeal (RULES.md
// "Publication and appeals"). Nothing here is stored: pages compute it from the dates and the
// skill's appeals, so no job has to run when a notice period ends.
// - An appeal 申诉 may be filed from the skill's start until the appeal window after its end
//   (default 120 minutes) and, once results are published, as an objection until the notice
//   period 公示 ends. After both, it is refused, naming the deadline.
// - A publication is in its notice period until `noticeEndsAt`; afterwards it is final unless an
//   appeal is still open (received, under review) or upheld and not yet corrected.
// Boundary: pure.

export interface AppealLike {
  state: "received" | "under_review" | "upheld" | "rejected";
  correctedAt: Date | null;
}

export type PublicationPhase = "notice" | "final" | "appeal_pending";

export function isAppealOpen(a: AppealLike): boolean {
  return a.state === "received" || a.state === "under_review" || (a.state === "upheld" && a.correctedAt === null);
}

export function publicationPhase(noticeEndsAt: Date, appeals: readonly AppealLike[], now: Date): PublicationPhase {
  if (now.getTime() < noticeEndsAt.getTime()) return "notice";
  return appeals.some(isAppealOpen) ? "appeal_pending" : "final";
}

/** The last moment an appeal is accepted: the later of the window after the skill and the notice period's end. */
export function appealDeadline(skillEndsAt: Date, windowMinutes: number, noticeEndsAt: Date | null): Date {
  const window = new Date(skillEndsAt.getTime() + windowMinutes * 60_000);
  return noticeEndsAt && noticeEndsAt.getTime() > window.getTime() ? noticeEndsAt : window;
}

export type AppealTiming = "too_early" | "on_time" | "too_late";

export function appealTiming(now: Date, skill: { startsAt: Date; endsAt: Date }, windowMinutes: number, noticeEndsAt: Date | null): AppealTiming {
  if (now.getTime() < skill.startsAt.getTime()) return "too_early";
  return now.getTime() <= appealDeadline(skill.endsAt, windowMinutes, noticeEndsAt).getTime() ? "on_time" : "too_late";
}
