import { builder } from '../builder.js';
import { changedRow, changedRowPayload, globalIdOf } from '../shared/payload.js';

/** A mutation payload with the group after the change. */
export const groupPayload = changedRowPayload('group', 'Group', 'groupId', 'The group after the change.');

/** Payload of adding a member to, or removing it from, a group: both after the change. */
export function groupMemberPayload(name: string, description: string) {
  return builder.objectRef<{ groupId: string; memberId: string }>(name).implement({
    description,
    fields: (t) => ({
      group: changedRow(t, 'Group', 'groupId', 'The group after the change.'),
      member: changedRow(t, 'Member', 'memberId', 'The member after the change.'),
    }),
  });
}

/** Payload of deleteGroup: the id the group had, and its organization. */
export const DeleteGroupPayload = builder.objectRef<{ groupId: string; organizationId: string }>('DeleteGroupPayload').implement({
  description: 'The group was deleted; its members lost its policies.',
  fields: (t) => ({
    deletedGroupId: globalIdOf(t, 'Group', 'groupId', 'Global id the group had.'),
    organization: changedRow(t, 'Organization', 'organizationId', 'The organization the group belonged to.'),
  }),
});
