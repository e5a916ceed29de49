import { builder } from '../builder.js';
import { changedRow, changedRowsPayload, globalIdOf } from '../shared/payload.js';

/** A mutation payload with the group after the change. */
export const groupPayload = changedRowsPayload({ group: ['Group', 'groupId', 'The group after the change.'] });

/** Payload of adding a member to, or removing it from, a group: both after the change. */
export const groupMemberPayload = changedRowsPayload({
  group: ['Group', 'groupId', 'The group after the change.'],
  member: ['Member', 'memberId', 'The member after the change.'],
});

/** Payload of deleteGroup: the id the group had, and its organization. */
export const DeleteGroupPayload = builder.objectRef<{ groupId: string; organizationId: string }>('DeleteGroupPayload').implement({
  description: 'The group was deleted; its members lost its policies.',
  fields: (t) => ({
    deletedGroupId: globalIdOf(t, 'Group', 'groupId', 'Global id the group had.'),
    organization: changedRow(t, 'Organization', 'organizationId', 'The organization the group belonged to.'),
  }),
});
