import { addMember, leaveOrganization, removeMember, updateMember } from '../../services/members.js';
import { builder } from '../builder.js';
import { OrganizationIdInput } from '../organization/organization.mutations.js';
import { OrganizationRef } from '../organization/organization.type.js';
import { MemberStatusEnum, RoleEnum } from '../shared/enums.js';
import { mutationTaking, mutationWithInput } from '../shared/mutation.js';
import { MembershipEndedPayload, memberPayload } from './member.payload.js';
import { MemberRef } from './member.type.js';

builder.mutationField('addMember', (t) =>
  t.fieldWithInput({
    ...mutationWithInput('member.add', { type: 'An existing user to add to an organization.', argument: 'The user and role.' }),
    type: memberPayload('AddMemberPayload', 'The new membership.'),
    description:
      'Adds an existing user, by email, to an organization as an ACTIVE member. CONFLICT, with the numbers, when every seat of the organization’s license is taken. Needs member:write; the role is at most the caller’s own.',
    input: {
      organizationId: t.input.globalID({ for: OrganizationRef, required: true, description: 'The organization.' }),
      email: t.input.string({ required: true, description: 'Email of a user who has signed in before.' }),
      role: t.input.field({ type: RoleEnum, required: true, description: 'Role to give; at most the caller’s own.' }),
    },
    resolve: async (_root, { input }, ctx) => ({ memberId: await addMember(ctx, input.organizationId.id, { email: input.email, role: input.role }) }),
  }),
);

builder.mutationField('updateMember', (t) =>
  t.fieldWithInput({
    ...mutationWithInput('member.update', { type: 'Changes to a membership; absent fields stay as they are.', argument: 'The changes.' }),
    type: memberPayload('UpdateMemberPayload', 'The updated membership.'),
    description:
      'Changes a member’s role, status or authentication requirements. Needs member:write and a rank at least the member’s; the last owner stays an owner. Suspending frees the member’s seat; reactivating (SUSPENDED to ACTIVE) takes one again: CONFLICT, with the numbers, when none is free.',
    input: {
      memberId: t.input.globalID({ for: MemberRef, required: true, description: 'The membership.' }),
      role: t.input.field({ type: RoleEnum, required: false, description: 'New role: at most the caller’s own, never raising one’s own.' }),
      status: t.input.field({ type: MemberStatusEnum, required: false, description: 'Suspend or reactivate the membership.' }),
      requiredMfaAuth: t.input.boolean({
        required: false,
        description: 'Require a token with a second factor (see Member.requiredMfaAuth); takes effect on the member’s next request.',
      }),
      requiredSsoAuth: t.input.boolean({
        required: false,
        description: 'Require a token from the organization’s SSO sign-in (see Member.requiredSsoAuth); takes effect on the member’s next request.',
      }),
    },
    resolve: async (_root, { input: { memberId, role, status, requiredMfaAuth, requiredSsoAuth } }, ctx) => ({
      memberId: await updateMember(ctx, memberId.id, {
        role: role ?? undefined,
        status: status ?? undefined,
        requiredMfaAuth: requiredMfaAuth ?? undefined,
        requiredSsoAuth: requiredSsoAuth ?? undefined,
      }),
    }),
  }),
);

builder.mutationField('removeMember', (t) =>
  t.fieldWithInput({
    ...mutationWithInput('member.remove', { name: 'MemberIdInput', type: 'Names one membership.', argument: 'The membership.' }),
    type: MembershipEndedPayload,
    description:
      'Removes a member at once; its pending invitations become void. Needs member:write and a rank at least the member’s; the last owner cannot be removed.',
    input: { memberId: t.input.globalID({ for: MemberRef, required: true, description: 'The membership.' }) },
    resolve: (_root, { input }, ctx) => removeMember(ctx, input.memberId.id),
  }),
);

builder.mutationField('leaveOrganization', (t) =>
  t.field({
    ...mutationTaking(t.arg, 'organization.leave', OrganizationIdInput, 'The organization.'),
    type: MembershipEndedPayload,
    description: 'The caller leaves the organization; the last owner cannot leave.',
    resolve: (_root, { input }, ctx) => leaveOrganization(ctx, input.organizationId.id),
  }),
);
