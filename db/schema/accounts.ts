// People, accounts and their access (roles, sessions, sign-in codes, API tokens), notifications,
// the audit chain and realtime bookkeeping.

import type { Generated } from "kysely";
import type { Role } from "../../app/domain/access/roles";
import type { OrganizationKind } from "../../app/domain/competition/ladder";
import type { Gender } from "../../app/domain/identity/id-number";
import type { CreatedAt, Timestamp, IsoDate, Json } from "./columns";

export interface OrganizationTable {
  id: Generated<string>;
  name: string;
  kind: OrganizationKind;
  regionCode: string | null;
  createdAt: CreatedAt;
}

export interface PersonTable {
  id: Generated<string>;
  name: string;
  gender: Gender;
  birthDate: IsoDate;
  /** AES-256-GCM ciphertext of the ID number; never selected for a page or an event. */
  idNumberCipher: string;
  /** HMAC blind index: the same person is found by ID number without decrypting. */
  idNumberIndex: string;
  idNumberMasked: string;
  employerId: string | null;
  regionCode: string | null;
  phone: string | null;
  createdAt: CreatedAt;
}

export interface AppUserTable {
  id: Generated<string>;
  username: string;
  displayName: string;
  passwordHash: string | null;
  personId: string | null;
  isPlatformAdmin: Generated<boolean>;
  createdAt: CreatedAt;
  disabledAt: Timestamp | null;
}

export interface RoleAssignmentTable {
  id: Generated<string>;
  userId: string;
  role: Role;
  competitionId: string;
  skillId: string | null;
  delegationId: string | null;
  grantedBy: string | null;
  grantedAt: CreatedAt;
  revokedAt: Timestamp | null;
  revokedBy: string | null;
}

export interface SessionTable {
  /** SHA-256 of the cookie's token: a stolen table does not yield usable sessions. */
  id: string;
  userId: string;
  kind: "password" | "tablet_code";
  createdAt: CreatedAt;
  expiresAt: Timestamp;
  lastSeenAt: Timestamp;
  userAgent: string | null;
  revokedAt: Timestamp | null;
}

export interface TabletSignInCodeTable {
  id: Generated<string>;
  codeHash: string;
  userId: string;
  competitionId: string;
  skillId: string | null;
  issuedBy: string;
  issuedAt: CreatedAt;
  expiresAt: Timestamp;
  usedAt: Timestamp | null;
}

export interface SignInAttemptTable {
  id: Generated<number>;
  throttleKey: string;
  succeeded: boolean;
  attemptedAt: Timestamp;
}

export interface ApiTokenTable {
  id: Generated<string>;
  tokenHash: string;
  label: string;
  userId: string;
  competitionId: string;
  role: Role;
  createdBy: string;
  createdAt: Timestamp;
  lastUsedAt: Timestamp | null;
  revokedAt: Timestamp | null;
}

export interface NotificationTable {
  id: Generated<string>;
  userId: string;
  competitionId: string | null;
  kind: string;
  payload: Json<unknown>;
  createdAt: Timestamp;
  readAt: Timestamp | null;
}

export interface AuditEventTable {
  /** Given by the database as the event is linked (the audit_event_link trigger). */
  seq: Generated<number>;
  occurredAt: Timestamp;
  actorUserId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  competitionId: string | null;
  before: Json<unknown> | null;
  after: Json<unknown> | null;
  reason: string | null;
  /** Given by the database as the event is linked. */
  prevHash: Generated<string>;
  hash: Generated<string>;
  /** sha256 of the content (app/domain/audit/chain.ts auditBodyDigest); null for events of the first format. */
  bodyDigest: string | null;
}

export interface AuditChainHeadTable {
  id: Generated<number>;
  seq: number;
  /** null until the first event */
  hash: string | null;
}

export interface RealtimeStreamTable {
  streamKey: string;
  seq: number;
}

/**
 * Written and emptied by @socket.io/postgres-adapter (events too large for a NOTIFY), never by the
 * application; declared because the leaderboards migration creates it.
 */
export interface SocketIoAttachmentsTable {
  id: Generated<number>;
  createdAt: Generated<Date | null>;
  payload: Uint8Array | null;
}
