import { visibleGroups } from '../../auth/visibility.js';
import { can, LEAST_TARGET } from '../../auth/permissions.js';
import { containsText } from '../../db/sql-conditions.js';
import { builder } from '../builder.js';
import { tenantNode } from '../shared/tenant-node.js';
import { permissionsType } from '../shared/permissions-type.js';
import { inOrganizationOf, inThisOrganization } from '../shared/rules.js';
import { relationField } from '../shared/relations.js';
import { reads } from '../shared/selected-columns.js';
import { OrganizationRef } from '../organization/organization.type.js';
import { MemberRef } from '../member/member.type.js';
import { permissionLoaders } from '../policy/permission-loaders.js';
import { PolicyRef } from '../policy/policy.type.js';
import { childPage, PAGED, resolvePage, withTotalCount } from '../shared/paged-connection.js';

const GroupPermissions = permissionsType('GroupPermissions', 'What the caller may do with a group, from the rules that guard the mutations.', {
  update: 'updateGroup is allowed (group:write).',
  delete: 'deleteGroup is allowed: group:write and every scope the group’s policies grant.',
  manageMembers: 'addGroupMember and removeGroupMember are allowed (same rule as delete; the member’s rank must be at most the caller’s).',
  attachPolicies: 'attachPolicyToGroup is allowed in principle (policy:write); each policy needs all its scopes held.',
});

export const GroupRef = builder.prismaNode('Group', {
  description: 'A set of members of one organization who share the group’s policies.',
  id: { field: 'id', description: 'Global id of the group.' },
  ...tenantNode(visibleGroups),
  // Reading a group needs group:read in its organization.
  authScopes: inOrganizationOf('group.read'),
  fields: (t) => ({
    name: t.exposeString('name', { description: 'Display name, unique in the organization (case-insensitively).' }),
    description: t.exposeString('description', { nullable: true, description: 'Free text about the group.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the group was created.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When the group last changed.' }),
    viewerCan: t.field({
      type: GroupPermissions,
      description: 'What the caller may do with this group.',
      ...reads(),
      resolve: async (group, _args, ctx) => {
        const [standing, policies] = await Promise.all([ctx.access.standing(group.organizationId), permissionLoaders(ctx).groupPolicies.load(group.id)]);
        const manage = can(standing, 'group.manage', policies);
        return {
          update: can(standing, 'group.update'),
          delete: manage,
          manageMembers: manage,
          attachPolicies: can(standing, 'policy.change', LEAST_TARGET.customPolicy),
        };
      },
    }),
  }),
});

// Join-row connections: pages follow the join rows (oldest first, the key breaking ties), nodes
// are the rows they point at.
const MEMBERSHIP_KEY = ['groupId', 'memberId'];
const BY_JOIN = [{ column: 'createdAt' }, { column: 'groupId' }, { column: 'memberId' }];
const ATTACHMENT_KEY = ['groupId', 'policyId'];
const BY_ATTACHMENT = [{ column: 'createdAt' }, { column: 'groupId' }, { column: 'policyId' }];

builder.prismaObjectField('Group', 'members', (t) =>
  t.connection(
    {
      type: MemberRef,
      nullable: true,
      description: 'Members of the group, in the order they joined it. Null (with a FORBIDDEN error) without member:read.',
      authScopes: inOrganizationOf('member.read'),
      resolve: (group, args, ctx, info) =>
        resolvePage(ctx, info, args, childPage('GroupMember', 'groupId', group.id, { order: BY_JOIN, key: MEMBERSHIP_KEY, node: 'member' })),
    },
    withTotalCount('Number of members of the group.'),
  ),
);

builder.prismaObjectField('Group', 'policies', (t) =>
  t.connection(
    {
      type: PolicyRef,
      nullable: true,
      description:
        'Policies attached to the group, oldest attachment first: every member of the group holds their scopes. Null (with a FORBIDDEN error) without policy:read.',
      authScopes: inOrganizationOf('policy.read'),
      resolve: (group, args, ctx, info) =>
        resolvePage(ctx, info, args, childPage('GroupPolicy', 'groupId', group.id, { order: BY_ATTACHMENT, key: ATTACHMENT_KEY, node: 'policy' })),
    },
    withTotalCount('Number of policies attached to the group.'),
  ),
);

builder.prismaObjectField('Policy', 'groups', (t) =>
  t.connection(
    {
      type: GroupRef,
      nullable: true,
      description: 'Groups the policy is attached to, oldest attachment first; empty for a built-in policy. Null (with a FORBIDDEN error) without group:read.',
      authScopes: (policy) => (policy.organizationId === null ? true : { orgAction: { organizationId: policy.organizationId, action: 'group.read' } }),
      resolve: (policy, args, ctx, info) =>
        resolvePage(ctx, info, args, childPage('GroupPolicy', 'policyId', policy.id, { order: BY_ATTACHMENT, key: ATTACHMENT_KEY, node: 'group' })),
    },
    withTotalCount('Number of groups the policy is attached to.'),
  ),
);

builder.prismaObjectField('Member', 'groups', (t) =>
  t.connection(
    {
      type: GroupRef,
      nullable: true,
      description: 'Groups the member belongs to, in the order it joined them. Null (with a FORBIDDEN error) without group:read.',
      authScopes: inOrganizationOf('group.read'),
      resolve: (member, args, ctx, info) =>
        resolvePage(ctx, info, args, childPage('GroupMember', 'memberId', member.id, { order: BY_JOIN, key: MEMBERSHIP_KEY, node: 'group' })),
    },
    withTotalCount('Number of groups the member belongs to.'),
  ),
);

builder.prismaObjectField('Organization', 'groups', (t) =>
  t.connection(
    {
      type: GroupRef,
      nullable: true,
      description: 'Groups of the organization, oldest first. Null (with a FORBIDDEN error) without group:read.',
      authScopes: inThisOrganization('group.read'),
      args: { search: t.arg.string({ required: false, description: 'Case-insensitive part of the group’s name.' }) },
      resolve: (organization, args, ctx, info) =>
        resolvePage(
          ctx,
          info,
          args,
          childPage('Group', 'organizationId', organization.id, { filters: args.search ? [containsText(PAGED, ['name'], args.search)] : [] }),
        ),
    },
    withTotalCount(),
  ),
);

// Relation fields, added after the types: inside a type's own definition, a field returning
// another type that returns this one makes type inference go round in circles.
builder.prismaObjectFields('Group', (t) => ({
  organization: t.field({ type: OrganizationRef, description: 'The organization.', ...relationField('Group', 'organization') }),
}));
