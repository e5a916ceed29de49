import { formatPrismaCursor, parsePrismaCursor, queryFromInfo } from '@pothos/plugin-prisma';
import { resolveCursorConnection } from '@pothos/plugin-relay';
import DataLoader from 'dataloader';
import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../../context.js';
import { Prisma } from '../../db/generated/prisma/client.js';
import { countStatement, pageStatement, PAGED, type Besides, type OrderColumn, type PageSource, type PageWindow } from '../../db/page-statement.js';
import { readLists, rowShape, type ModelQuery, type PendingLists } from '../../db/selection-sql.js';
import type { FieldBuilder } from './field-builder.js';

// Every list of the API is a connection resolved here: plugin-prisma plans what the selection
// needs of each node (queryFromInfo, which also tells plugin-prisma the rows carry it), and one
// statement reads the page of every parent the request lists (a DataLoader per field, arguments
// and page), so rows read follow the page size, never a parent's list size, and nested lists
// cost one statement per level. totalCount is a second statement, only when selected.

export type { PageSource } from '../../db/page-statement.js';
export { PAGED } from '../../db/page-statement.js';

export interface PageOf {
  /** The key of this field's parent row (its id, usually). */
  parent: string;
  /** The paged table, its parent condition, filters and order. `key` defaults to ['id']. */
  source: Omit<PageSource, 'key'> & { key?: string[] };
  /** For a join table: the relation of the paged row whose row is the node (e.g. `member` of GroupMember). */
  node?: string;
  /** For a join table: its columns each edge carries too (e.g. the date a link was made). */
  edgeColumns?: string[];
  /** Columns read beside each row, and what to do with them (`offset`: where they start in the row). */
  besides?: Besides & { read(row: readonly unknown[], offset: number, node: Record<string, unknown>): void };
  /** Default page size (20) and largest allowed one (100). */
  defaultSize?: number;
  maxSize?: number;
}

/** The Relay arguments of a connection field. */
export interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  before?: string | null;
  after?: string | null;
}

/** A connection with totalCount counted on demand. */
export interface CountedConnection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { startCursor?: string | null; endCursor?: string | null; hasPreviousPage: boolean; hasNextPage: boolean };
  count(): Promise<number>;
}

/** The usual orders: by creation, the id breaking ties. */
export const OLDEST_FIRST: OrderColumn[] = [{ column: 'createdAt' }, { column: 'id' }];
export const NEWEST_FIRST: OrderColumn[] = [{ column: 'createdAt', descending: true }, { column: 'id', descending: true }];

/** `c."<column>" = <parent key>`: the usual parent condition. */
export const childOf = (columnName: string) => (parentKey: Prisma.Sql) => sqlEquals(columnName, parentKey);

function sqlEquals(columnName: string, value: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`${Prisma.raw(`${PAGED}."${columnName}"`)} = ${value}`;
}

/**
 * Rows of the parent organization and rows every organization shares (organizationId NULL: the
 * built-in policies, the public regions), or only one of the two.
 */
export function ownAndShared(only?: 'own' | 'shared'): PageSource['belongsTo'] {
  const own = childOf('organizationId');
  const shared = Prisma.sql`${Prisma.raw(`${PAGED}."organizationId"`)} IS NULL`;
  if (only === 'shared') return () => shared;
  if (only === 'own') return own;
  return (organizationId) => Prisma.sql`(${own(organizationId)} OR ${shared})`;
}

const sqlKey = (sql: Prisma.Sql) => `${sql.text}|${JSON.stringify(sql.values)}`;

interface LoadedPage {
  nodes: object[];
  cursors: WeakMap<object, string>;
  /** Each node's join row, when the page is of a join table. */
  links: WeakMap<object, Record<string, unknown>>;
}

// Per request: one loader per distinct (table, conditions, order, page, selection). No caching
// across calls, so a mutation's payload later in the same document sees what changed before it.
const pageLoaders = new WeakMap<Context, Map<string, DataLoader<string, LoadedPage>>>();
const countLoaders = new WeakMap<Context, Map<string, DataLoader<string, number>>>();

function perRequest<V>(cache: WeakMap<Context, Map<string, DataLoader<string, V>>>, ctx: Context, key: string, batch: (keys: readonly string[]) => Promise<V[]>) {
  let loaders = cache.get(ctx);
  if (!loaders) cache.set(ctx, (loaders = new Map()));
  let loader = loaders.get(key);
  if (!loader) loaders.set(key, (loader = new DataLoader(batch, { cache: false })));
  return loader;
}

