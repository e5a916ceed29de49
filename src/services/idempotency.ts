import { AsyncLocalStorage } from 'node:async_hooks';
import { Prisma } from '../db/generated/prisma/client.js';
import { ConflictError } from '../errors.js';
import type { Tx } from './transaction.js';

// Retrying a create whose answer was lost (a 503 after the commit, a dropped connection) must not
// create it twice. A create called with an idempotency key claims the key in its own transaction,
// first; the key's row keeps the result, so a repeat of the call replays it instead of creating
// again. The key row commits or rolls back with the create: a key exists exactly when its create
// committed, and a create that failed can be retried with the same key.

/** One create mutation called with a key, by one principal. */
export interface IdempotentCall {
  /** "user:<id>" or "client:<id>". */
  principal: string;
  key: string;
  operation: string;
  /** Digest of the call's input (without the key). */
  fingerprint: string;
  /** How long a key is remembered. */
  ttlHours: number;
}

/** What a transaction does with the call's key: replay an earlier result, or record its own. */
type Claim = { replayed: true; result: unknown } | { replayed: false; record(result: unknown): Promise<void> };

const currentCall = new AsyncLocalStorage<{ call: IdempotentCall; claimed: boolean }>();

/** Runs a create mutation's resolver with its key: its (first) transaction claims it. */
export function withIdempotencyKey<T>(call: IdempotentCall, run: () => T): T {
  return currentCall.run({ call, claimed: false }, run);
}

/**
 * Claims the current call's key inside `tx`, the create's transaction: null when the call has no
 * key (or another transaction of the same call claimed it). One statement, which also forgets up
 * to 100 expired keys of anyone; a second statement only to replay.
 */
export async function claimIdempotencyKey(tx: Tx): Promise<Claim | null> {
  const current = currentCall.getStore();
  if (!current || current.claimed) return null;
  current.claimed = true;
  const { principal, key, operation, fingerprint, ttlHours } = current.call;
  const cutoff = new Date(Date.now() - ttlHours * 3_600_000);
  // A concurrent call with the same key waits here for the first one's transaction to end.
  const claimed = await tx.$queryRaw<unknown[]>(Prisma.sql`
    WITH forgotten AS (
      DELETE FROM "IdempotencyKey" WHERE ctid IN (
        SELECT ctid FROM "IdempotencyKey" WHERE "createdAt" < ${cutoff} AND NOT (principal = ${principal} AND key = ${key}) LIMIT 100)
    )
    INSERT INTO "IdempotencyKey" (principal, key, operation, fingerprint, "createdAt") VALUES (${principal}, ${key}, ${operation}, ${fingerprint}, now())
    ON CONFLICT (principal, key) DO UPDATE SET operation = EXCLUDED.operation, fingerprint = EXCLUDED.fingerprint, result = NULL, "createdAt" = EXCLUDED."createdAt"
      WHERE "IdempotencyKey"."createdAt" < ${cutoff}
    RETURNING 1`);
  if (claimed.length > 0) {
    return {
      replayed: false,
      record: async (result) => {
        await tx.$executeRaw`UPDATE "IdempotencyKey" SET result = ${storable(result)}::jsonb WHERE principal = ${principal} AND key = ${key}`;
      },
    };
  }
  const [earlier] = await tx.$queryRaw<{ operation: string; fingerprint: string; result: unknown }[]>`
    SELECT operation, fingerprint, result FROM "IdempotencyKey" WHERE principal = ${principal} AND key = ${key}`;
  if (!earlier || earlier.operation !== operation || earlier.fingerprint !== fingerprint) {
    throw new ConflictError('This idempotency key was already used for another request: send a new key with a new request');
  }
  return { replayed: true, result: earlier.result };
}

/** The result as JSON, without one-time secrets: they are shown once and stored only as hashes. */
function storable(result: unknown): string {
  return JSON.stringify(result ?? null, (name, value: unknown) => (name === 'secret' ? undefined : value));
}
