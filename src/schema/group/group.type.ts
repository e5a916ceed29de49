import { prismaConnectionHelpers } from '@pothos/plugin-prisma';
import { visibleGroups } from '../../auth/permission-visibility.js';
import { userOf } from '../../auth/principal.js';
import type { Group, Member, Policy, Prisma } from '../../db/generated/prisma/client.js';
import { cannotManageGroup } from '../../services/permission-rules.js';
import { builder } from '../builder.js';
import { MemberRef } from '../member/member.type.js';
import { permissionLoaders } from '../policy/permission-loaders.js';
import { PolicyRef, type Loaded } from '../policy/policy.type.js';

const GroupPermissions = builder.objectRef<{ update: boolean; delete: boolean; manageMembers: boolean; attachPolicies: boolean }>('GroupPermissions').implement({
  description: 'What the caller may do with a group, from the rules that guard the mutations.',
  fields: (t) => ({
    update: t.exposeBoolean('update', { description: 'updateGroup is allowed (group:write).' }),
    delete: t.exposeBoolean('delete', { description: 'deleteGroup is allowed: group:write and every scope the group’s policies grant.' }),
    manageMembers: t.exposeBoolean('manageMembers', { description: 'addGroupMember and removeGroupMember are allowed (same rule as delete; the member’s rank must be at most the caller’s).' }),
    attachPolicies: t.exposeBoolean('attachPolicies', { description: 'attachPolicyToGroup is allowed in principle (policy:write); each policy needs all its scopes held.' }),
  }),
});

export const GroupRef = builder.prismaNode('Group', {
  description: 'A set of members of one organization who share the group’s policies.',
  id: { field: 'id', description: 'Global id of the group.' },
  findUnique: (id, ctx) => ({ id, AND: [visibleGroups(ctx.principal)] }),
  // node(id) of an invisible object finds nothing (null), instead of Prisma's not-found exception.
  nullable: true,
  // Reading a group needs group:read in its organization.
  authScopes: (group) => ({ orgScope: { organizationId: group.organizationId, scope: 'group:read' } }),
  fields: (t) => ({
    name: t.exposeString('name', { description: 'Display name, unique in the organization (case-insensitively).' }),
    description: t.exposeString('description', { nullable: true, description: 'Free text about the group.' }),
    organization: t.relation('organization', { description: 'The organization.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the group was created.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When the group last changed.' }),
    viewerCan: t.field({
      type: GroupPermissions,
      description: 'What the caller may do with this group.',
      resolve: async (group, _args, ctx) => {
        const [standing, policies] = await Promise.all([ctx.access.standing(group.organizationId), permissionLoaders(ctx).groupPolicies.load(group.id)]);
        if (!standing) return { update: false, delete: false, manageMembers: false, attachPolicies: false };
        const manage = cannotManageGroup({ userId: userOf(ctx.principal)?.userId ?? null, standing }, policies) === null;
        return { update: standing.scopes.has('group:write'), delete: manage, manageMembers: manage, attachPolicies: standing.scopes.has('policy:write') };
      },
    }),
  }),
});

// Oldest first, the key breaking ties. The helpers' type takes one orderBy object; Prisma takes the list.
const byJoin = { orderBy: [{ createdAt: 'asc' }, { groupId: 'asc' }, { memberId: 'asc' }] satisfies Prisma.GroupMemberOrderByWithRelationInput[] as Prisma.GroupMemberOrderByWithRelationInput };
const byAttachment = { orderBy: [{ createdAt: 'asc' }, { groupId: 'asc' }, { policyId: 'asc' }] satisfies Prisma.GroupPolicyOrderByWithRelationInput[] as Prisma.GroupPolicyOrderByWithRelationInput };

const groupMembers = prismaConnectionHelpers(builder, 'GroupMember', {
  cursor: 'groupId_memberId',
  query: byJoin,
  select: (nodeSelection) => ({ member: nodeSelection({ select: { id: true } }) }),
  resolveNode: (link) => link.member as Member,
});

const memberGroups = prismaConnectionHelpers(builder, 'GroupMember', {
  cursor: 'groupId_memberId',
  query: byJoin,
  select: (nodeSelection) => ({ group: nodeSelection({ select: { id: true } }) }),
  resolveNode: (link) => link.group as Group,
});

const groupPolicies = prismaConnectionHelpers(builder, 'GroupPolicy', {
  cursor: 'groupId_policyId',
  query: byAttachment,
  select: (nodeSelection) => ({ policy: nodeSelection({ select: { id: true } }) }),
  resolveNode: (link) => link.policy as Policy,
});

