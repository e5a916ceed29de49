import { Prisma } from '../db/generated/prisma/client.js';
import { ConflictError } from '../errors.js';
import type { Tx } from './transaction.js';

// A license's seats are its ACTIVE members: a suspended member (SCIM deprovisioning, an admin)
// frees its seat, and a pending invitation takes none until it is accepted. The check runs in the
// transaction that makes a member ACTIVE, under the organization lock, so two concurrent joins
// cannot both take the last seat.

/** Seats the organization may fill (null: no limit) and ACTIVE members now. */
export interface SeatUsage {
  seats: number | null;
  used: number;
}

/** The organization's seat limit (an unexpired license's; none on the free plan) and its ACTIVE members, in one statement. */
export async function seatUsage(tx: Tx, organizationId: string): Promise<SeatUsage> {
  const [row] = await tx.$queryRaw<{ seats: number | null; used: number }[]>(Prisma.sql`
    SELECT CASE WHEN l."expiresAt" IS NULL OR l."expiresAt" > now() THEN l."seats" END AS seats,
           (SELECT count(*)::int FROM "Member" m WHERE m."organizationId" = o."id" AND m."status" = 'ACTIVE') AS used
    FROM "Organization" o LEFT JOIN "License" l ON l."id" = o."licenseId"
    WHERE o."id" = ${organizationId}`);
  return { seats: row?.seats ?? null, used: row?.used ?? 0 };
}

/** CONFLICT, with the numbers, when one more ACTIVE member would exceed the seats. Call under the organization lock. */
export async function requireFreeSeat(tx: Tx, organizationId: string): Promise<void> {
  const { seats, used } = await seatUsage(tx, organizationId);
  if (seats !== null && used >= seats) {
    throw new ConflictError(
      `All ${seats} seats of the organization's license are taken (${used} active members): free a seat or raise the license's seats first`,
    );
  }
}
