import { visiblePolicies } from '../../auth/visibility.js';
import { can } from '../../auth/permissions.js';
import { sortAllScopes } from '../../auth/application-scope-names.js';
import { effectiveScopes } from '../../auth/effective-scopes.js';
import { builder } from '../builder.js';
import { tenantNode } from '../shared/tenant-node.js';
import { booleanFields } from '../shared/permissions-type.js';
import { inCatalogOrOrganizationOf, inOrganizationOf, inThisOrganization } from '../shared/rules.js';
import { relationField } from '../shared/relations.js';
import { reads } from '../shared/selected-columns.js';
import { OrganizationRef } from '../organization/organization.type.js';
import { MemberRef } from '../member/member.type.js';
import { RoleEnum } from '../shared/enums.js';
import { childPage, OLDEST_FIRST, ownAndShared, resolvePage, withTotalCount } from '../shared/paged-connection.js';

const PolicyPermissions = builder.objectRef<{ update: boolean; delete: boolean; attach: boolean; addableScopes: string[] }>('PolicyPermissions').implement({
  description: 'What the caller may do with a policy, from the rules that guard the mutations.',
  fields: (t) => ({
    ...booleanFields(t, {
      update: 'updatePolicy and removePolicyScope are allowed: a custom policy, policy:write and every scope of the policy held.',
      delete: 'deletePolicy is allowed (same rule as update).',
      attach: 'Attaching and detaching the policy to members and groups is allowed (same rule; members also need a rank at most the caller’s).',
    }),
    addableScopes: t.field({
      type: ['String'],
      description:
        'Scopes addPolicyScope may add: those the caller holds and the policy lacks (built-in ones in catalog order, then application scopes of applications enabled for the organization).',
      resolve: (p) => p.addableScopes,
    }),
  }),
});

export const PolicyRef = builder.prismaNode('Policy', {
  description:
    'A named set of scopes. The four built-in policies are the roles, shared by every organization and never changed; organizations attach their custom policies to members and groups.',
  id: { field: 'id', description: 'Global id of the policy.' },
  ...tenantNode(visiblePolicies),
  // Built-in policies are public to any authenticated caller; a custom one needs policy:read in its organization.
  authScopes: inCatalogOrOrganizationOf('policy.read'),
  fields: (t) => ({
    name: t.exposeString('name', { description: 'Display name, unique in the organization (case-insensitively) and distinct from the built-in names.' }),
    description: t.exposeString('description', { nullable: true, description: 'Free text about the policy.' }),
    builtIn: t.boolean({
      description: 'True for the built-in policies (the roles), which cannot be changed, deleted or attached.',
      ...reads(),
      resolve: (policy) => policy.organizationId === null,
    }),
    role: t.expose('role', { type: RoleEnum, nullable: true, description: 'For a built-in policy, the role it is; null for a custom one.' }),
    scopes: t.field({
      type: ['String'],
      description:
        'The scopes the policy grants: built-in ones in catalog order, then application scopes (`app:<alias>/<label>`, of applications enabled for the organization) by name.',
      ...reads('scopes'),
      resolve: (policy) => sortAllScopes(policy.scopes),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the policy was created.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When the policy last changed.' }),
    viewerCan: t.field({
      type: PolicyPermissions,
      description: 'What the caller may do with this policy.',
      ...reads('scopes'),
      resolve: async (policy, _args, ctx) => {
        const standing = policy.organizationId === null ? null : await ctx.access.standing(policy.organizationId);
        if (!standing) return { update: false, delete: false, attach: false, addableScopes: [] };
        const manage = can(standing, 'policy.change', policy);
        const addableScopes = manage ? effectiveScopes(standing).filter((scope) => !policy.scopes.includes(scope)) : [];
        return { update: manage, delete: manage, attach: manage, addableScopes };
      },
    }),
  }),
});

// Join-row connections: pages follow the join rows (oldest attachment first, the key breaking
// ties), nodes are the rows they point at.
const ATTACHMENT_KEY = ['memberId', 'policyId'];
const BY_ATTACHMENT = [{ column: 'createdAt' }, { column: 'memberId' }, { column: 'policyId' }];

builder.prismaObjectField('Policy', 'members', (t) =>
  t.connection(
    {
      type: MemberRef,
      nullable: true,
      description:
        'Members the policy is attached to directly (not through groups), oldest attachment first; empty for a built-in policy. Null (with a FORBIDDEN error) without member:read.',
      authScopes: (policy) => (policy.organizationId === null ? true : { orgAction: { organizationId: policy.organizationId, action: 'member.read' } }),
      resolve: (policy, args, ctx, info) =>
        resolvePage(ctx, info, args, childPage('MemberPolicy', 'policyId', policy.id, { order: BY_ATTACHMENT, key: ATTACHMENT_KEY, node: 'member' })),
    },
    withTotalCount('Number of members the policy is attached to.'),
  ),
);

builder.prismaObjectField('Member', 'policies', (t) =>
  t.connection(
    {
      type: PolicyRef,
      nullable: true,
      description:
        'Custom policies attached to the member directly, oldest attachment first (its role is its built-in policy; groups add theirs). Null (with a FORBIDDEN error) without policy:read.',
      authScopes: inOrganizationOf('policy.read'),
      resolve: (member, args, ctx, info) =>
        resolvePage(ctx, info, args, childPage('MemberPolicy', 'memberId', member.id, { order: BY_ATTACHMENT, key: ATTACHMENT_KEY, node: 'policy' })),
    },
    withTotalCount('Number of policies attached to the member directly.'),
  ),
);

builder.prismaObjectField('Organization', 'policies', (t) =>
  t.connection(
    {
      type: PolicyRef,
      nullable: true,
      description:
        'The four built-in policies (the roles, first) and the organization’s custom policies, oldest first. Null (with a FORBIDDEN error) without policy:read.',
      authScopes: inThisOrganization('policy.read'),
      args: { builtIn: t.arg.boolean({ required: false, description: 'Only built-in (true) or only custom (false) policies; both when absent.' }) },
      resolve: (organization, args, ctx, info) =>
        resolvePage(ctx, info, args, {
          parent: organization.id,
          source: {
            model: 'Policy',
            belongsTo: ownAndShared(args.builtIn === true ? 'shared' : args.builtIn === false ? 'own' : undefined),
            filters: [],
            order: OLDEST_FIRST,
          },
        }),
    },
    withTotalCount(),
  ),
);

// Relation fields, added after the types: inside a type's own definition, a field returning
// another type that returns this one makes type inference go round in circles.
builder.prismaObjectFields('Policy', (t) => ({
  organization: t.field({
    type: OrganizationRef,
    nullable: true,
    description: 'The organization of a custom policy; null for a built-in one.',
    ...relationField('Policy', 'organization'),
  }),
}));
