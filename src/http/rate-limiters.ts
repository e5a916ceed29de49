import type pg from 'pg';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Config } from '../config.js';

// The counters of the rate limits, kept by rate-limiter-flexible. On PostgreSQL they live in the
// API's own database (table "RateLimit", created by a migration rather than by the library at
// run time, which would need DDL rights and refuse requests until it is done), so every replica
// counts into the same rows; on PGlite, one process anyway, or with RATE_LIMIT_STORE=memory,
// in this process's memory. A store that cannot be reached fails the request like the database
// does (503 with Retry-After), with no in-memory fallback: what the limits guard needs the
// database as well.

/** Where the counts are kept. */
export type LimiterStore = { kind: 'memory' } | { kind: 'database'; pool: pg.Pool };

/** The database's pool when there is one and RATE_LIMIT_STORE does not ask for memory. */
export function limiterStore(setting: Config['rateLimits']['store'], pool: pg.Pool | undefined): LimiterStore {
  return setting === 'database' && pool ? { kind: 'database', pool } : { kind: 'memory' };
}

/** A count named `name` of `points` per `durationSeconds` and key; null when the limit is 0 (off). */
export type LimiterFactory = (name: string, points: number, durationSeconds: number) => RateLimiterAbstract | null;

/** The table of the counts on PostgreSQL (prisma/schema.prisma, model RateLimit). */
const TABLE = 'RateLimit';

/** Limiters on the store; the first on PostgreSQL also deletes expired rows every 5 minutes (once per table is enough). */
export function limiterFactory(store: LimiterStore): LimiterFactory {
  let cleaning = false;
  return (name, points, durationSeconds) => {
    if (points <= 0) return null;
    const options = { keyPrefix: name, points, duration: durationSeconds };
    if (store.kind === 'memory') return new RateLimiterMemory(options);
    const clearExpiredByTimeout = !cleaning;
    cleaning = true;
    return new RateLimiterPostgres({
      ...options,
      storeClient: store.pool,
      storeType: 'pool',
      tableName: TABLE,
      tableCreated: true,
      clearExpiredByTimeout,
      // A key over its limit is refused from this process's memory until its window ends: a flood
      // costs the database one statement per process, not one per request.
      inMemoryBlockOnConsumed: points + 1,
    });
  };
}

/** Seconds until a count resets, as Retry-After gives them: whole, at least 1. */
export function secondsUntil(msBeforeNext: number): number {
  return Math.max(1, Math.ceil(msBeforeNext / 1000));
}

/** Counts one request for the key: null when allowed, else the seconds until it would be. Store failures are thrown. */
export async function consume(limiter: RateLimiterAbstract, key: string): Promise<number | null> {
  try {
    await limiter.consume(key);
    return null;
  } catch (refusal) {
    if (refusal instanceof RateLimiterRes) return secondsUntil(refusal.msBeforeNext);
    throw refusal;
  }
}

/** A GraphQL request refused by a rate limit; mask-errors.ts answers it 429 RATE_LIMITED with Retry-After. */
export class RateLimitedError extends Error {
  override readonly name = 'RateLimitedError';
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many requests: retry after ${retryAfterSeconds} seconds`);
  }
}
