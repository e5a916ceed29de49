import { readFile } from 'node:fs/promises';
import { isEnumType, isInputObjectType, isInterfaceType, isObjectType, isUnionType, isScalarType, type GraphQLNamedType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../src/schema/index.js';
import { printSchemaFile, schemaFilePath } from '../../src/schema/print.js';

function undocumented(type: GraphQLNamedType): string[] {
  const missing: string[] = [];
  if (!type.description) missing.push(type.name);
  if (isObjectType(type) || isInterfaceType(type)) {
    for (const field of Object.values(type.getFields())) {
      if (!field.description) missing.push(`${type.name}.${field.name}`);
      for (const arg of field.args) if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
    }
  }
  if (isInputObjectType(type)) {
    for (const field of Object.values(type.getFields())) if (!field.description) missing.push(`${type.name}.${field.name}`);
  }
  if (isEnumType(type)) {
    for (const value of type.getValues()) if (!value.description) missing.push(`${type.name}.${value.name}`);
  }
  return missing;
}

describe('schema', () => {
  it('schema.graphql is the current printed schema (run `npm run schema` after changing the schema)', async () => {
    expect(await readFile(schemaFilePath, 'utf8')).toBe(printSchemaFile());
  });

  it('describes every type, field, argument and enum value', () => {
    const types = Object.values(schema.getTypeMap()).filter((type) => !type.name.startsWith('__'));
    const builtInScalars = new Set(['String', 'Boolean', 'Int', 'Float', 'ID']);
    const missing = types.filter((type) => !(isScalarType(type) && builtInScalars.has(type.name))).flatMap(undocumented);
    expect(missing).toEqual([]);
  });

  it('gives every mutation a single input argument and a result union', () => {
    const mutations = Object.values(schema.getMutationType()!.getFields());
    for (const mutation of mutations) {
      expect(
        mutation.args.map((a) => a.name),
        mutation.name,
      ).toEqual(['input']);
      expect(isUnionType(mutation.type) || isUnionType((mutation.type as { ofType?: unknown }).ofType), mutation.name).toBe(true);
    }
  });

  it('guards every root field with an authorization rule', () => {
    // Fails closed: a new query, mutation or subscription without authScopes (or a listed public reason) breaks the build.
    const publicFields: Record<string, string> = {
      'Query.node': 'rows are filtered to what the caller may see (prismaNode findUnique)',
      'Query.nodes': 'rows are filtered to what the caller may see (prismaNode findUnique)',
      'Query.scopes': 'the scope catalog is public: it lists the permissions that exist, no organization data',
      'Query._entities': 'a reference resolves as node(id:): among the visible rows, then the type’s entry rule',
      'Query._service': 'the subgraph SDL is public, like introspection',
      'Query.serverInfo': 'the server version and build are public, like the REST _info endpoint',
    };
    const unguarded: string[] = [];
    for (const root of [schema.getQueryType()!, schema.getMutationType()!, schema.getSubscriptionType()!]) {
      for (const field of Object.values(root.getFields())) {
        const key = `${root.name}.${field.name}`;
        const options = (field.extensions?.pothosOptions ?? {}) as { authScopes?: unknown };
        if (!options.authScopes && !publicFields[key]) unguarded.push(key);
      }
    }
    expect(unguarded).toEqual([]);
  });
});
