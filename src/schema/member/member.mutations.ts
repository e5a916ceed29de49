import { addMember, leaveOrganization, removeMember, updateMember } from '../../services/members.js';
import { builder } from '../builder.js';
import { OrganizationIdInput } from '../organization/organization.mutations.js';
import { OrganizationRef } from '../organization/organization.type.js';
import { MemberStatusEnum, RoleEnum } from '../shared/enums.js';
import { mutationErrors } from '../shared/errors.js';
import { MembershipEndedPayload, memberPayload } from './member.payload.js';
import { MemberRef } from './member.type.js';

const AddMemberInput = builder.inputType('AddMemberInput', {
  description: 'An existing user to add to an organization.',
  fields: (t) => ({
    organizationId: t.globalID({ for: OrganizationRef, required: true, description: 'The organization.' }),
    email: t.string({ required: true, description: 'Email of a user who has signed in before.' }),
    role: t.field({ type: RoleEnum, required: true, description: 'Role to give; at most the caller’s own.' }),
  }),
});

builder.mutationField('addMember', (t) =>
  t.field({
    type: memberPayload('AddMemberPayload', 'The new membership.'),
    description: 'Adds an existing user, by email, to an organization. Needs member:write; the role is at most the caller’s own.',
    errors: mutationErrors('AddMemberResult'),
    authScopes: { action: 'member.add' },
    args: { input: t.arg({ type: AddMemberInput, required: true, description: 'The user and role.' }) },
    resolve: async (_root, { input }, ctx) => ({ memberId: await addMember(ctx, input.organizationId.id, { email: input.email, role: input.role }) }),
  }),
);

const UpdateMemberInput = builder.inputType('UpdateMemberInput', {
  description: 'Changes to a membership; absent fields stay as they are.',
  fields: (t) => ({
    memberId: t.globalID({ for: MemberRef, required: true, description: 'The membership.' }),
    role: t.field({ type: RoleEnum, required: false, description: 'New role: at most the caller’s own, never raising one’s own.' }),
    status: t.field({ type: MemberStatusEnum, required: false, description: 'Suspend or reactivate the membership.' }),
    requiredMfaAuth: t.boolean({ required: false, description: 'Require multi-factor authentication.' }),
    requiredSsoAuth: t.boolean({ required: false, description: 'Require sign-in through the organization’s SSO.' }),
  }),
});

builder.mutationField('updateMember', (t) =>
  t.field({
    type: memberPayload('UpdateMemberPayload', 'The updated membership.'),
    description: 'Changes a member’s role, status or authentication requirements. Needs member:write and a rank at least the member’s; the last owner stays an owner.',
    errors: mutationErrors('UpdateMemberResult'),
    authScopes: { action: 'member.update' },
    args: { input: t.arg({ type: UpdateMemberInput, required: true, description: 'The changes.' }) },
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

const MemberIdInput = builder.inputType('MemberIdInput', {
  description: 'Names one membership.',
  fields: (t) => ({ memberId: t.globalID({ for: MemberRef, required: true, description: 'The membership.' }) }),
});

builder.mutationField('removeMember', (t) =>
  t.field({
    type: MembershipEndedPayload,
    description: 'Removes a member at once; its pending invitations become void. Needs member:write and a rank at least the member’s; the last owner cannot be removed.',
    errors: mutationErrors('RemoveMemberResult'),
    authScopes: { action: 'member.remove' },
    args: { input: t.arg({ type: MemberIdInput, required: true, description: 'The membership.' }) },
    resolve: (_root, { input }, ctx) => removeMember(ctx, input.memberId.id),
  }),
);

builder.mutationField('leaveOrganization', (t) =>
  t.field({
    type: MembershipEndedPayload,
    description: 'The caller leaves the organization; the last owner cannot leave.',
    errors: mutationErrors('LeaveOrganizationResult'),
    authScopes: { action: 'organization.leave' },
    args: { input: t.arg({ type: OrganizationIdInput, required: true, description: 'The organization.' }) },
    resolve: (_root, { input }, ctx) => leaveOrganization(ctx, input.organizationId.id),
  }),
);
