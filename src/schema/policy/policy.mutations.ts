import { idempotencyKeyField, idempotently } from '../shared/idempotency-key.js';
import {
  addPolicyScope,
  attachPolicyToGroup,
  attachPolicyToMember,
  createPolicy,
  deletePolicy,
  detachPolicyFromGroup,
  detachPolicyFromMember,
  removePolicyScope,
  updatePolicy,
} from '../../services/policies.js';
import { builder } from '../builder.js';
import { GroupRef } from '../group/group.type.js';
import { MemberRef } from '../member/member.type.js';
import { OrganizationRef } from '../organization/organization.type.js';
import { mutationTaking, mutationWithInput } from '../shared/mutation.js';
import { DeletePolicyPayload, policyGroupPayload, policyMemberPayload, policyPayload } from './policy.payload.js';
import { PolicyRef } from './policy.type.js';

// Built-in policies (the roles) are refused by every mutation here with ForbiddenError.

builder.mutationField('createPolicy', (t) =>
  t.fieldWithInput({
    ...mutationWithInput('policy.create', { type: 'A new custom policy.', argument: 'The policy.' }),
    type: policyPayload('CreatePolicyPayload', 'The policy created.'),
    description: 'Creates a custom policy. Needs policy:write and every scope the policy lists.',
    input: {
      organizationId: t.input.globalID({ for: OrganizationRef, required: true, description: 'The organization.' }),
      name: t.input.string({
        required: true,
        description: 'Display name, 1 to 100 characters, unique in the organization and distinct from the built-in names.',
      }),
      description: t.input.string({ required: false, description: 'Free text, up to 1000 characters.' }),
      scopes: t.input.stringList({
        required: true,
        description:
          'Catalog scopes (see the `scopes` query) and application scopes (`app:<alias>/<label>`, of applications enabled for the organization; BAD_USER_INPUT saying why otherwise), each held by the caller; duplicates are dropped.',
      }),
      idempotencyKey: idempotencyKeyField(t.input),
    },
    resolve: (_root, { input: { idempotencyKey, ...input } }, ctx) =>
      idempotently(ctx, 'createPolicy', idempotencyKey, input, async () => {
        const { organizationId, ...data } = input;
        return { policyId: await createPolicy(ctx, organizationId.id, data) };
      }),
  }),
);

builder.mutationField('updatePolicy', (t) =>
  t.fieldWithInput({
    ...mutationWithInput('policy.change', {
      type: 'Changes to a custom policy’s name or description; absent fields stay as they are.',
      argument: 'The changes.',
    }),
    type: policyPayload('UpdatePolicyPayload', 'The updated policy.'),
    description: 'Renames or describes a custom policy. Needs policy:write and every scope of the policy.',
    input: {
      policyId: t.input.globalID({ for: PolicyRef, required: true, description: 'The custom policy.' }),
      name: t.input.string({ required: false, description: 'New display name.' }),
      description: t.input.string({ required: false, description: 'New description; null clears it.' }),
    },
    resolve: async (_root, { input: { policyId, name, description } }, ctx) => ({
      policyId: await updatePolicy(ctx, policyId.id, { name: name ?? undefined, description }),
    }),
  }),
);

builder.mutationField('deletePolicy', (t) =>
  t.fieldWithInput({
    ...mutationWithInput('policy.change', { name: 'PolicyIdInput', type: 'Names one policy.', argument: 'The custom policy.' }),
    type: DeletePolicyPayload,
    description: 'Deletes a custom policy; whoever held scopes through it loses them at once. Needs policy:write and every scope of the policy.',
    input: { policyId: t.input.globalID({ for: PolicyRef, required: true, description: 'The policy.' }) },
    resolve: (_root, { input }, ctx) => deletePolicy(ctx, input.policyId.id),
  }),
);

const PolicyScopeInput = builder.inputType('PolicyScopeInput', {
  description: 'A scope to add to or remove from a custom policy.',
  fields: (t) => ({
    policyId: t.globalID({ for: PolicyRef, required: true, description: 'The custom policy.' }),
    scope: t.string({
      required: true,
      description:
        'A catalog scope (see the `scopes` query) or an application scope (`app:<alias>/<label>`); one to add must belong to an application enabled for the organization.',
    }),
  }),
});