function loadPage(ctx: Context, source: PageSource, window: PageWindow, rowQuery: ModelQuery, { parent, node, besides }: PageOf): Promise<LoadedPage> {
  const identity = JSON.stringify([source.model, sqlKey(source.belongsTo(Prisma.raw('p.key'))), source.filters.map(sqlKey), source.order, window, rowQuery, node, besides && [...besides.joins, ...besides.select].map(sqlKey)]);
  return perRequest(pageLoaders, ctx, identity, async (parents) => {
    const shape = rowShape(source.model, rowQuery, PAGED);
    const rows = await ctx.sql.rows(pageStatement(source, window, shape, parents, besides));
    const keyAt = 1 + shape.select.length;
    const pages = parents.map((): LoadedPage => ({ nodes: [], cursors: new WeakMap(), links: new WeakMap() }));
    const pending: PendingLists = new Map();
    for (const row of rows) {
      const loaded = pages[Number(row[0]) - 1]!;
      const object = shape.read(row, 1, pending);
      const value = node ? (object[node] as object) : object;
      const key = source.key.length === 1 ? { [source.key[0]!]: row[keyAt] } : Object.fromEntries(source.key.map((k, i) => [k, row[keyAt + i]]));
      loaded.nodes.push(value);
      if (node) loaded.links.set(value, object);
      besides?.read(row, keyAt + source.key.length, object);
      loaded.cursors.set(value, formatPrismaCursor(key, source.key.length === 1 ? source.key[0]! : source.key));
    }
    await readLists((query) => ctx.sql.rows(query), pending);
    return pages;
  }).load(parent);
}

function countRows(ctx: Context, source: PageSource, parent: string): Promise<number> {
  const identity = JSON.stringify([source.model, sqlKey(source.belongsTo(Prisma.raw('p.key'))), source.filters.map(sqlKey)]);
  return perRequest(countLoaders, ctx, identity, async (parents) => {
    const rows = await ctx.sql.rows(countStatement(source, parents));
    return rows.map((row) => Number(row[1]));
  }).load(parent);
}

/** Key values of a cursor of this list; a cursor of another list is BAD_USER_INPUT. */
function cursorKey(cursor: string, key: string[]): unknown[] {
  const value = parsePrismaCursor(cursor);
  return key.length === 1 ? [value] : (value as unknown[]);
}

/**
 * A connection field's resolver body: the page of `parent` (batched with the other parents of
 * the request) as a Relay connection, with `count()` for totalCount. Its nodes carry what the
 * selection planned, not whole rows, which no static type says: they are typed `never`, which
 * fits any node type.
 */
export async function resolvePage(ctx: Context, info: GraphQLResolveInfo, args: ConnectionArgs, page: PageOf): Promise<CountedConnection<never>> {
  const source: PageSource = { ...page.source, key: page.source.key ?? ['id'] };
  const nodeQuery = queryFromInfo({ context: ctx, info, paths: [['nodes'], ['edges', 'node']] }) as ModelQuery;
  const edgeColumns = Object.fromEntries((page.edgeColumns ?? []).map((name) => [name, true]));
  const rowQuery: ModelQuery = page.node ? { select: { ...edgeColumns, [page.node]: nodeQuery } } : nodeQuery;
  let loaded: LoadedPage | undefined;
  const connection = await resolveCursorConnection(
    { args, defaultSize: page.defaultSize, maxSize: page.maxSize, toCursor: (node) => loaded!.cursors.get(node as object)! },
    async ({ before, after, limit, inverted }) => {
      const window: PageWindow = { limit, inverted, after: after ? cursorKey(after, source.key) : undefined, before: before ? cursorKey(before, source.key) : undefined };
      loaded = await loadPage(ctx, source, window, rowQuery, page);
      return loaded.nodes;
    },
  );
  for (const name of page.edgeColumns ?? []) {
    for (const edge of connection!.edges) if (edge) (edge as Record<string, unknown>)[name] = loaded!.links.get(edge.node as object)?.[name];
  }
  return Object.assign(connection as Omit<CountedConnection<never>, 'count'>, { count: () => countRows(ctx, source, page.parent) });
}

const TOTAL_COUNT = 'Number of items in the whole list, with the same filters, across all pages.';

/** Connection options adding `totalCount`, counted (one batched statement) only when selected. */
export function withTotalCount(description = TOTAL_COUNT) {
  return {
    fields: <Parent>(c: FieldBuilder<Parent>) => ({
      totalCount: c.int({ description, resolve: (connection) => (connection as unknown as CountedConnection<object>).count() }),
    }),
  };
}
