import DataLoader from 'dataloader';
import type { Context } from '../../context.js';
import { Prisma } from '../../db/generated/prisma/client.js';
import { countStatement, pageStatement, PAGED, type Besides, type PageSource, type PageWindow } from '../../db/page-statement.js';
import { readLists, rowShape, type ColumnHint, type ModelQuery, type PendingLists } from '../../db/selection-sql.js';

// The statements behind connections, batched per request: every parent asking for the same page
// of the same list (same table, conditions, order, window and columns) is answered by one
// statement, and so is every totalCount. No caching across calls, so a mutation's payload later
// in the same document sees what changed before it.

/** What the rows must carry: plugin-prisma's query (relations, `select`s) and the columns the selection reads. */
export interface RowPlan {
  query: ModelQuery;
  hint: ColumnHint;
}

/** Columns read beside each row, and what to do with them (`offset`: where they start in the row). */
export type BesidesReader = Besides & { read(row: readonly unknown[], offset: number, object: Record<string, unknown>): void };

/** One parent's page: its rows in page order, and each row's key values. */
export interface LoadedPage {
  rows: Record<string, unknown>[];
  keys: unknown[][];
}

const pageLoaders = new WeakMap<Context, Map<string, DataLoader<string, LoadedPage>>>();
const countLoaders = new WeakMap<Context, Map<string, DataLoader<string, number>>>();

function perRequest<V>(cache: WeakMap<Context, Map<string, DataLoader<string, V>>>, ctx: Context, key: string, batch: (keys: readonly string[]) => Promise<V[]>) {
  let loaders = cache.get(ctx);
  if (!loaders) cache.set(ctx, (loaders = new Map()));
  let loader = loaders.get(key);
  if (!loader) loaders.set(key, (loader = new DataLoader(batch, { cache: false })));
  return loader;
}

const sqlKey = (sql: Prisma.Sql) => `${sql.text}|${JSON.stringify(sql.values)}`;
const setsAndMaps = (_key: string, value: unknown) => (value instanceof Set || value instanceof Map ? [...value] : value);

/** The identity of a list's rows for batching: its table, parent condition and filters. */
function sourceKey(source: PageSource): string {
  return JSON.stringify([source.model, sqlKey(source.belongsTo(Prisma.raw('p.key'))), source.filters.map(sqlKey)]);
}

/** The page of `parent`, read with the pages of the other parents asking the same. */
export function loadPage(ctx: Context, source: PageSource, window: PageWindow, plan: RowPlan, parent: string, besides?: BesidesReader): Promise<LoadedPage> {
  const identity = JSON.stringify([sourceKey(source), source.order, window, plan, besides && [...besides.joins, ...besides.select].map(sqlKey)], setsAndMaps);
  return perRequest(pageLoaders, ctx, identity, async (parents) => {
    const shape = rowShape(source.model, plan.query, PAGED, undefined, plan.hint);
    const read = await ctx.sql.rows(pageStatement(source, window, shape, parents, besides));
    const keyAt = 1 + shape.select.length;
    const besidesAt = keyAt + source.key.length;
    const pages = parents.map((): LoadedPage => ({ rows: [], keys: [] }));
    const pending: PendingLists = new Map();
    for (const row of read) {
      const page = pages[Number(row[0]) - 1]!;
      const object = shape.read(row, 1, pending);
      page.rows.push(object);
      page.keys.push(row.slice(keyAt, besidesAt));
      besides?.read(row, besidesAt, object);
    }
    await readLists((query) => ctx.sql.rows(query), pending);
    return pages;
  }).load(parent);
}

/** The number of `parent`'s rows matching the filters, counted with the other parents'. */
export function countRows(ctx: Context, source: PageSource, parent: string): Promise<number> {
  return perRequest(countLoaders, ctx, sourceKey(source), async (parents) => {
    const rows = await ctx.sql.rows(countStatement(source, parents));
    return rows.map((row) => Number(row[1]));
  }).load(parent);
}