builder.mutationField('addPolicyScope', (t) =>
  t.field({
    ...mutationTaking(t.arg, 'policy.change', PolicyScopeInput, 'The policy and scope.'),
    type: policyPayload('AddPolicyScopePayload', 'The policy with the scope added.'),
    description: 'Adds a scope to a custom policy. Needs policy:write, every scope of the policy and the new one; CONFLICT when the policy has it already.',
    resolve: async (_root, { input }, ctx) => ({ policyId: await addPolicyScope(ctx, input.policyId.id, { scope: input.scope }) }),
  }),
);

builder.mutationField('removePolicyScope', (t) =>
  t.field({
    ...mutationTaking(t.arg, 'policy.change', PolicyScopeInput, 'The policy and scope.'),
    type: policyPayload('RemovePolicyScopePayload', 'The policy with the scope removed.'),
    description: 'Removes a scope from a custom policy. Needs policy:write and every scope of the policy; CONFLICT when the policy lacks it.',
    resolve: async (_root, { input }, ctx) => ({ policyId: await removePolicyScope(ctx, input.policyId.id, { scope: input.scope }) }),
  }),
);

const PolicyMemberInput = builder.inputType('PolicyMemberInput', {
  description: 'A custom policy and a member of the same organization.',
  fields: (t) => ({
    policyId: t.globalID({ for: PolicyRef, required: true, description: 'The custom policy.' }),
    memberId: t.globalID({ for: MemberRef, required: true, description: 'The member.' }),
  }),
});

builder.mutationField('attachPolicyToMember', (t) =>
  t.field({
    ...mutationTaking(t.arg, 'policy.attachToMember', PolicyMemberInput, 'The policy and member.'),
    type: policyMemberPayload('AttachPolicyToMemberPayload', 'The policy and the member it is now attached to.'),
    description:
      'Gives a member a custom policy’s scopes. Needs policy:write, every scope of the policy, and a rank at least the member’s; CONFLICT when already attached.',
    resolve: async (_root, { input }, ctx) => {
      await attachPolicyToMember(ctx, input.policyId.id, input.memberId.id);
      return { policyId: input.policyId.id, memberId: input.memberId.id };
    },
  }),
);

builder.mutationField('detachPolicyFromMember', (t) =>
  t.field({
    ...mutationTaking(t.arg, 'policy.attachToMember', PolicyMemberInput, 'The policy and member.'),
    type: policyMemberPayload('DetachPolicyFromMemberPayload', 'The policy and the member it was detached from.'),
    description:
      'Takes a custom policy from a member, effective at once. Needs policy:write, every scope of the policy, and a rank at least the member’s; CONFLICT when not attached.',
    resolve: async (_root, { input }, ctx) => {
      await detachPolicyFromMember(ctx, input.policyId.id, input.memberId.id);
      return { policyId: input.policyId.id, memberId: input.memberId.id };
    },
  }),
);

const PolicyGroupInput = builder.inputType('PolicyGroupInput', {
  description: 'A custom policy and a group of the same organization.',
  fields: (t) => ({
    policyId: t.globalID({ for: PolicyRef, required: true, description: 'The custom policy.' }),
    groupId: t.globalID({ for: GroupRef, required: true, description: 'The group.' }),
  }),
});

builder.mutationField('attachPolicyToGroup', (t) =>
  t.field({
    ...mutationTaking(t.arg, 'policy.change', PolicyGroupInput, 'The policy and group.'),
    type: policyGroupPayload('AttachPolicyToGroupPayload', 'The policy and the group it is now attached to.'),
    description: 'Gives every member of a group a custom policy’s scopes. Needs policy:write and every scope of the policy; CONFLICT when already attached.',
    resolve: async (_root, { input }, ctx) => {
      await attachPolicyToGroup(ctx, input.policyId.id, input.groupId.id);
      return { policyId: input.policyId.id, groupId: input.groupId.id };
    },
  }),
);

builder.mutationField('detachPolicyFromGroup', (t) =>
  t.field({
    ...mutationTaking(t.arg, 'policy.change', PolicyGroupInput, 'The policy and group.'),
    type: policyGroupPayload('DetachPolicyFromGroupPayload', 'The policy and the group it was detached from.'),
    description:
      'Takes a custom policy from a group, effective at once for its members. Needs policy:write and every scope of the policy; CONFLICT when not attached.',
    resolve: async (_root, { input }, ctx) => {
      await detachPolicyFromGroup(ctx, input.policyId.id, input.groupId.id);
      return { policyId: input.policyId.id, groupId: input.groupId.id };
    },
  }),
);
