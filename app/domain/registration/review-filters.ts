// The review table's filters as URL search parameters (the page and its Excel export share them).
import { registrationStatuses, type RegistrationStatus } from "./registrations";
import { isUuid } from "~/domain/fields";

/** The review table's filters: each a value or none. */
export interface RegistrationFilters {
  skillId: string | null;
  delegationId: string | null;
  status: RegistrationStatus | null;
}

/** Rows per page of the review table (the JSON a page carries stays small over venue Wi-Fi). */
export const reviewPageSize = 200;
/** Rows one roster export holds at most (several provincial competitions' worth). */
export const rosterLimit = 50_000;

/** The review table's page from `?page=` (1-based; anything else is the first). */
export function reviewPageOf(params: URLSearchParams): number {
  const page = Number(params.get("page"));
  return Number.isInteger(page) && page >= 1 && page <= 10_000 ? page : 1;
}

export function registrationFiltersOf(params: URLSearchParams): RegistrationFilters {
  const id = (name: string) => {
    const v = params.get(name);
    return v && isUuid(v) ? v.toLowerCase() : null;
  };
  const status = params.get("status");
  return {
    skillId: id("skill"),
    delegationId: id("delegation"),
    status: (registrationStatuses as readonly string[]).includes(status ?? "") ? (status as RegistrationStatus) : null,
  };
}
