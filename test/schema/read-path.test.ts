import { getNamedType, isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../src/schema/index.js';

// The read path relies on two facts of the schema that nothing else would notice breaking:
// connections page through page statements (per-parent LIMIT), and no field of an object type is
// resolved by plugin-prisma's per-row machinery (a relation or a `select`), which looks up how
// each row was loaded and reloads the rows it cannot tell about: one statement per row.

const objectFields = () =>
  Object.values(schema.getTypeMap())
    .filter(isObjectType)
    .filter((type) => !type.name.startsWith('__') && type !== schema.getQueryType() && type !== schema.getMutationType())
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
    const unpaged = connections.filter(({ field }) => (field.extensions as { pothosPrismaRelationField?: unknown }).pothosPrismaRelationField).map(({ name }) => name);
    expect(unpaged).toEqual([]);
  });
});
