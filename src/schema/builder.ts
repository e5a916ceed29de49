import SchemaBuilder from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { DateTimeResolver } from 'graphql-scalars';
import type { Scope } from '../auth/scopes.js';
import type { Context } from '../context.js';
import type PrismaTypes from '../db/generated/pothos-types.js';
import { getDatamodel } from '../db/generated/pothos-types.js';
import { ForbiddenError, UnauthenticatedError } from '../errors.js';

interface FailureTree {
  error?: Error | null;
  failures?: FailureTree[];
}

/** The NOT_FOUND or FORBIDDEN a scope loader threw, wherever it sits in scope-auth's failure tree. */
function errorInFailure(failure: FailureTree): Error | undefined {
  if (failure.error) return failure.error;
  for (const inner of failure.failures ?? []) {
    const found = errorInFailure(inner);
    if (found) return found;
  }
  return undefined;
}

/** The parameter of the `orgScope` auth scope: "holds scope S in organization O". */
export interface OrgScopeParam {
  organizationId: string;
  scope: Scope;
}

// Plugin order: errors outermost, so the typed errors of mutation results also catch what
// scope-auth throws; relay before scope-auth, so auth functions see decoded global ids.
export const builder = new SchemaBuilder<{
  Context: Context;
  PrismaTypes: PrismaTypes;
  AuthScopes: { authenticated: boolean; orgScope: OrgScopeParam };
  Scalars: { DateTime: { Input: Date; Output: Date }; ID: { Input: string; Output: string | number } };
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
  DefaultFieldNullability: false;
}>({
  defaultFieldNullability: false,
  plugins: [ErrorsPlugin, RelayPlugin, ScopeAuthPlugin, PrismaPlugin],
  prisma: {
    client: (ctx) => ctx.prisma,
    dmmf: getDatamodel(),
    exposeDescriptions: true,
    filterConnectionTotalCount: true,
    // Tests make a forgotten `...query` (a silent per-row query) fail loudly.
    onUnusedQuery: process.env.NODE_ENV === 'test' ? 'error' : null,
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    edgesFieldOptions: { nullable: false },
    nodeFieldOptions: { nullable: false },
  },
  scopeAuth: {
    authScopes: (ctx) => ({
      authenticated: ctx.principal !== null,
      // Throws NOT_FOUND for outsiders; false (FORBIDDEN below) for members without the scope.
      orgScope: async ({ organizationId, scope }) => Boolean(await ctx.access.require(organizationId, scope)),
    }),
    unauthorizedError: (_parent, ctx, _info, result) => {
      if (!ctx.principal) return new UnauthenticatedError();
      return errorInFailure(result.failure as FailureTree) ?? new ForbiddenError('You may not do this in this organization');
    },
  },
  errors: { defaultTypes: [] },
});

builder.addScalarType('DateTime', DateTimeResolver, { description: 'A point in time, as an ISO 8601 string in UTC.' });
