import { AccessControl } from './auth/access.js';
import type { SigningKey } from './auth/keys.js';
import type { Principal } from './auth/principal.js';
import type { PrismaClient } from './db/client.js';
import type { SqlReader } from './db/sql-reader.js';

/** Settings the services need, taken from Config. */
export interface ServiceSettings {
  invitationTtlDays: number;
  maxBulkInvitations: number;
  /** Lower-cased emails of the platform admins. */
  platformAdmins: ReadonlySet<string>;
  stackRetentionDays: number;
  downloadLinkTtlSeconds: number;
  /** Issuer and audience of tokens this server signs (download links reuse them). */
  tokenIssuer: string;
  buildId: string;
  /** Most ids `nodes(ids:)` takes. */
  maxNodeIds: number;
}

/** Looks up the TXT records of a DNS name (node:dns in production; tests pass their own). */
export type TxtResolver = (hostname: string) => Promise<string[][]>;

/** Outside services and keys the services use; created once per app. */
export interface ServiceDeps {
  signingKey: SigningKey;
  resolveTxt: TxtResolver;
}

/** Everything a resolver or service may use for one request. */
export interface Context {
  prisma: PrismaClient;
  /** The read path's hand-written statements (connection pages, the caller's standing). */
  sql: SqlReader;
  principal: Principal | null;
  access: AccessControl;
  requestId: string;
  settings: ServiceSettings;
  deps: ServiceDeps;
}

export function createContext(db: { prisma: PrismaClient; sql: SqlReader }, principal: Principal | null, requestId: string, settings: ServiceSettings, deps: ServiceDeps): Context {
  return { prisma: db.prisma, sql: db.sql, principal, access: new AccessControl(db.sql, principal), requestId, settings, deps };
}
