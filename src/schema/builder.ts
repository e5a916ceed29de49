import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import ErrorsPlugin from '@pothos/plugin-errors';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import WithInputPlugin from '@pothos/plugin-with-input';
import { DateTimeResolver } from 'graphql-scalars';
import { isPlatformAdmin } from '../auth/platform-admin.js';
import { principalDenial, type ActionName, type OrganizationActionName } from '../auth/permissions.js';
import type { Context } from '../context.js';
import { noteAnsweredError } from '../log/request-scope.js';
import type PrismaTypes from '../db/generated/pothos-types.js';
import { getDatamodel } from '../db/generated/pothos-types.js';
import { ConflictError, ForbiddenError, InvariantViolationError, NotFoundError, UnauthenticatedError, ValidationError } from '../errors.js';
import PropertyFieldsPlugin, { PROPERTY_READ } from './shared/property-fields.js';
import TextArgumentsPlugin, { decodeStorableGlobalID } from './shared/text-arguments.js';
import { enteredNode, mayEnter } from './shared/entry-rules.js';
import { fieldCost } from './shared/query-cost.js';

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

const capitalized = (name: string) => `${name[0]!.toUpperCase()}${name.slice(1)}`;

/** The description of every result union: a mutation's, and that of each item of inviteMembers. */
const RESULT_UNION = { description: 'The payload, or the expected failure that prevented the change.' };

/** The parameter of the `orgAction` auth scope: "may do action A in organization O" (auth/permissions.ts). */
export interface OrgActionParam {
  organizationId: string;
  action: OrganizationActionName;
}

