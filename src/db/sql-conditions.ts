import { Prisma } from './generated/prisma/client.js';
import { column, textArray } from './sql-fragments.js';

// Small SQL conditions for the filters of connections, on a table alias.

/** `alias.column = value`, the value cast to `type` (an enum's name) when given. */
export function equals(alias: string, name: string, value: string | boolean | number, type?: string): Prisma.Sql {
  return type ? Prisma.sql`${column(alias, name)} = CAST(${value} AS ${Prisma.raw(`"${type}"`)})` : Prisma.sql`${column(alias, name)} = ${value}`;
}

/** `alias.column` is one of `values` (an enum column: `type` is the enum's name). */
export function oneOf(alias: string, name: string, values: readonly string[], type = 'text'): Prisma.Sql {
  const list = textArray(values);
  return type === 'text'
    ? Prisma.sql`${column(alias, name)} = ANY(${list})`
    : Prisma.sql`${column(alias, name)} = ANY(CAST(${list} AS ${Prisma.raw(`"${type}"[]`)}))`;
}

/** LIKE's wildcards in user text match literally. */
function literalPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Case-insensitive substring of any of the columns. */
export function containsText(alias: string, names: readonly string[], text: string): Prisma.Sql {
  const pattern = literalPattern(text);
  return Prisma.sql`(${Prisma.join(
    names.map((name) => Prisma.sql`${column(alias, name)} ILIKE ${pattern}`),
    ' OR ',
  )})`;
}

/** `alias.column IS [NOT] NULL` as asked, or no condition when `present` is absent. */
export function presence(alias: string, name: string, present: boolean | null | undefined): Prisma.Sql[] {
  return present == null ? [] : [Prisma.sql`${column(alias, name)} ${Prisma.raw(present ? 'IS NOT NULL' : 'IS NULL')}`];
}

/** Conditions joined by OR (false when there are none). */
export function anyOf(conditions: readonly Prisma.Sql[]): Prisma.Sql {
  return conditions.length ? Prisma.sql`(${Prisma.join(conditions, ' OR ')})` : Prisma.sql`false`;
}
