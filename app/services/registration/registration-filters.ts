// The review table's filters as URL search parameters (the page and its Excel export share them).
import { registrationStatuses, type RegistrationStatus } from "~/domain/registration/registrations";
import type { RegistrationFilters } from "./registration-board.server";

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Rows the review page shows at most (a provincial competition's registrations fit). */
export const rosterLimit = 10_000;

export function registrationFiltersOf(params: URLSearchParams): RegistrationFilters {
  const id = (name: string) => {
    const v = params.get(name);
    return v && uuidPattern.test(v) ? v.toLowerCase() : null;
  };
  const status = params.get("status");
  return { skillId: id("skill"), delegationId: id("delegation"), status: (registrationStatuses as readonly string[]).includes(status ?? "") ? (status as RegistrationStatus) : null };
}
