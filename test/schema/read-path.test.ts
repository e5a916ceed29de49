import { getNamedType, isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../src/schema/index.js';

// The read path relies on facts of the schema that nothing else would notice breaking:
// connections page through page statements (per-parent LIMIT); no field of an object type is
// resolved by plugin-prisma's per-row machinery (a relation or a `select`), which looks up how
// each row was loaded and reloads the rows it cannot tell about: one statement per row; a
// computed field names the columns it reads, or selecting it reads every column of the page;
// and relay's edges, node and pageInfo have no resolver, so compiled execution reads them inline.

const objectFields = () =>
  Object.values(schema.getTypeMap())
    .filter(isObjectType)
    .filter(
      (type) => !type.name.startsWith('__') && type !== schema.getQueryType() && type !== schema.getMutationType() && type !== schema.getSubscriptionType(),
    )
    .flatMap((type) => Object.values(type.getFields()).map((field) => ({ name: `${type.name}.${field.name}`, field })));

describe('the read path', () => {
  it('no field of an object type uses plugin-prisma’s relations or `select`', () => {
    const planned = objectFields()
      .filter(({ field }) => {
        const extensions = field.extensions as { pothosPrismaSelect?: unknown; pothosPrismaRelationField?: unknown };
        return extensions.pothosPrismaSelect || extensions.pothosPrismaRelationField;
      })
      .map(({ name }) => name);
    expect(planned).toEqual([]);
  });

  it('every connection below the root is one of the paged ones (no relatedConnection)', () => {
    const connections = objectFields().filter(({ field }) => getNamedType(field.type).name.endsWith('Connection'));
    expect(connections.length).toBeGreaterThan(20);
    const unpaged = connections
      .filter(({ field }) => (field.extensions as { pothosPrismaRelationField?: unknown }).pothosPrismaRelationField)
      .map(({ name }) => name);
    expect(unpaged).toEqual([]);
  });

  it('every field computed from its parent row names the columns it reads', () => {
    const unnamed = objectFields()
      .filter(({ name, field }) => {
        if (/(Connection|Edge|Payload|Error|Permissions)\./.test(name) || field.name === 'id') return false;
        const extensions = field.extensions as { pothosExposedField?: unknown; orgraphColumns?: unknown; orgraphRelation?: unknown };
        if (extensions.pothosExposedField || extensions.orgraphColumns || extensions.orgraphRelation) return false;
        return !getNamedType(field.type).name.endsWith('Connection');
      })
      .map(({ name }) => name);
    expect(unnamed).toEqual([]);
  });

  it('relay’s edges, node and pageInfo fields read their parent’s property without a resolver', () => {
    const connectionFields = objectFields().filter(({ name }) => /(Connection\.(edges|pageInfo)|Edge\.node)$/.test(name));
    expect(connectionFields.length).toBeGreaterThan(60);
    expect(connectionFields.filter(({ field }) => field.resolve).map(({ name }) => name)).toEqual([]);
  });
});
