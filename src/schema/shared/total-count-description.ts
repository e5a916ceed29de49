import type { GraphQLSchema } from 'graphql';

// plugin-prisma adds `totalCount` to connections without a way to describe it; every field
// of this schema has a description, so it is filled in once the schema is built.
export function describeTotalCounts(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    const fields = 'getFields' in type && type.name.endsWith('Connection') ? (type.getFields() as Record<string, { description?: string | null }>) : {};
    const totalCount = fields.totalCount;
    if (totalCount && !totalCount.description) totalCount.description = 'Number of items in the whole list, with the same filters, across all pages.';
  }
  return schema;
}
