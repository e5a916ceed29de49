import { encodeGlobalID } from '@pothos/plugin-relay';
import type { DomainEvent } from '../domain-event.js';

/**
 * The JSON body of a webhook: `{ id, type, timestamp, data }` as Standard Webhooks suggests, ids as
 * the API's global ids (node(id:) reads them back). Written once, when the delivery is planned, and
 * sent byte for byte on every attempt.
 */
export function webhookBody(event: DomainEvent & { organizationId: string }): string {
  const { actor, target } = event;
  return JSON.stringify({
    id: event.id,
    type: event.type,
    timestamp: event.occurredAt.toISOString(),
    data: {
      organizationId: encodeGlobalID('Organization', event.organizationId),
      actor: { type: actor.type, id: actor.id && actor.type !== 'SYSTEM' ? encodeGlobalID(actor.type === 'USER' ? 'User' : 'Client', actor.id) : null },
      target: { type: target.type, id: encodeGlobalID(target.type, target.id) },
      changes: event.changes,
    },
  });
}
