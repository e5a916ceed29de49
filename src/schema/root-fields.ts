import { GraphQLObjectType, GraphQLSchema } from 'graphql';

/** `schema` with only the root fields (Query and Mutation) that `keep` accepts, and without `dropTypes`; resolvers and extensions unchanged. */
export function withRootFields(schema: GraphQLSchema, keep: (field: string) => boolean, dropTypes: ReadonlySet<string> = new Set()): GraphQLSchema {
  const config = schema.toConfig();
  const filtered = (type: GraphQLObjectType | null | undefined) => {
    if (!type) return undefined;
    const typeConfig = type.toConfig();
    return new GraphQLObjectType({ ...typeConfig, fields: Object.fromEntries(Object.entries(typeConfig.fields).filter(([name]) => keep(name))) });
  };
  const query = filtered(config.query);
  const mutation = filtered(config.mutation);
  const roots = new Map([query, mutation].filter((type) => type !== undefined).map((type) => [type.name, type]));
  const types = config.types.filter((type) => !dropTypes.has(type.name)).map((type) => roots.get(type.name) ?? type);
  return new GraphQLSchema({ ...config, query, mutation, types });
}