const policyGroups = prismaConnectionHelpers(builder, 'GroupPolicy', {
  cursor: 'groupId_policyId',
  query: byAttachment,
  select: (nodeSelection) => ({ group: nodeSelection({ select: { id: true } }) }),
  resolveNode: (link) => link.group as Group,
});

builder.prismaObjectField('Group', 'members', (t) =>
  t.connection(
    {
      type: MemberRef,
      nullable: true,
      description: 'Members of the group, in the order they joined it. Null (with a FORBIDDEN error) without member:read.',
      authScopes: (group) => ({ orgScope: { organizationId: group.organizationId, scope: 'member:read' } }),
      select: (args, ctx, nestedSelection) => ({ _count: { select: { members: true } }, members: groupMembers.getQuery(args, ctx, nestedSelection) }),
      resolve: (parent, args, ctx) => {
        const { members, _count } = parent as unknown as Loaded<'members'>;
        return { ...groupMembers.resolve(members, args, ctx), totalCount: _count.members };
      },
    },
    { fields: (c) => ({ totalCount: c.int({ description: 'Number of members of the group.', resolve: (connection) => connection.totalCount }) }) },
  ),
);

builder.prismaObjectField('Group', 'policies', (t) =>
  t.connection(
    {
      type: PolicyRef,
      nullable: true,
      description: 'Policies attached to the group, oldest attachment first: every member of the group holds their scopes. Null (with a FORBIDDEN error) without policy:read.',
      authScopes: (group) => ({ orgScope: { organizationId: group.organizationId, scope: 'policy:read' } }),
      select: (args, ctx, nestedSelection) => ({ _count: { select: { policies: true } }, policies: groupPolicies.getQuery(args, ctx, nestedSelection) }),
      resolve: (parent, args, ctx) => {
        const { policies, _count } = parent as unknown as Loaded<'policies'>;
        return { ...groupPolicies.resolve(policies, args, ctx), totalCount: _count.policies };
      },
    },
    { fields: (c) => ({ totalCount: c.int({ description: 'Number of policies attached to the group.', resolve: (connection) => connection.totalCount }) }) },
  ),
);

builder.prismaObjectField('Policy', 'groups', (t) =>
  t.connection(
    {
      type: GroupRef,
      nullable: true,
      description: 'Groups the policy is attached to, oldest attachment first; empty for a built-in policy. Null (with a FORBIDDEN error) without group:read.',
      authScopes: (policy) => (policy.organizationId === null ? true : { orgScope: { organizationId: policy.organizationId, scope: 'group:read' } }),
      select: (args, ctx, nestedSelection) => ({
        organizationId: true,
        _count: { select: { groups: true } },
        groups: policyGroups.getQuery(args, ctx, nestedSelection),
      }),
      resolve: (parent, args, ctx) => {
        const { groups, _count } = parent as unknown as Loaded<'groups'>;
        return { ...policyGroups.resolve(groups, args, ctx), totalCount: _count.groups };
      },
    },
    { fields: (c) => ({ totalCount: c.int({ description: 'Number of groups the policy is attached to.', resolve: (connection) => connection.totalCount }) }) },
  ),
);

builder.prismaObjectField('Member', 'groups', (t) =>
  t.connection(
    {
      type: GroupRef,
      nullable: true,
      description: 'Groups the member belongs to, in the order it joined them. Null (with a FORBIDDEN error) without group:read.',
      authScopes: (member) => ({ orgScope: { organizationId: member.organizationId, scope: 'group:read' } }),
      select: (args, ctx, nestedSelection) => ({ _count: { select: { groups: true } }, groups: memberGroups.getQuery(args, ctx, nestedSelection) }),
      resolve: (parent, args, ctx) => {
        const { groups, _count } = parent as unknown as Loaded<'groups'>;
        return { ...memberGroups.resolve(groups, args, ctx), totalCount: _count.groups };
      },
    },
    { fields: (c) => ({ totalCount: c.int({ description: 'Number of groups the member belongs to.', resolve: (connection) => connection.totalCount }) }) },
  ),
);

builder.prismaObjectField('Organization', 'groups', (t) =>
  t.relatedConnection('groups', {
    cursor: 'id',
    nullable: true,
    description: 'Groups of the organization, oldest first. Null (with a FORBIDDEN error) without group:read.',
    authScopes: (organization) => ({ orgScope: { organizationId: organization.id, scope: 'group:read' } }),
    args: { search: t.arg.string({ required: false, description: 'Case-insensitive part of the group’s name.' }) },
    totalCount: true,
    query: (args) => ({
      where: args.search ? { name: { contains: args.search.replace(/[\\%_]/g, (c) => `\\${c}`), mode: 'insensitive' as const } } : {},
      orderBy: [{ createdAt: 'asc' as const }, { id: 'asc' as const }],
    }),
  }),
);
