import { GraphQLObjectType, GraphQLSchema } from 'graphql';

/**
 * `schema` with only the root fields (Query, Mutation, Subscription) that `keep` accepts, and without
 * `dropTypes`; a Mutation or Subscription left without fields goes. Resolvers and extensions unchanged.
 */
export function withRootFields(schema: GraphQLSchema, keep: (field: string) => boolean, dropTypes: ReadonlySet<string> = new Set()): GraphQLSchema {
  const config = schema.toConfig();
  const filtered = (type: GraphQLObjectType | null | undefined) => {
    if (!type) return undefined;
    const typeConfig = type.toConfig();
    return new GraphQLObjectType({ ...typeConfig, fields: Object.fromEntries(Object.entries(typeConfig.fields).filter(([name]) => keep(name))) });
  };
  const withFields = (type: GraphQLObjectType | undefined) => (type && Object.keys(type.getFields()).length > 0 ? type : undefined);
  const query = filtered(config.query);
  const mutation = withFields(filtered(config.mutation));
  const subscription = withFields(filtered(config.subscription));
  const dropped = new Set([
    ...dropTypes,
    ...[config.mutation, config.subscription]
      .filter((root) => root && ![mutation, subscription].some((kept) => kept?.name === root.name))
      .map((root) => root!.name),
  ]);
  const roots = new Map([query, mutation, subscription].filter((type) => type !== undefined).map((type) => [type.name, type]));
  const types = config.types.filter((type) => !dropped.has(type.name)).map((type) => roots.get(type.name) ?? type);
  return new GraphQLSchema({ ...config, query, mutation, subscription, types });
}
