import { builder } from '../builder.js';
import type { FieldBuilder } from '../shared/field-builder.js';

// The fields of the payloads below, each loaded with exactly the selection the client made.
const policyField = <P extends { policyId: string }>(t: FieldBuilder<P>) =>
  t.prismaField({
    type: 'Policy',
    description: 'The policy after the change.',
    resolve: (query, payload, _args, ctx) => ctx.prisma.policy.findUniqueOrThrow({ ...query, where: { id: payload.policyId } }),
  });

const memberField = <P extends { memberId: string }>(t: FieldBuilder<P>) =>
  t.prismaField({
    type: 'Member',
    description: 'The member after the change.',
    resolve: (query, payload, _args, ctx) => ctx.prisma.member.findUniqueOrThrow({ ...query, where: { id: payload.memberId } }),
  });

const groupField = <P extends { groupId: string }>(t: FieldBuilder<P>) =>
  t.prismaField({
    type: 'Group',
    description: 'The group after the change.',
    resolve: (query, payload, _args, ctx) => ctx.prisma.group.findUniqueOrThrow({ ...query, where: { id: payload.groupId } }),
  });

/** A mutation payload with the policy after the change. */
export function policyPayload(name: string, description: string) {
  return builder.objectRef<{ policyId: string }>(name).implement({ description, fields: (t) => ({ policy: policyField(t) }) });
}

/** Payload of attaching a policy to, or detaching it from, a member: both after the change. */
export function policyMemberPayload(name: string, description: string) {
  return builder.objectRef<{ policyId: string; memberId: string }>(name).implement({ description, fields: (t) => ({ policy: policyField(t), member: memberField(t) }) });
}

/** Payload of attaching a policy to, or detaching it from, a group: both after the change. */
export function policyGroupPayload(name: string, description: string) {
  return builder.objectRef<{ policyId: string; groupId: string }>(name).implement({ description, fields: (t) => ({ policy: policyField(t), group: groupField(t) }) });
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
