import { builder } from '../builder.js';
import { changedRowsPayload, globalIdOf } from '../shared/payload.js';

/** A mutation payload with the membership after the change. */
export const memberPayload = changedRowsPayload({ member: ['Member', 'memberId', 'The membership after the change.'] });

/** Payload of a mutation that ends a membership: the id it had, and the organization. */
export const MembershipEndedPayload = builder.objectRef<{ memberId: string; organizationId: string }>('MembershipEndedPayload').implement({
  description: 'A membership that ended.',
  fields: (t) => ({
    removedMemberId: globalIdOf(t, 'Member', 'memberId', 'Global id the membership had.'),
    organizationId: globalIdOf(t, 'Organization', 'organizationId', 'Global id of the organization.'),
  }),
});
