import { ValidationError } from '../../errors.js';
import {
  type AcceptTarget,
  acceptInvitation,
  cancelInvitation,
  declineInvitation,
  inviteMember,
  inviteMembers,
  resendInvitation,
} from '../../services/invitations.js';
import { delegateOnboarding } from '../../services/onboarding-delegation.js';
import { builder } from '../builder.js';
import { OrganizationRef } from '../organization/organization.type.js';
import { RoleEnum } from '../shared/enums.js';
import { idInput, mutationTaking, mutationWithInput } from '../shared/mutation.js';
import { AcceptInvitationPayload, invitationPayload, InviteMemberPayload, InviteMembersPayload } from './invitation.payload.js';
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

builder.mutationField('inviteMember', (t) =>
  t.fieldWithInput({
    ...mutationWithInput('invitation.create', { type: 'An invitation to send.', argument: 'The invitation.' }),
    type: InviteMemberPayload,
    description:
      'Invites an email address, which is emailed an accept link. Inviting a pending address again returns its invitation, with the role asked for now (no new email). Seats are not checked here: an organization whose seats are all taken may still invite, and acceptInvitation is then a CONFLICT until a seat is free (see organization.license.seatsAvailable). Needs invitation:write.',
    input: {
      organizationId: t.input.globalID({ for: OrganizationRef, required: true, description: 'The organization.' }),
      ...inviteeFields(t.input),
    },
    resolve: (_root, { input: { organizationId, ...invite } }, ctx) => inviteMember(ctx, organizationId.id, invite),
  }),
);

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
    description:
      'Invites several addresses in one transaction; each address succeeds or fails on its own, and each new invitation is emailed. Like inviteMember, seats are checked when an invitation is accepted, not here. Needs invitation:write.',
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

const InvitationIdInput = idInput('InvitationIdInput', 'Names one invitation.', 'invitationId', InvitationRef, 'The invitation.');

const invitationMutations = [
  [
    'resendInvitation',
    'ResendInvitation',
    'Gives a pending invitation a new expiry and emails it again with a new accept link; earlier links stop working. Needs invitation:write.',
    resendInvitation,
    'invitation.manage',
  ],
  ['cancelInvitation', 'CancelInvitation', 'Cancels a pending invitation. Needs invitation:write.', cancelInvitation, 'invitation.manage'],
  ['declineInvitation', 'DeclineInvitation', 'The invitee declines a pending invitation addressed to it.', declineInvitation, 'user.self'],
] as const;

for (const [field, typeName, description, run, action] of invitationMutations) {
  builder.mutationField(field, (t) =>
    t.field({
      ...mutationTaking(t.arg, action, InvitationIdInput, 'The invitation.'),
      type: invitationPayload(`${typeName}Payload`, 'The invitation after the change.'),
      description,
      resolve: async (_root, { input }, ctx) => ({ invitationId: await run(ctx, input.invitationId.id) }),
    }),
  );
}

const AcceptInvitationInput = builder.inputType('AcceptInvitationInput', {
  description: 'Names the invitation to accept, in exactly one of three ways.',
  fields: (t) => ({
    invitationId: t.globalID({ for: InvitationRef, required: false, description: 'The invitation, as `me.invitations` lists it.' }),
    token: t.string({
      required: false,
      description:
        'The `token` query parameter of the invitation email’s accept link. NOT_FOUND when it is not of the latest email, used, expired, or addressed to someone else.',
    }),
    organizationId: t.globalID({ for: OrganizationRef, required: false, description: 'The organization whose pending invitation to the caller is accepted.' }),
  }),
});

builder.mutationField('acceptInvitation', (t) =>
  t.field({
    ...mutationTaking(t.arg, 'user.self', AcceptInvitationInput, 'The invitation: its id, its link token, or its organization.'),
    type: AcceptInvitationPayload,
    description:
      'The invitee accepts a pending, unexpired invitation addressed to its email, once; it becomes an ACTIVE member with the invited role. CONFLICT, with the numbers, when every seat of the organization’s license is taken (the invitation stays pending). Names the invitation by exactly one of its id, the token of its email’s link, or its organization.',
    resolve: async (_root, { input }, ctx) => {
      const { memberId, invitationId } = await acceptInvitation(ctx, acceptTarget(input));
      return { memberId, invitationId };
    },
  }),
);

/** The one way the input names the invitation (BAD_USER_INPUT for none or several). */
function acceptTarget(input: { invitationId?: { id: string } | null; token?: string | null; organizationId?: { id: string } | null }): AcceptTarget {
  const given = [input.invitationId && 'invitationId', input.token != null && 'token', input.organizationId && 'organizationId'].filter(Boolean);
  if (given.length !== 1) {
    throw new ValidationError('Name the invitation by exactly one of invitationId, token and organizationId', [
      { path: ['input'], message: 'exactly one of invitationId, token, organizationId' },
    ]);
  }
  if (input.invitationId) return { invitationId: input.invitationId.id };
  if (input.organizationId) return { organizationId: input.organizationId.id };
  return { token: input.token! };
}
