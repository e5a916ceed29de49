import { Prisma } from './generated/prisma/client.js';
import type { RowShape } from './selection-sql.js';
import { column, identifier, textArray } from './sql-fragments.js';

// One statement per connection level: the page of every parent of a list at once. Each parent's
// rows come from a LATERAL subquery with its own ORDER BY and LIMIT, so an index on (parent key,
// order) reads the page and nothing else, whatever the size of the parent's list.

/** Alias of the paged table in filters and parent conditions. */
export const PAGED = 'c';

export interface OrderColumn {
  column: string;
  descending?: boolean;
}

/** Where a connection's rows live and how they are ordered. */
export interface PageSource {
  /** The table paged (a model name). */
  model: string;
  /** Matches a row of the paged table (alias `c`) to the parent whose key is `parentKey`. */
  belongsTo: (parentKey: Prisma.Sql) => Prisma.Sql;
  /** Further conditions on `c`: the connection's filters. */
  filters: Prisma.Sql[];
  /** A total order, all in one direction; its last columns are the row's unique key. */
  order: OrderColumn[];
  /** Columns identifying a row: its cursor. */
  key: string[];
}

/** Columns read beside each row by lookups of their own (LEFT JOIN LATERAL … ON true), after the row's own. */
export interface Besides {
  joins: Prisma.Sql[];
  select: Prisma.Sql[];
}

/** One page as plugin-relay's resolveCursorConnection asks for it, cursors already parsed to key values. */
export interface PageWindow {
  after?: unknown[];
  before?: unknown[];
  limit: number;
  inverted: boolean;
}

const direction = (descending: boolean) => Prisma.raw(descending ? 'DESC' : 'ASC');

function orderBy(source: PageSource, alias: string, inverted: boolean): Prisma.Sql {
  return Prisma.join(source.order.map((o) => Prisma.sql`${column(alias, o.column)} ${direction(Boolean(o.descending) !== inverted)}`));
}

/** Rows strictly after (`forward`) or before the row with key `key`, in the source's order. */
function keyset(source: PageSource, key: unknown[], forward: boolean): Prisma.Sql {
  const descending = Boolean(source.order[0]!.descending);
  const after = forward !== descending;
  const columns = (alias: string) => Prisma.join(source.order.map((o) => column(alias, o.column)));
  const matches = Prisma.join(
    source.key.map((name, i) => Prisma.sql`x.${identifier(name)} = ${key[i]}`),
    ' AND ',
  );
  return Prisma.sql`(${columns(PAGED)}) ${Prisma.raw(after ? '>' : '<')} (SELECT ${columns('x')} FROM ${identifier(source.model)} x WHERE ${matches})`;
}

const parents = (keys: readonly string[]) => Prisma.sql`unnest(${textArray(keys)}) WITH ORDINALITY AS p(key, i)`;

/**
 * The page of every parent in one statement. Each row is [parent index (1-based), ...shape
 * columns, ...besides], parents in the order of `keys`, each parent's rows in page order
 * (reversed when the window is inverted, as resolveCursorConnection expects).
 */
export function pageStatement(
  source: PageSource,
  window: PageWindow,
  shape: RowShape,
  keys: readonly string[],
  besides: Besides = { joins: [], select: [] },
): Prisma.Sql {
  if (new Set(source.order.map((o) => Boolean(o.descending))).size > 1) throw new Error(`${source.model}: a page orders in one direction`);
  const inner = new Set([...shape.ownColumns, ...source.key, ...source.order.map((o) => o.column)]);
  const conditions = [source.belongsTo(Prisma.raw('p.key')), ...source.filters];
  if (window.after) conditions.push(keyset(source, window.after, true));
  if (window.before) conditions.push(keyset(source, window.before, false));
  const joins = [...shape.joins, ...besides.joins];
  return Prisma.sql`SELECT p.i::int, ${Prisma.join([...shape.select, ...besides.select])}
    FROM ${parents(keys)}
    CROSS JOIN LATERAL (
      SELECT ${Prisma.join([...inner].map((c) => column(PAGED, c)))} FROM ${identifier(source.model)} ${Prisma.raw(PAGED)}
      WHERE ${Prisma.join(conditions, ' AND ')}
      ORDER BY ${orderBy(source, PAGED, window.inverted)}
      LIMIT ${window.limit}
    ) ${Prisma.raw(PAGED)}
    ${joins.length ? Prisma.join(joins, ' ') : Prisma.empty}
    ORDER BY p.i, ${orderBy(source, PAGED, window.inverted)}`;
}

/** Each parent's number of rows matching the filters, in one statement: [parent index, count]. */
export function countStatement(source: PageSource, keys: readonly string[]): Prisma.Sql {
  const conditions = [source.belongsTo(Prisma.raw('p.key')), ...source.filters];
  return Prisma.sql`SELECT p.i, (SELECT count(*)::int FROM ${identifier(source.model)} ${Prisma.raw(PAGED)} WHERE ${Prisma.join(conditions, ' AND ')})
    FROM ${parents(keys)}`;
}
