// Every migration in order. Listed statically (not read from disk) so they run the same from
// tsx, from the Vite server bundle and from tests.
import type { Migration } from "kysely";
import * as core from "./20261122T0400-core";
import * as markingSchemes from "./20261122T0600-marking-schemes";
import * as marks from "./20261122T0700-marks";
import * as apiTokens from "./20261122T0800-api-tokens";
import * as scores from "./20261122T0900-scores";
import * as spreadResolution from "./20261122T0910-spread-resolution";
import * as declaredRelations from "./20261122T0920-declared-relations";
import * as resultsRules from "./20261122T0950-results-rules";
import * as auditChainHead from "./20261130T0900-audit-chain-head";
import * as moduleTotals from "./20261130T0910-module-totals";
import * as scoreSheets from "./20261130T1000-score-sheets";
import * as draws from "./20261130T1100-draws";
import * as registrations from "./20261130T1200-registrations";
import * as checkIn from "./20261130T1300-check-in";
import * as judgeAssignments from "./20261130T1400-judge-assignments";
import * as decryption from "./20261130T1410-decryption";
import * as leaderboards from "./20261130T1420-leaderboards";
import * as rehearsals from "./20261130T1430-rehearsals";
import * as judgeFlags from "./20261130T1440-judge-flags";
import * as publication from "./20261130T1500-publication";
import * as auditLinkInDatabase from "./20261130T2000-audit-link-in-database";
import * as leaderboardProjections from "./20261201T0000-leaderboard-projections";
import * as leaderboardProjectionVersion from "./20261205T0000-leaderboard-projection-version";

export const migrations: Record<string, Migration> = {
  "20261122T0400-core": core,
  "20261122T0600-marking-schemes": markingSchemes,
  "20261122T0700-marks": marks,
  "20261122T0800-api-tokens": apiTokens,
  "20261122T0900-scores": scores,
  "20261122T0910-spread-resolution": spreadResolution,
  "20261122T0920-declared-relations": declaredRelations,
  "20261122T0950-results-rules": resultsRules,
  "20261130T0900-audit-chain-head": auditChainHead,
  "20261130T0910-module-totals": moduleTotals,
  "20261130T1000-score-sheets": scoreSheets,
  "20261130T1100-draws": draws,
  "20261130T1200-registrations": registrations,
  "20261130T1300-check-in": checkIn,
  "20261130T1400-judge-assignments": judgeAssignments,
  "20261130T1410-decryption": decryption,
  "20261130T1420-leaderboards": leaderboards,
  "20261130T1430-rehearsals": rehearsals,
  "20261130T1440-judge-flags": judgeFlags,
  "20261130T1500-publication": publication,
  "20261130T2000-audit-link-in-database": auditLinkInDatabase,
  "20261201T0000-leaderboard-projections": leaderboardProjections,
  "20261205T0000-leaderboard-projection-version": leaderboardProjectionVersion,
};
