import type { Context } from '../context.js';
import { randomUUID } from 'node:crypto';
import { EVENTS_CHANNEL } from '../events/channel.js';
import type { Tx } from './transaction.js';

export interface AuditEntry {
  organizationId: string | null;
  action: string;
  targetType: string;
  targetId: string;
  changes?: Record<string, unknown>;
  /**
   * A change made by the server on its own behalf (JIT provisioning, a SCIM directory): the actor is
   * SYSTEM with this id (`jit-provisioning`, `scim:<domainId>`), not the request's principal.
   */
  systemActor?: string;
}

/**
 * Writes the one audit entry of a mutation, inside the mutation's transaction (invariant 5). The
 * entry is the event: the same statement puts it in the outbox (src/events/relay.ts takes it from
 * there to the job queue) and notifies every server, which PostgreSQL does only at commit.
 */
export async function recordAudit(tx: Tx, ctx: Context, entry: AuditEntry): Promise<void> {
  const id = randomUUID();
  const { actorType, actorId } = actorOf(ctx, entry);
  // One statement, so that a mutation costs no more round trips than before the outbox.
  await tx.$executeRaw`
    WITH outbox AS (INSERT INTO "EventOutbox" (id) VALUES (${id})),
    audit AS (
      INSERT INTO "AuditLog" (id, "organizationId", "actorType", "actorId", action, "targetType", "targetId", changes, "requestId")
      VALUES (${id}, ${entry.organizationId}, ${actorType}::"ActorType", ${actorId}, ${entry.action}, ${entry.targetType}, ${entry.targetId},
              ${JSON.stringify(entry.changes ?? {})}::jsonb, ${ctx.requestId})
    )
    SELECT pg_notify(${EVENTS_CHANNEL}, ${id})`;
}

function actorOf(ctx: Context, entry: AuditEntry): { actorType: 'USER' | 'CLIENT' | 'SYSTEM'; actorId: string | null } {
  if (entry.systemActor !== undefined || !ctx.principal) return { actorType: 'SYSTEM', actorId: entry.systemActor ?? null };
  return ctx.principal.kind === 'user' ? { actorType: 'USER', actorId: ctx.principal.userId } : { actorType: 'CLIENT', actorId: ctx.principal.clientId };
}

/** { field: { from, to } } for the fields whose value changes. */
export function diffFields<T extends object>(before: T, patch: Partial<T>): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const [field, to] of Object.entries(patch)) {
    const from = (before as Record<string, unknown>)[field];
    if (to !== undefined && to !== from) changes[field] = { from, to };
  }
  return changes;
}
