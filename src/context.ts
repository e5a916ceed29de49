import { AccessControl } from './auth/access.js';
import type { SigningKey } from './auth/keys.js';
import type { Principal } from './auth/principal.js';
import type { Config } from './config.js';
import type { PrismaClient } from './db/client.js';
import type { SqlReader } from './db/sql-reader.js';
import type { EventBus } from './events/event-bus.js';

/** The part of Config the services read (ctx.settings): two limits and the token issuer sit at its top. */
export type ServiceSettings = Pick<
  Config,
  | 'invitationTtlDays'
  | 'platformAdmins'
  | 'consumerDomainsAllowed'
  | 'stackRetentionDays'
  | 'downloadLinkTtlSeconds'
  | 'buildId'
  | 'idempotencyKeyTtlHours'
  | 'webhooks'
  | 'sso'
  | 'publicUrl'
> &
  Pick<Config['limits'], 'maxBulkInvitations' | 'maxNodeIds'> & {
    /** Issuer of the tokens this server signs (download links reuse it). */
    tokenIssuer: Config['tokens']['issuer'];
  };

/** Looks up the TXT records of a DNS name (node:dns in production; tests pass their own). */
export type TxtResolver = (hostname: string) => Promise<string[][]>;

/** Outside services and keys the services use; created once per app. */
export interface ServiceDeps {
  signingKey: SigningKey;
  resolveTxt: TxtResolver;
  /** Committed events as they happen (subscriptions); absent when the events runtime is not started. */
  events?: EventBus;
  /** Aborted when the server begins to shut down: open subscriptions complete, so that draining ends. */
  stopping?: AbortSignal;
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
  /**
   * The caller as it is now, from the request's credentials again: a subscription asks before every
   * event, so that a deleted service client or a rotated secret ends it (the token cache keeps a
   * user, never a client). Null for anonymous callers.
   */
  authenticateAgain: () => Promise<Principal | null>;
}

export function createContext(
  db: { prisma: PrismaClient; sql: SqlReader },
  principal: Principal | null,
  requestId: string,
  settings: ServiceSettings,
  deps: ServiceDeps,
  authenticateAgain: () => Promise<Principal | null> = async () => principal,
): Context {
  return { prisma: db.prisma, sql: db.sql, principal, access: new AccessControl(db.sql, principal), requestId, settings, deps, authenticateAgain };
}
