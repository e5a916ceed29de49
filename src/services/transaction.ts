import { Prisma } from '../db/generated/prisma/client.js';
import type { Context } from '../context.js';
import { ConflictError } from '../errors.js';
import { claimIdempotencyKey } from './idempotency.js';

export type Tx = Prisma.TransactionClient;

/**
 * Runs a write in one transaction. A unique-constraint race (two requests creating the same
 * membership) surfaces as a CONFLICT instead of an internal error. A create called with an
 * idempotency key (services/idempotency.ts) claims it first, and replays instead of running
 * again when the key was used before.
 */
export async function inTransaction<T>(ctx: Context, work: (tx: Tx) => Promise<T>): Promise<T> {
  const keyed = async (tx: Tx): Promise<T> => {
    const claim = await claimIdempotencyKey(tx);
    if (claim?.replayed) return claim.result as T;
    const result = await work(tx);
    await claim?.record(result);
    return result;
  };
  try {
    // Its waits are the client's (DATABASE_TRANSACTION_TIMEOUT_MS, src/db/client.ts).
    return await ctx.prisma.$transaction(keyed);
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw new ConflictError('This already exists');
    }
    throw error;
  }
}

/** Serializes membership changes of one organization (owner counts must not race). */
export async function lockOrganization(tx: Tx, organizationId: string): Promise<boolean> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Organization" WHERE id = ${organizationId} FOR UPDATE`;
  return rows.length > 0;
}
