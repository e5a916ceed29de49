import type { Context } from '../context.js';
import type { Prisma } from '../db/generated/prisma/client.js';
import type { Tx } from './transaction.js';

export interface AuditEntry {
  organizationId: string | null;
  action: string;
  targetType: string;
  targetId: string;
  changes?: Record<string, unknown>;
}

/** Writes the one audit entry of a mutation, inside the mutation's transaction (invariant 5). */
export async function recordAudit(tx: Tx, ctx: Context, entry: AuditEntry): Promise<void> {
  await tx.auditLog.create({
    data: {
      organizationId: entry.organizationId,
      actorType: ctx.principal ? (ctx.principal.kind === 'user' ? 'USER' : 'CLIENT') : 'SYSTEM',
      actorId: ctx.principal ? (ctx.principal.kind === 'user' ? ctx.principal.userId : ctx.principal.clientId) : null,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId,
      changes: (entry.changes ?? {}) as Prisma.InputJsonValue,
      requestId: ctx.requestId,
    },
  });
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
