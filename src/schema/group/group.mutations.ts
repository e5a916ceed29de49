import { addGroupMember, createGroup, deleteGroup, removeGroupMember, updateGroup } from '../../services/groups.js';
import { builder } from '../builder.js';
import { MemberRef } from '../member/member.type.js';
import { OrganizationRef } from '../organization/organization.type.js';
import { mutationErrors } from '../shared/errors.js';
import { DeleteGroupPayload, groupMemberPayload, groupPayload } from './group.payload.js';
import { GroupRef } from './group.type.js';

const CreateGroupInput = builder.inputType('CreateGroupInput', {
  description: 'A new group.',
  fields: (t) => ({
    organizationId: t.globalID({ for: OrganizationRef, required: true, description: 'The organization.' }),
    name: t.string({ required: true, description: 'Display name, 1 to 100 characters, unique in the organization.' }),
    description: t.string({ required: false, description: 'Free text, up to 1000 characters.' }),
  }),
});

builder.mutationField('createGroup', (t) =>
  t.field({
    type: groupPayload('CreateGroupPayload', 'The group created, without members or policies.'),
    description: 'Creates a group. Needs group:write.',
    errors: mutationErrors('CreateGroupResult'),
    authScopes: { action: 'group.create' },
    args: { input: t.arg({ type: CreateGroupInput, required: true, description: 'The group.' }) },
    resolve: async (_root, { input: { organizationId, ...data } }, ctx) => ({ groupId: await createGroup(ctx, organizationId.id, data) }),
  }),
);

const UpdateGroupInput = builder.inputType('UpdateGroupInput', {
  description: 'Changes to a group’s name or description; absent fields stay as they are.',
  fields: (t) => ({
    groupId: t.globalID({ for: GroupRef, required: true, description: 'The group.' }),
    name: t.string({ required: false, description: 'New display name.' }),
    description: t.string({ required: false, description: 'New description; null clears it.' }),
  }),
});

builder.mutationField('updateGroup', (t) =>
  t.field({
    type: groupPayload('UpdateGroupPayload', 'The updated group.'),
    description: 'Renames or describes a group. Needs group:write.',
    errors: mutationErrors('UpdateGroupResult'),
    authScopes: { action: 'group.update' },
    args: { input: t.arg({ type: UpdateGroupInput, required: true, description: 'The changes.' }) },
    resolve: async (_root, { input: { groupId, name, description } }, ctx) => ({
      groupId: await updateGroup(ctx, groupId.id, { name: name ?? undefined, description }),
    }),
  }),
);

const GroupIdInput = builder.inputType('GroupIdInput', {
  description: 'Names one group.',
  fields: (t) => ({ groupId: t.globalID({ for: GroupRef, required: true, description: 'The group.' }) }),
});

builder.mutationField('deleteGroup', (t) =>
  t.field({
    type: DeleteGroupPayload,
    description: 'Deletes a group; its members lose its policies at once. Needs group:write and every scope the group’s policies grant.',
    errors: mutationErrors('DeleteGroupResult'),
    authScopes: { action: 'group.manage' },
    args: { input: t.arg({ type: GroupIdInput, required: true, description: 'The group.' }) },
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
    type: groupMemberPayload('AddGroupMemberPayload', 'The group and its new member.'),
    description: 'Puts a member into a group, giving it the group’s policies. Needs group:write, every scope the group’s policies grant, and a rank at least the member’s; CONFLICT when already in it.',
    errors: mutationErrors('AddGroupMemberResult'),
    authScopes: { action: 'group.manageMember' },
    args: { input: t.arg({ type: GroupMemberInput, required: true, description: 'The group and member.' }) },
    resolve: async (_root, { input }, ctx) => {
      await addGroupMember(ctx, input.groupId.id, input.memberId.id);
      return { groupId: input.groupId.id, memberId: input.memberId.id };
    },
  }),
);

builder.mutationField('removeGroupMember', (t) =>
  t.field({
    type: groupMemberPayload('RemoveGroupMemberPayload', 'The group and the member taken out of it.'),
    description: 'Takes a member out of a group; it loses the group’s policies at once. Needs group:write, every scope the group’s policies grant, and a rank at least the member’s; CONFLICT when not in it.',
    errors: mutationErrors('RemoveGroupMemberResult'),
    authScopes: { action: 'group.manageMember' },
    args: { input: t.arg({ type: GroupMemberInput, required: true, description: 'The group and member.' }) },
    resolve: async (_root, { input }, ctx) => {
      await removeGroupMember(ctx, input.groupId.id, input.memberId.id);
      return { groupId: input.groupId.id, memberId: input.memberId.id };
    },
  }),
);