// Plugin order: errors outermost, so the typed errors of mutation results also catch what
// scope-auth throws; relay before scope-auth, so auth functions see decoded global ids;
// property fields before all, so that it sees whether another plugin wrapped a resolver; text
// arguments right inside errors, so that unstorable text is a typed ValidationError refused before
// authorization reads anything (shared/text-arguments.ts).
export const builder = new SchemaBuilder<{
  Context: Context;
  PrismaTypes: PrismaTypes;
  AuthScopes: { authenticated: boolean; action: ActionName; orgAction: OrgActionParam };
  Scalars: { DateTime: { Input: Date; Output: Date }; ID: { Input: string; Output: string | number }; JSON: { Input: unknown; Output: unknown } };
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
  DefaultFieldNullability: false;
}>({
  defaultFieldNullability: false,
  plugins: [PropertyFieldsPlugin, ErrorsPlugin, TextArgumentsPlugin, WithInputPlugin, RelayPlugin, ScopeAuthPlugin, PrismaPlugin, ComplexityPlugin],
  // Costs only: the limit is applied to the whole operation before it runs (query-cost.ts).
  complexity: { disabled: true, fieldComplexity: fieldCost },
  prisma: {
    client: (ctx) => ctx.prisma,
    dmmf: getDatamodel(),
    // Descriptions are the Pothos strings only; prisma/schema.prisma's `///` comments document the database.
    exposeDescriptions: false,
    filterConnectionTotalCount: true,
    // Tests make a forgotten `...query` (a silent per-row query) fail loudly.
    onUnusedQuery: process.env.NODE_ENV === 'test' ? 'error' : null,
  },
  relay: {
    decodeGlobalID: decodeStorableGlobalID,
    clientMutationId: 'omit',
    cursorType: 'String',
    edgesFieldOptions: { nullable: false, description: 'The items of this page, each with its cursor.', extensions: PROPERTY_READ },
    nodeFieldOptions: { nullable: false, description: 'The item.', extensions: PROPERTY_READ },
    cursorFieldOptions: { description: 'Opaque position of this item, for `after` and `before`.' },
    pageInfoFieldOptions: { description: 'Where this page sits in the whole list.', extensions: PROPERTY_READ },
    nodeTypeOptions: { description: 'An object with a global id, fetchable with `node(id:)`.' },
    idFieldOptions: { description: 'Global id: opaque, stable, unique across types.' },
    pageInfoTypeOptions: { description: 'Cursors and flags of a page of a connection.' },
    hasNextPageFieldOptions: { description: 'More items follow this page.' },
    hasPreviousPageFieldOptions: { description: 'More items precede this page.' },
    startCursorFieldOptions: { description: 'Cursor of the first item of the page.' },
    endCursorFieldOptions: { description: 'Cursor of the last item of the page.' },
    firstArgOptions: { description: 'Page size from the start or from `after` (default 20, at most 100).' },
    lastArgOptions: { description: 'Page size from the end or from `before` (at most 100).' },
    afterArgOptions: { description: 'Return items after this cursor.' },
    beforeArgOptions: { description: 'Return items before this cursor.' },
    defaultConnectionTypeOptions: { description: 'A page of a list, with cursors to fetch more.' },
    defaultEdgeTypeOptions: { description: 'An item of a list with its cursor.' },
    nodeQueryOptions: {
      description: 'Any object by global id; NOT_FOUND when it does not exist or the caller may not see it.',
      args: { id: { description: 'Global id of the object.' } },
      resolve: async (_root, { id }, ctx, info, resolveNode) => enteredNode(info.schema, id.typename, await resolveNode(id), ctx),
    },
    nodesQueryOptions: {
      description: 'Objects by global id, in order; null for each that does not exist or the caller may not see. At most MAX_NODE_IDS ids (default 100).',
      args: { ids: { description: 'Global ids of the objects, at most MAX_NODE_IDS (default 100).' } },
      resolve: async (_root, args, ctx, info, resolveNodes) => {
        const max = ctx.settings.maxNodeIds;
        if (args.ids.length > max) throw new ValidationError(`ids may hold at most ${max} ids`, [{ path: ['ids'], message: `at most ${max} ids` }]);
        const nodes = await resolveNodes(args.ids);
        return Promise.all(nodes.map(async (node, i) => (node && (await mayEnter(info.schema, args.ids[i]!.typename, node, ctx)) ? node : null)));
      },
    },
  },
  scopeAuth: {
    // A subscription's rule is checked when it subscribes (an outsider never gets a stream); its
    // events are authorized again, one by one, by the stream itself (schema/subscription/event-feed.ts).
    authorizeOnSubscribe: true,
    authScopes: (ctx) => ({
      authenticated: ctx.principal !== null,
      // What can be decided before the organization is known; the rest under its lock, in the service.
      action: (name) => {
        const denied = principalDenial(ctx.principal, name, isPlatformAdmin(ctx));
        if (denied) throw denied;
        return true;
      },
      // Throws NOT_FOUND for outsiders; false (FORBIDDEN below) for members the action is not allowed.
      orgAction: ({ organizationId, action }) => ctx.access.allows(organizationId, action),
    }),
    unauthorizedError: (_parent, ctx, _info, result) => {
      if (!ctx.principal) return new UnauthenticatedError();
      return errorInFailure(result.failure as FailureTree) ?? new ForbiddenError('You may not do this in this organization');
    },
  },
  // A field with `errors` (every mutation) returns the union `<Field>Result` of its payload and the
  // expected failures, whose objects shared/errors.ts defines.
  errors: {
    defaultTypes: [NotFoundError, ForbiddenError, ValidationError, ConflictError, InvariantViolationError],
    directResult: true,
    defaultUnionOptions: { ...RESULT_UNION, name: ({ fieldName }) => `${capitalized(fieldName)}Result` },
    defaultItemUnionOptions: RESULT_UNION,
    // The access log's outcome of a mutation answered with a typed error (FORBIDDEN, …).
    onResolvedError: noteAnsweredError,
  },
  // `t.fieldWithInput` (a mutation's own input object) names it `<Field>Input`.
  withInput: { typeOptions: { name: ({ fieldName }) => `${capitalized(fieldName)}Input` } },
});

builder.addScalarType('DateTime', DateTimeResolver, { description: 'A point in time, as an ISO 8601 string in UTC.' });
