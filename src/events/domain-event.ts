/**
 * An event: one committed mutation, read from its audit entry (invariant 5: every successful
 * mutation writes exactly one, in its own transaction). Nothing is announced that did not commit.
 */
export interface DomainEvent {
  /** The audit entry's id: stable across redeliveries (webhook-id, subscription cursor). */
  id: string;
  /** Past tense of the audit action: `member.add` → `member.added` (src/events/event-types.ts). */
  type: string;
  /** The audit entry's action, as the audit log shows it. */
  action: string;
  /** Null for changes outside any organization (a platform region, a user). */
  organizationId: string | null;
  actor: { type: 'USER' | 'CLIENT' | 'SYSTEM'; id: string | null };
  /** The changed record: its Prisma model name (`Member`, `Invitation`, `Stack`…) and id. */
  target: { type: string; id: string };
  /** What the audit entry records: { field: { from, to } }, or the created values. */
  changes: Record<string, unknown>;
  occurredAt: Date;
  requestId: string | null;
}
