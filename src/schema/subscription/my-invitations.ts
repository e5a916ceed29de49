import { userOf } from '../../auth/principal.js';
import { visibleInvitations } from '../../auth/visibility.js';
import type { Context } from '../../context.js';
import type { DomainEvent } from '../../events/domain-event.js';
import { eventTypeOf } from '../../events/event-types.js';
import { builder } from '../builder.js';
import { ChangeEventRef, type ChangePayload, FROM_EVENT } from './change-event.type.js';
import { delivered, eventFeed } from './event-feed.js';

/** The events that send an invitation: inviting one address or several, delegating onboarding, resending. */
const INVITING = new Set(['invitation.create', 'invitation.bulk_create', 'invitation.delegate', 'invitation.resend'].map(eventTypeOf));

const InvitationEventRef = builder.objectRef<ChangePayload>('InvitationEvent').implement({
  description: 'An invitation addressed to the subscriber was sent (or sent again).',
  interfaces: [ChangeEventRef],
  fields: (t) => ({
    invitation: t.prismaField({
      ...FROM_EVENT,
      type: 'Invitation',
      nullable: true,
      description: 'The invitation as it is now; null when it is no longer addressed to the subscriber.',
      resolve: (query, { node }, _args, ctx) => ctx.prisma.invitation.findFirst({ ...query, where: { id: node.id, ...visibleInvitations(ctx.principal) } }),
    }),
  }),
});

/** The invitations an inviting event sent to the caller: its target, or those of a bulk invitation. */
async function invitationsToCaller(ctx: Context, event: DomainEvent): Promise<ChangePayload[]> {
  const email = userOf(ctx.principal)?.email;
  if (!email) return [];
  const ids = event.target.type === 'Invitation' ? [event.target.id] : ((event.changes.invitationIds as string[] | undefined) ?? []);
  const mine = await ctx.prisma.invitation.findMany({
    where: { id: { in: ids }, email: { equals: email, mode: 'insensitive' } },
    select: { id: true },
    orderBy: { createdAt: 'asc' },
  });
  return mine.map(({ id }) => ({ event, node: { type: 'Invitation', id } }));
}

builder.subscriptionField('myInvitations', (t) =>
  t.field({
    type: InvitationEventRef,
    description:
      'Invitations addressed to the signed-in user’s email as they are sent: invited alone or in bulk, as an onboarding delegation, or sent again. Users only (a service client is FORBIDDEN).',
    authScopes: { action: 'user.self' },
    subscribe: (_root, _args, ctx) =>
      eventFeed(ctx, {
        concerns: (event) => INVITING.has(event.type),
        payloads: (event) => invitationsToCaller(ctx, event),
      }),
    resolve: delivered,
  }),
);
