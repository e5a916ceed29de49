import type { PrismaClient } from '../db/client.js';
import { EVENTS_CHANNEL } from './channel.js';

export interface ReplayRange {
  since: Date;
  until?: Date;
  /** Only this organization's events. */
  organizationId?: string;
}

/**
 * Puts the events of a time range back into the outbox, so that every consumer handles them again
 * (webhooks are delivered again with their original webhook-id, for receivers to recognise; an
 * invitation email goes out again only for an invitation still pending). Events already waiting
 * in the outbox are not doubled. Returns how many were put back.
 */
export async function replayEvents(prisma: PrismaClient, { since, until, organizationId }: ReplayRange): Promise<number> {
  const count = await prisma.$executeRaw`
    INSERT INTO "EventOutbox" (id, "createdAt")
    SELECT id, "createdAt" FROM "AuditLog"
    WHERE "createdAt" >= ${since} AND "createdAt" < ${until ?? new Date('9999-01-01')}
      AND (${organizationId ?? null}::text IS NULL OR "organizationId" = ${organizationId ?? null})
    ON CONFLICT (id) DO NOTHING`;
  // Wakes the running servers' relays (they also sweep every EVENTS_SWEEP_INTERVAL_MS).
  await prisma.$executeRaw`SELECT pg_notify(${EVENTS_CHANNEL}, '')`;
  return count;
}
