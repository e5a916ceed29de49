import type { Context } from '../../context.js';
import { countStatement, pageStatement, PAGED, type Besides, type PageSource, type PageWindow } from '../../db/page-statement.js';
import { rowShape, type ColumnHint } from '../../db/selection-sql.js';
import { requestLoaders } from './request-loaders.js';

// The statements behind connections, batched per request (request-loaders.ts): every parent
// asking for the same page of the same list (same table, conditions, order, window and columns)
// is answered by one statement, and so is every totalCount.

/** Columns read beside each row, and what to do with them (`offset`: where they start in the row). */
export type BesidesReader = Besides & { read(row: readonly unknown[], offset: number, object: Record<string, unknown>): void };

/** One parent's page: its rows (each carrying its key) in page order. */
export interface LoadedPage {
  rows: Record<string, unknown>[];
}

const pageLoader = requestLoaders<LoadedPage>();
const countLoader = requestLoaders<number>();

/**
 * Pages of one field with the same arguments (`batchKey`, e.g. the field nodes and arguments) for
 * every parent: their table, conditions, order, window and columns are the same, so they are
 * read by one statement.
 */
export function loadPage(
  ctx: Context,
  batchKey: string,
  source: PageSource,
  window: PageWindow,
  hint: ColumnHint,
  parent: string,
  besides?: BesidesReader,
): Promise<LoadedPage> {
  return pageLoader(ctx, batchKey, async (parents) => {
    const shape = rowShape(source.model, PAGED, hint);
    const read = await ctx.sql.rows(pageStatement(source, window, shape, parents, besides));
    const besidesAt = 1 + shape.select.length;
    const pages = parents.map((): LoadedPage => ({ rows: [] }));
    for (const row of read) {
      const page = pages[Number(row[0]) - 1]!;
      const object = shape.read(row, 1);
      page.rows.push(object);
      besides?.read(row, besidesAt, object);
    }
    return pages;
  }).load(parent);
}

/** The number of `parent`'s rows matching the filters, counted with the other parents' of the same field and arguments. */
export function countRows(ctx: Context, batchKey: string, source: PageSource, parent: string): Promise<number> {
  return countLoader(ctx, batchKey, async (parents) => {
    const rows = await ctx.sql.rows(countStatement(source, parents));
    return rows.map((row) => Number(row[1]));
  }).load(parent);
}
