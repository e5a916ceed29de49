import { entitiesResolver, printSubgraphSchema } from '@apollo/subgraph';
import { resolveNodes } from '@pothos/plugin-relay';
import {
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLScalarType,
  GraphQLSchema,
  GraphQLString,
  GraphQLUnionType,
  valueFromASTUntyped,
  type GraphQLFieldConfigMap,
  type GraphQLResolveInfo,
} from 'graphql';
import type { Context } from '../context.js';
import { NotFoundError } from '../errors.js';
import { builder } from './builder.js';
import { enteredNode } from './shared/entry-rules.js';
import { withRootFields } from './root-fields.js';
import { reads } from './shared/selected-columns.js';
import { decodeStorableGlobalID } from './shared/text-arguments.js';

// Apollo Federation v2: the served schema is also a subgraph. Organization, Member, User and Stack
// are entities keyed by their global id (`@key(fields: "id")`); a gateway resolves a reference
// through `_entities` by the very path of node(id:): among the caller's visible rows, then the
// type's entry rule, so an outsider's reference finds nothing (null, with NOT_FOUND) as node(id:)
// does. `_service { sdl }` is the subgraph SDL a gateway composes. (@pothos/plugin-federation 4.4
// needs @pothos/plugin-directives and an older @apollo/subgraph: the additions are made here on
// the built schema instead, with @apollo/subgraph's own `_entities` resolution and SDL printer.)

export const ENTITY_TYPES = ['Organization', 'Member', 'User', 'Stack'] as const;
export const FEDERATION_LINK = 'https://specs.apollo.dev/federation/v2.6';

const FEDERATION_FIELDS = new Set(['_entities', '_service']);
const FEDERATION_TYPES = new Set(['_Any', '_Entity', '_Service']);

/** A representation `{ __typename, id }` resolved as node(id:) resolves that global id; NOT_FOUND when missing, of another type or refused. */
function resolveReference(typename: string) {
  return async ({ id }: { id?: unknown }, ctx: Context, info: GraphQLResolveInfo) => {
    // An undecodable or unstorable id is BAD_USER_INPUT, as for node(id:).
    const globalId = typeof id === 'string' ? decodeStorableGlobalID(id) : undefined;
    if (globalId?.typename !== typename) throw new NotFoundError(typename);
    const [row] = await resolveNodes(builder, ctx, info, [globalId]);
    return enteredNode(info.schema, typename, await row, ctx);
  };
}

const AnyScalar = new GraphQLScalarType({
  name: '_Any',
  description: 'An entity representation: `__typename` and the fields of its key.',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (ast, variables) => valueFromASTUntyped(ast, variables),
});

const ServiceType = new GraphQLObjectType({
  name: '_Service',
  description: 'This subgraph’s schema, for a federation gateway.',
  // No database row behind it: it reads no columns.
  fields: { sdl: { type: GraphQLString, description: 'The subgraph SDL, with federation’s @link and @key.', ...reads() } },
});

/** Marks the entity types (@key, and how a reference resolves) and the schema (@link) on `schema`, in place. */
function markEntities(schema: GraphQLSchema): GraphQLObjectType[] {
  schema.extensions = { ...schema.extensions, directives: { link: { url: FEDERATION_LINK, import: ['@key'] } } };
  return ENTITY_TYPES.map((name) => {
    const type = schema.getType(name) as GraphQLObjectType;
    type.extensions = {
      ...type.extensions,
      directives: { key: { fields: 'id' } },
      apollo: { subgraph: { resolveReference: resolveReference(name) } },
    };
    return type;
  });
}

/** The subgraph schema: `schema` (the client schema, modified in place) plus `_entities` and `_service`. */
export function withFederation(schema: GraphQLSchema): GraphQLSchema {
  const entityTypes = markEntities(schema);
  const sdl = printSubgraphSchema(schema);
  const entity = new GraphQLUnionType({
    name: '_Entity',
    description: 'An object a federation gateway may resolve by its key: Organization, Member, User or Stack.',
    types: entityTypes,
    resolveType: (value: { __typename?: string }) => value.__typename,
  });
  const query = schema.getQueryType()!.toConfig();
  const fields: GraphQLFieldConfigMap<unknown, Context> = {
    ...query.fields,
    _entities: {
      type: new GraphQLNonNull(new GraphQLList(entity)),
      description: 'Entities by representation, for a federation gateway: null (with NOT_FOUND) for each the caller may not see, as node(id:).',
      args: {
        representations: {
          type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(AnyScalar))),
          description: 'References as a gateway sends them: `{ __typename, id }`, the id being the global id.',
        },
      },
      resolve: (_root, { representations }, context, info) => entitiesResolver({ representations, context, info }),
      // One representation costs what one id of nodes(ids:) does: the cost limit bounds a gateway's batch.
      extensions: { complexity: (args: { representations?: unknown[] }) => ({ field: 1, multiplier: args.representations?.length ?? 1 }) },
    },
    _service: { type: new GraphQLNonNull(ServiceType), description: 'This subgraph’s SDL, public like introspection.', resolve: () => ({ sdl }) },
  };
  const config = schema.toConfig();
  const newQuery = new GraphQLObjectType({ ...query, fields });
  return new GraphQLSchema({ ...config, query: newQuery, types: config.types.map((type) => (type.name === newQuery.name ? newQuery : type)) });
}

/** The schema clients see in schema.graphql: without federation's fields and types (a gateway reads `_service { sdl }`). */
export function clientSchema(schema: GraphQLSchema): GraphQLSchema {
  return withRootFields(schema, (name) => !FEDERATION_FIELDS.has(name), FEDERATION_TYPES);
}
