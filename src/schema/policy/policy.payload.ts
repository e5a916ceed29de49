import { builder } from '../builder.js';
import { changedRow, changedRowsPayload, globalIdOf } from '../shared/payload.js';

/** A mutation payload with the policy after the change. */
export const policyPayload = changedRowsPayload({ policy: ['Policy', 'policyId', 'The policy after the change.'] });

/** Payload of attaching a policy to, or detaching it from, a member: both after the change. */
export const policyMemberPayload = changedRowsPayload({
  policy: ['Policy', 'policyId', 'The policy after the change.'],
  member: ['Member', 'memberId', 'The member after the change.'],
});

/** Payload of attaching a policy to, or detaching it from, a group: both after the change. */
export const policyGroupPayload = changedRowsPayload({
  policy: ['Policy', 'policyId', 'The policy after the change.'],
  group: ['Group', 'groupId', 'The group after the change.'],
});

/** Payload of deletePolicy: the id the policy had, and its organization. */
export const DeletePolicyPayload = builder.objectRef<{ policyId: string; organizationId: string }>('DeletePolicyPayload').implement({
  description: 'The policy was deleted and detached from every member and group.',
  fields: (t) => ({
    deletedPolicyId: globalIdOf(t, 'Policy', 'policyId', 'Global id the policy had.'),
    organization: changedRow(t, 'Organization', 'organizationId', 'The organization the policy belonged to.'),
  }),
});
