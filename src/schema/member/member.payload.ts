import { builder } from '../builder.js';

/** A mutation payload whose `member` is loaded with exactly the fields the client selected. */
export function memberPayload(name: string, description: string) {
  return builder.objectRef<{ memberId: string }>(name).implement({
    description,
    fields: (t) => ({
      member: t.prismaField({
        type: 'Member',
        description: 'The membership after the change.',
        resolve: (query, payload, _args, ctx) => ctx.prisma.member.findUniqueOrThrow({ ...query, where: { id: payload.memberId } }),
      }),
    }),
  });
}

/** Payload of a mutation that ends a membership: the id it had, and the organization. */
export const MembershipEndedPayload = builder.objectRef<{ memberId: string; organizationId: string }>('MembershipEndedPayload').implement({
  description: 'A membership that ended.',
  fields: (t) => ({
    removedMemberId: t.globalID({ description: 'Global id the membership had.', resolve: (p) => ({ type: 'Member', id: p.memberId }) }),
    organizationId: t.globalID({ description: 'Global id of the organization.', resolve: (p) => ({ type: 'Organization', id: p.organizationId }) }),
  }),
});
