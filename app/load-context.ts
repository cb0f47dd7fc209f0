// What server/ hands every loader and action (getLoadContext): the service dependencies, built
// once per process, and facts about this request that only the HTTP layer knows.
import type { ServiceDeps } from "~/services/deps.server";

declare module "@remix-run/node" {
  interface AppLoadContext {
    deps: ServiceDeps;
    /** Client address as seen through trusted proxies (for sign-in throttling). */
    clientAddress: string;
    /** Send cookies with Secure (behind HTTPS). */
    cookieSecure: boolean;
  }
}

export {};
