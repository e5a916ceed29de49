import { ALL_SCOPES, ROLE_SCOPES, SCOPE_CATALOG, type Scope } from '../../auth/scopes.js';
import { Role } from '../../db/generated/prisma/enums.js';
import { effectiveScopes } from '../../auth/effective-scopes.js';
import { builder } from '../builder.js';
import { RoleEnum } from '../shared/enums.js';
import { reads } from '../shared/selected-columns.js';
import { permissionLoaders } from './permission-loaders.js';

// The scope catalog as a public query, and the scopes a principal or member effectively holds.

const ScopeInfoRef = builder.objectRef<{ name: Scope }>('ScopeInfo').implement({
  description: 'A permission of the catalog: what policies grant and fields and mutations require, per organization.',
  fields: (t) => ({
    name: t.exposeString('name', { description: 'The scope, as policies list it, e.g. member:read.' }),
    // A catalog entry, not a row (no page or relation reads it): `reads` only documents what it reads.
    description: t.string({ description: 'What the scope allows.', ...reads('name'), resolve: (scope) => SCOPE_CATALOG[scope.name] }),
    roles: t.field({
      type: [RoleEnum],
      description: 'The roles (built-in policies) that include the scope, most powerful first.',
      ...reads('name'),
      resolve: (scope) => Object.values(Role).filter((role) => ROLE_SCOPES[role].has(scope.name)),
    }),
  }),
});

builder.queryField('scopes', (t) =>
  t.field({
    type: [ScopeInfoRef],
    description: 'Every scope of the catalog with what it allows, in catalog order. Public: no token needed.',
    resolve: () => ALL_SCOPES.map((name) => ({ name })),
  }),
);

builder.prismaObjectField('Organization', 'viewerScopes', (t) =>
  t.field({
    type: ['String'],
    description:
      'The scopes the caller holds in this organization (its role, policies and groups’ policies; a service client’s own), in catalog order, then the application scopes it holds there (`app:<alias>/<label>`: those its policies grant, every one for an OWNER, with what they delegate to), by name.',
    ...reads(),
    // From the per-request standing loader that authorization already fills: no query per organization.
    resolve: async (organization, _args, ctx) => {
      const standing = await ctx.access.standing(organization.id);
      return standing ? effectiveScopes(standing) : [];
    },
  }),
);

builder.prismaObjectField('Member', 'effectiveScopes', (t) =>
  t.field({
    type: ['String'],
    description:
      'The scopes the member holds: its role’s, its policies’ and its groups’ policies’, in catalog order, then the scopes of applications enabled for the organization that it holds (`app:<alias>/<label>`: those its policies grant, every one for an OWNER, with what they delegate to, transitively), by name; empty while suspended. An application’s client sees only its own application’s scopes here.',
    ...reads(),
    // Batched for a whole list (permission-loaders.ts), never a query per member.
    resolve: (member, _args, ctx) => permissionLoaders(ctx).memberScopes.load(member.id),
  }),
);
