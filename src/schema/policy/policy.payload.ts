import { builder } from '../builder.js';

/** A mutation payload whose `policy` is loaded with exactly the fields the client selected. */
export function policyPayload(name: string, description: string) {
  return builder.objectRef<{ policyId: string }>(name).implement({
    description,
    fields: (t) => ({
      policy: t.prismaField({
        type: 'Policy',
        description: 'The policy after the change.',
        resolve: (query, payload, _args, ctx) => ctx.prisma.policy.findUniqueOrThrow({ ...query, where: { id: payload.policyId } }),
      }),
    }),
  });
}

/** Payload of attaching a policy to, or detaching it from, a member: both after the change. */
export function policyMemberPayload(name: string, description: string) {
  return builder.objectRef<{ policyId: string; memberId: string }>(name).implement({
    description,
    fields: (t) => ({
      policy: t.prismaField({
        type: 'Policy',
        description: 'The policy after the change.',
        resolve: (query, payload, _args, ctx) => ctx.prisma.policy.findUniqueOrThrow({ ...query, where: { id: payload.policyId } }),
      }),
      member: t.prismaField({
        type: 'Member',
        description: 'The member after the change.',
        resolve: (query, payload, _args, ctx) => ctx.prisma.member.findUniqueOrThrow({ ...query, where: { id: payload.memberId } }),
      }),
    }),
  });
}

/** Payload of attaching a policy to, or detaching it from, a group: both after the change. */
export function policyGroupPayload(name: string, description: string) {
  return builder.objectRef<{ policyId: string; groupId: string }>(name).implement({
    description,
    fields: (t) => ({
      policy: t.prismaField({
        type: 'Policy',
        description: 'The policy after the change.',
        resolve: (query, payload, _args, ctx) => ctx.prisma.policy.findUniqueOrThrow({ ...query, where: { id: payload.policyId } }),
      }),
      group: t.prismaField({
        type: 'Group',
        description: 'The group after the change.',
        resolve: (query, payload, _args, ctx) => ctx.prisma.group.findUniqueOrThrow({ ...query, where: { id: payload.groupId } }),
      }),
    }),
  });
}

/** Payload of deletePolicy: the id the policy had, and its organization. */
export const DeletePolicyPayload = builder.objectRef<{ policyId: string; organizationId: string }>('DeletePolicyPayload').implement({
  description: 'The policy was deleted and detached from every member and group.',
  fields: (t) => ({
    deletedPolicyId: t.globalID({ description: 'Global id the policy had.', resolve: (p) => ({ type: 'Policy', id: p.policyId }) }),
    organization: t.prismaField({
      type: 'Organization',
      description: 'The organization the policy belonged to.',
      resolve: (query, payload, _args, ctx) => ctx.prisma.organization.findUniqueOrThrow({ ...query, where: { id: payload.organizationId } }),
    }),
  }),
});
