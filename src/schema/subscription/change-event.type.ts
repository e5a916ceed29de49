import { encodeGlobalID } from '@pothos/plugin-relay';
import type { DomainEvent } from '../../events/domain-event.js';
import { targetId } from '../audit-log/audit-log.type.js';
import { builder } from '../builder.js';
import { reads } from '../shared/selected-columns.js';

/** What a subscription sends for one event: the event, and the node it is about. */
export interface ChangePayload {
  event: DomainEvent;
  /** The event's target, or for a bulk invitation one of the invitations it created: Prisma model name and raw id. */
  node: { type: string; id: string };
}

/** Options of a payload's field: computed from the event (or reading rows of its own), never from a page's row, so it names no columns. */
export const FROM_EVENT = reads();

/** The payload of an event about its own target. */
export const aboutTarget = (event: DomainEvent): ChangePayload => ({ event, node: event.target });

/** The fields every subscription payload shares: enough to refetch the node or update a cache. */
export const ChangeEventRef = builder.interfaceRef<ChangePayload>('ChangeEvent').implement({
  description:
    'A committed change, as subscriptions send it: which event, when, and the node it changed (refetch it with `node(id:)`, or update the cache entry of `nodeType:nodeId`).',
  fields: (t) => ({
    eventId: t.id({
      ...FROM_EVENT,
      description: 'The event’s id: the global id of its audit log entry, the same on every server and transport (use it to skip an event seen twice).',
      resolve: ({ event }) => encodeGlobalID('AuditLogEntry', event.id),
    }),
    type: t.string({
      ...FROM_EVENT,
      description: 'The event type: the audit action in the past tense, e.g. `member.added`, `invitation.created`, `stack.disabled`.',
      resolve: ({ event }) => event.type,
    }),
    occurredAt: t.field({
      ...FROM_EVENT,
      type: 'DateTime',
      description: 'When the change was committed.',
      resolve: ({ event }) => event.occurredAt,
    }),
    nodeType: t.string({
      ...FROM_EVENT,
      description: 'The type of the changed node, e.g. Member, Invitation or Stack.',
      resolve: ({ node }) => node.type,
    }),
    nodeId: t.id({
      ...FROM_EVENT,
      description: 'The changed node: its global id when `nodeType` has global ids (fetch it with `node(id:)` while it exists), else its raw id.',
      resolve: ({ node }, _args, _ctx, info) => targetId(info.schema, node.type, node.id),
    }),
  }),
});
