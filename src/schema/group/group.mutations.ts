import { idempotencyKeyField, idempotently } from '../shared/idempotency-key.js';
import { addGroupMember, createGroup, deleteGroup, removeGroupMember, updateGroup } from '../../services/groups.js';
import { builder } from '../builder.js';
import { MemberRef } from '../member/member.type.js';
import { OrganizationRef } from '../organization/organization.type.js';
import { mutationTaking, mutationWithInput } from '../shared/mutation.js';
import { DeleteGroupPayload, groupMemberPayload, groupPayload } from './group.payload.js';
import { GroupRef } from './group.type.js';

builder.mutationField('createGroup', (t) =>
  t.fieldWithInput({
    ...mutationWithInput('group.create', { type: 'A new group.', argument: 'The group.' }),
    type: groupPayload('CreateGroupPayload', 'The group created, without members or policies.'),
    description: 'Creates a group. Needs group:write.',
    input: {
      organizationId: t.input.globalID({ for: OrganizationRef, required: true, description: 'The organization.' }),
      name: t.input.string({ required: true, description: 'Display name, 1 to 100 characters, unique in the organization.' }),
      description: t.input.string({ required: false, description: 'Free text, up to 1000 characters.' }),
      idempotencyKey: idempotencyKeyField(t.input),
    },
    resolve: (_root, { input: { idempotencyKey, ...input } }, ctx) =>
      idempotently(ctx, 'createGroup', idempotencyKey, input, async () => {
        const { organizationId, ...data } = input;
        return { groupId: await createGroup(ctx, organizationId.id, data) };
      }),
  }),
);

builder.mutationField('updateGroup', (t) =>
  t.fieldWithInput({
    ...mutationWithInput('group.update', { type: 'Changes to a group’s name or description; absent fields stay as they are.', argument: 'The changes.' }),
    type: groupPayload('UpdateGroupPayload', 'The updated group.'),
    description: 'Renames or describes a group. Needs group:write.',
    input: {
      groupId: t.input.globalID({ for: GroupRef, required: true, description: 'The group.' }),
      name: t.input.string({ required: false, description: 'New display name.' }),
      description: t.input.string({ required: false, description: 'New description; null clears it.' }),
    },
    resolve: async (_root, { input: { groupId, name, description } }, ctx) => ({
      groupId: await updateGroup(ctx, groupId.id, { name: name ?? undefined, description }),
    }),
  }),
);

builder.mutationField('deleteGroup', (t) =>
  t.fieldWithInput({
    ...mutationWithInput('group.manage', { name: 'GroupIdInput', type: 'Names one group.', argument: 'The group.' }),
    type: DeleteGroupPayload,
    description: 'Deletes a group; its members lose its policies at once. Needs group:write and every scope the group’s policies grant.',
    input: { groupId: t.input.globalID({ for: GroupRef, required: true, description: 'The group.' }) },
    resolve: (_root, { input }, ctx) => deleteGroup(ctx, input.groupId.id),
  }),
);

const GroupMemberInput = builder.inputType('GroupMemberInput', {
  description: 'A group and a member of the same organization.',
  fields: (t) => ({
    groupId: t.globalID({ for: GroupRef, required: true, description: 'The group.' }),
    memberId: t.globalID({ for: MemberRef, required: true, description: 'The member.' }),
  }),
});

builder.mutationField('addGroupMember', (t) =>
  t.field({
    ...mutationTaking(t.arg, 'group.manageMember', GroupMemberInput, 'The group and member.'),
    type: groupMemberPayload('AddGroupMemberPayload', 'The group and its new member.'),
    description:
      'Puts a member into a group, giving it the group’s policies. Needs group:write, every scope the group’s policies grant, and a rank at least the member’s; CONFLICT when already in it.',
    resolve: async (_root, { input }, ctx) => {
      await addGroupMember(ctx, input.groupId.id, input.memberId.id);
      return { groupId: input.groupId.id, memberId: input.memberId.id };
    },
  }),
);

builder.mutationField('removeGroupMember', (t) =>
  t.field({
    ...mutationTaking(t.arg, 'group.manageMember', GroupMemberInput, 'The group and member.'),
    type: groupMemberPayload('RemoveGroupMemberPayload', 'The group and the member taken out of it.'),
    description:
      'Takes a member out of a group; it loses the group’s policies at once. Needs group:write, every scope the group’s policies grant, and a rank at least the member’s; CONFLICT when not in it.',
    resolve: async (_root, { input }, ctx) => {
      await removeGroupMember(ctx, input.groupId.id, input.memberId.id);
      return { groupId: input.groupId.id, memberId: input.memberId.id };
    },
  }),
);
