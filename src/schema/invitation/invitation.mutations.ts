import type { DomainError } from '../../errors.js';
import { acceptInvitation, cancelInvitation, declineInvitation, inviteMember, inviteMembers, resendInvitation } from '../../services/invitations.js';
import { delegateOnboarding } from '../../services/onboarding-delegation.js';
import { builder } from '../builder.js';
import { OrganizationRef } from '../organization/organization.type.js';
import { RoleEnum } from '../shared/enums.js';
import { inputArgument, mutation, mutationWithInput } from '../shared/mutation.js';
import { reads } from '../shared/selected-columns.js';
import { invitationPayload } from './invitation.payload.js';
import { InvitationRef } from './invitation.type.js';

type InputFieldBuilder = Parameters<NonNullable<Parameters<typeof builder.inputType>[1]['fields']>>[0];

/** The fields of one invitee, shared by inviteMember and each item of inviteMembers. */
const inviteeFields = (t: InputFieldBuilder) => ({
  email: t.string({ required: true, description: 'Email address of the invitee.' }),
  role: t.field({ type: RoleEnum, required: true, description: 'Role on accepting; at most the caller’s own.' }),
  message: t.string({ required: false, description: 'Personal message, up to 2000 characters.' }),
  firstName: t.string({ required: false, description: 'First name of the invitee, to greet them; up to 100 characters.' }),
});

const InviteeInput = builder.inputType('InviteeInput', { description: 'One address to invite.', fields: inviteeFields });

const InviteMemberPayload = builder.objectRef<{ invitationId: string; created: boolean }>('InviteMemberPayload').implement({
  description: 'The invitation: new, or the pending one for that address returned again.',
  fields: (t) => ({
    invitation: t.prismaField({
      type: 'Invitation',
      description: 'The pending invitation.',
      resolve: (query, p, _args, ctx) => ctx.prisma.invitation.findUniqueOrThrow({ ...query, where: { id: p.invitationId } }),
    }),
    created: t.exposeBoolean('created', { description: 'False when a pending invitation for the address already existed.' }),
  }),
});

builder.mutationField('inviteMember', (t) =>
  t.fieldWithInput({
    ...mutationWithInput('invitation.create', { type: 'An invitation to send.', argument: 'The invitation.' }),
    type: InviteMemberPayload,
    description: 'Invites an email address. Inviting a pending address again returns its invitation. Needs invitation:write.',
    input: {
      organizationId: t.input.globalID({ for: OrganizationRef, required: true, description: 'The organization.' }),
      ...inviteeFields(t.input),
    },
    resolve: (_root, { input: { organizationId, ...invite } }, ctx) => inviteMember(ctx, organizationId.id, invite),
  }),
);

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

const InviteMembersPayload = builder.objectRef<{ results: (InvitedAddress | DomainError)[] }>('InviteMembersPayload').implement({
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

builder.mutationField('delegateOnboarding', (t) =>
  t.fieldWithInput({
    ...mutationWithInput('invitation.delegateOnboarding', { type: 'Whom to hand the organization’s onboarding to.', argument: 'The delegation.' }),
    type: InviteMemberPayload,
    description:
      'Hands the organization’s onboarding to someone else: an ADMIN invitation flagged as a delegation (isDelegation, stepAtDelegation), and the caller’s membership records that it delegated (onboardingDelegatedAt). Users only; needs invitation:write and at least ADMIN rank. A pending delegation to the same address is returned again; a pending ordinary invitation is a CONFLICT.',
    input: {
      organizationId: t.input.globalID({ for: OrganizationRef, required: true, description: 'The organization.' }),
      email: t.input.string({ required: true, description: 'Email address of the person who takes over the setup.' }),
      message: t.input.string({ required: false, description: 'Personal message, up to 2000 characters.' }),
      stepAtDelegation: t.input.string({ required: false, description: 'The onboarding step the caller had reached, up to 100 characters.' }),
    },
    resolve: (_root, { input: { organizationId, ...delegation } }, ctx) => delegateOnboarding(ctx, organizationId.id, delegation),
  }),
);

builder.mutationField('inviteMembers', (t) =>
  t.fieldWithInput({
    ...mutationWithInput('invitation.create', { type: 'Several invitations to send at once.', argument: 'The invitations.' }),
    type: InviteMembersPayload,
    description: 'Invites several addresses in one transaction; each address succeeds or fails on its own. Needs invitation:write.',
    input: {
      organizationId: t.input.globalID({ for: OrganizationRef, required: true, description: 'The organization.' }),
      invitations: t.input.field({ type: [InviteeInput], required: true, description: 'The addresses, 1 to MAX_BULK_INVITATIONS (default 100).' }),
    },
    resolve: async (_root, { input }, ctx) => {
      const outcomes = await inviteMembers(ctx, input.organizationId.id, input.invitations);
      return { results: outcomes.map((outcome) => ('error' in outcome ? outcome.error : outcome)) };
    },
  }),
);

const InvitationIdInput = builder.inputType('InvitationIdInput', {
  description: 'Names one invitation.',
  fields: (t) => ({ invitationId: t.globalID({ for: InvitationRef, required: true, description: 'The invitation.' }) }),
});

const invitationMutations = [
  ['resendInvitation', 'ResendInvitation', 'Gives a pending invitation a new expiry. Needs invitation:write.', resendInvitation, 'invitation.manage'],
  ['cancelInvitation', 'CancelInvitation', 'Cancels a pending invitation. Needs invitation:write.', cancelInvitation, 'invitation.manage'],
  ['declineInvitation', 'DeclineInvitation', 'The invitee declines a pending invitation addressed to it.', declineInvitation, 'user.self'],
] as const;

for (const [field, typeName, description, run, action] of invitationMutations) {
  builder.mutationField(field, (t) =>
    t.field({
      ...mutation(action),
      type: invitationPayload(`${typeName}Payload`, 'The invitation after the change.'),
      description,
      args: inputArgument(t.arg, InvitationIdInput, 'The invitation.'),
      resolve: async (_root, { input }, ctx) => ({ invitationId: await run(ctx, input.invitationId.id) }),
    }),
  );
}

const AcceptInvitationPayload = builder.objectRef<{ memberId: string; invitationId: string }>('AcceptInvitationPayload').implement({
  description: 'The accepted invitation and the new membership.',
  fields: (t) => ({
    member: t.prismaField({
      type: 'Member',
      description: 'The caller’s new membership.',
      resolve: (query, p, _args, ctx) => ctx.prisma.member.findUniqueOrThrow({ ...query, where: { id: p.memberId } }),
    }),
    invitation: t.prismaField({
      type: 'Invitation',
      description: 'The invitation, now ACCEPTED.',
      resolve: (query, p, _args, ctx) => ctx.prisma.invitation.findUniqueOrThrow({ ...query, where: { id: p.invitationId } }),
    }),
  }),
});

builder.mutationField('acceptInvitation', (t) =>
  t.field({
    ...mutation('user.self'),
    type: AcceptInvitationPayload,
    description: 'The invitee accepts a pending, unexpired invitation addressed to its email, once; it becomes a member with the invited role.',
    args: inputArgument(t.arg, InvitationIdInput, 'The invitation.'),
    resolve: async (_root, { input }, ctx) => {
      const { memberId } = await acceptInvitation(ctx, input.invitationId.id);
      return { memberId, invitationId: input.invitationId.id };
    },
  }),
);

