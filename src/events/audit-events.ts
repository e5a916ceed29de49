import type { PrismaClient } from '../db/client.js';
import type { Tx } from '../services/transaction.js';
import type { DomainEvent } from './domain-event.js';
import { eventTypeOf } from './event-types.js';

/** The events of these audit entries, oldest first (ids of entries that do not exist are left out). */
export async function loadEvents(db: PrismaClient | Tx, ids: string[]): Promise<DomainEvent[]> {
  if (ids.length === 0) return [];
  const entries = await db.auditLog.findMany({ where: { id: { in: ids } }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  return entries.map((entry) => ({
    id: entry.id,
    type: eventTypeOf(entry.action),
    action: entry.action,
    organizationId: entry.organizationId,
    actor: { type: entry.actorType, id: entry.actorId },
    target: { type: entry.targetType, id: entry.targetId },
    changes: (entry.changes ?? {}) as Record<string, unknown>,
    occurredAt: entry.createdAt,
    requestId: entry.requestId,
  }));
}
