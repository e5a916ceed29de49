import { builder } from '../builder.js';

/** A mutation payload whose `group` is loaded with exactly the fields the client selected. */
export function groupPayload(name: string, description: string) {
  return builder.objectRef<{ groupId: string }>(name).implement({
    description,
    fields: (t) => ({
      group: t.prismaField({
        type: 'Group',
        description: 'The group after the change.',
        resolve: (query, payload, _args, ctx) => ctx.prisma.group.findUniqueOrThrow({ ...query, where: { id: payload.groupId } }),
      }),
    }),
  });
}

/** Payload of adding a member to, or removing it from, a group: both after the change. */
export function groupMemberPayload(name: string, description: string) {
  return builder.objectRef<{ groupId: string; memberId: string }>(name).implement({
    description,
    fields: (t) => ({
      group: t.prismaField({
        type: 'Group',
        description: 'The group after the change.',
        resolve: (query, payload, _args, ctx) => ctx.prisma.group.findUniqueOrThrow({ ...query, where: { id: payload.groupId } }),
      }),
      member: t.prismaField({
        type: 'Member',
        description: 'The member after the change.',
        resolve: (query, payload, _args, ctx) => ctx.prisma.member.findUniqueOrThrow({ ...query, where: { id: payload.memberId } }),
      }),
    }),
  });
}

/** Payload of deleteGroup: the id the group had, and its organization. */
export const DeleteGroupPayload = builder.objectRef<{ groupId: string; organizationId: string }>('DeleteGroupPayload').implement({
  description: 'The group was deleted; its members lost its policies.',
  fields: (t) => ({
    deletedGroupId: t.globalID({ description: 'Global id the group had.', resolve: (p) => ({ type: 'Group', id: p.groupId }) }),
    organization: t.prismaField({
      type: 'Organization',
      description: 'The organization the group belonged to.',
      resolve: (query, payload, _args, ctx) => ctx.prisma.organization.findUniqueOrThrow({ ...query, where: { id: payload.organizationId } }),
    }),
  }),
});
