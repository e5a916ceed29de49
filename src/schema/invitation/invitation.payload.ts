import type { DomainError } from '../../errors.js';
import { builder } from '../builder.js';
import { changedRow, changedRowsPayload } from '../shared/payload.js';
import { reads } from '../shared/selected-columns.js';

/** A mutation payload with the invitation after the change. */
export const invitationPayload = changedRowsPayload({ invitation: ['Invitation', 'invitationId', 'The invitation after the change.'] });

/** Payload of inviteMember and delegateOnboarding. */
export const InviteMemberPayload = builder.objectRef<{ invitationId: string; created: boolean }>('InviteMemberPayload').implement({
  description: 'The invitation: new, or the pending one for that address returned again.',
  fields: (t) => ({
    invitation: changedRow(t, 'Invitation', 'invitationId', 'The pending invitation.'),
    created: t.exposeBoolean('created', { description: 'False when a pending invitation for the address already existed.' }),
  }),
});

type InvitedAddress = { email: string; invitationId: string; created: boolean };

const InvitedAddressRef = builder.objectRef<InvitedAddress>('InvitedAddress').implement({
  description: 'An address of a bulk invitation that now has a pending invitation.',
  fields: (t) => ({
    email: t.exposeString('email', { description: 'The address, trimmed and lower-cased.' }),
    invitation: t.prismaField({
      type: 'Invitation',
      description: 'The pending invitation.',
      // Not a row: the address's own object, never paged; only its invitationId is read.
      ...reads('invitationId'),
      resolve: (query, item, _args, ctx) => ctx.prisma.invitation.findUniqueOrThrow({ ...query, where: { id: item.invitationId } }),
    }),
    created: t.exposeBoolean('created', { description: 'False when a pending invitation for the address already existed.' }),
  }),
});

/** Payload of inviteMembers: an outcome for each address. */
export const InviteMembersPayload = builder.objectRef<{ results: (InvitedAddress | DomainError)[] }>('InviteMembersPayload').implement({
  description: 'One outcome per address, in the order sent.',
  fields: (t) => ({
    results: t.field({
      type: [InvitedAddressRef],
      description: 'The outcomes, in the order of the input: the invited address, or why it was not invited.',
      // Each failed address is a typed error item of the union, next to the successes.
      itemErrors: { union: { name: 'InvitationOutcome' } },
      // plugin-errors turns the Error items into their typed error objects.
      resolve: (payload) => payload.results as InvitedAddress[],
    }),
  }),
});

/** Payload of acceptInvitation. */
export const AcceptInvitationPayload = changedRowsPayload({
  member: ['Member', 'memberId', 'The caller’s new membership.'],
  invitation: ['Invitation', 'invitationId', 'The invitation, now ACCEPTED.'],
})('AcceptInvitationPayload', 'The accepted invitation and the new membership.');
