import { parseCursorConnectionArgs } from '@pothos/core';
import { formatPrismaCursor, parsePrismaCursor } from '@pothos/plugin-prisma';
import { getNamedType, type FieldNode, type GraphQLObjectType, type GraphQLResolveInfo } from 'graphql';
import type { Context } from '../../context.js';
import { Prisma } from '../../db/generated/prisma/client.js';
import { PAGED, type OrderColumn, type PageSource, type PageWindow } from '../../db/page-statement.js';
import type { ColumnHint } from '../../db/selection-sql.js';
import type { FieldBuilder } from './field-builder.js';
import { countRows, loadPage, type BesidesReader } from './page-loader.js';
import { nodeColumnHint } from './selected-columns.js';

// Every list of the API that can grow is a connection resolved here: one statement reads the page
// of every parent the request lists (page-loader.ts), with the columns the selection reads
// (selected-columns.ts) and what plugin-prisma plans for the fields it loads itself, so rows read
// follow the page size, never a parent's list size, and nested lists cost one statement per level.
// totalCount is a second statement, only when selected. Cursors are written only when asked for.

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
  /** Columns read beside each row, and what to do with them. */
  besides?: BesidesReader;
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

/** By creation, the id breaking ties. */
export const byCreation = (descending: boolean): OrderColumn[] => [
  { column: 'createdAt', descending },
  { column: 'id', descending },
];
export const OLDEST_FIRST = byCreation(false);
export const NEWEST_FIRST = byCreation(true);

/** `c."<column>" = <parent key>`: the usual parent condition. */
export const childOf = (columnName: string) => (parentKey: Prisma.Sql) => sqlEquals(columnName, parentKey);

function sqlEquals(columnName: string, value: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`${Prisma.raw(`${PAGED}."${columnName}"`)} = ${value}`;
}

/** The page of the rows of `model` whose `parentColumn` is `parent`: the usual connection of a parent's children. */
export function childPage(
  model: string,
  parentColumn: string,
  parent: string,
  { filters = [], order = OLDEST_FIRST, key, ...rest }: Partial<Pick<PageSource, 'filters' | 'order' | 'key'>> & Omit<PageOf, 'parent' | 'source'> = {},
): PageOf {
  return { parent, source: { model, belongsTo: childOf(parentColumn), filters, order, key }, ...rest };
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

/** An edge whose cursor is written only if it is asked for, from the key its row carries. */
class PageEdge {
  constructor(
    readonly node: object,
    private readonly row: Record<string, unknown>,
    private readonly keyColumns: string[],
  ) {}

  get cursor(): string {
    return formatPrismaCursor(this.row, this.keyColumns.length === 1 ? this.keyColumns[0]! : this.keyColumns);
  }
}

/** Key values of a cursor of this list; a cursor of another list is BAD_USER_INPUT. */
function cursorKey(cursor: string, key: string[]): unknown[] {
  const value = parsePrismaCursor(cursor);
  return key.length === 1 ? [value] : (value as unknown[]);
}

/** What a field of a document reads under each node, worked out once per document (yoga keeps parsed documents, and with them the field nodes). */
interface FieldPlan {
  /** Distinguishes the field from the document's others in batch keys. */
  id: number;
  nodeHint: ColumnHint;
}

const fieldPlans = new WeakMap<readonly FieldNode[], FieldPlan>();
let nextFieldId = 0;

function fieldPlanOf(info: GraphQLResolveInfo): FieldPlan {
  let plan = fieldPlans.get(info.fieldNodes);
  if (!plan) {
    const edgeType = getNamedType((getNamedType(info.returnType) as GraphQLObjectType).getFields().edges!.type) as GraphQLObjectType;
    plan = { id: nextFieldId++, nodeHint: nodeColumnHint(info, getNamedType(edgeType.getFields().node!.type) as GraphQLObjectType) };
    fieldPlans.set(info.fieldNodes, plan);
  }
  return plan;
}

/**
 * A connection field's resolver body: the page of `parent` (batched with the other parents of
 * the request) as a Relay connection, with `count()` for totalCount. Its nodes carry what the
 * selection planned, not whole rows, which no static type says: they are typed `never`, which
 * fits any node type.
 */
export async function resolvePage(ctx: Context, info: GraphQLResolveInfo, args: ConnectionArgs, page: PageOf): Promise<CountedConnection<never>> {
  const source: PageSource = { ...page.source, key: page.source.key ?? ['id'] };
  if (page.parent === undefined) throw new Error(`${info.parentType.name}.${info.fieldName}: the parent row lacks its key`);
  const { id, nodeHint } = fieldPlanOf(info);
  const edgeColumns = page.edgeColumns ?? [];
  const hint: ColumnHint = page.node ? { columns: new Set(edgeColumns), relations: new Map([[page.node, nodeHint]]) } : nodeHint;
  // Every parent asking this field with these arguments shares table, conditions, order, window and columns.
  const batchKey = `${id}:${JSON.stringify(args)}`;

  const { before, after, limit, inverted, expectedSize, hasPreviousPage, hasNextPage } = parseCursorConnectionArgs({
    args,
    defaultSize: page.defaultSize,
    maxSize: page.maxSize,
  });
  const window: PageWindow = {
    limit,
    inverted,
    after: after ? cursorKey(after, source.key) : undefined,
    before: before ? cursorKey(before, source.key) : undefined,
  };
  const loaded = await loadPage(ctx, batchKey, source, window, hint, page.parent, page.besides);
  // The row past the page, if any, only tells that there is a next page.
  const rows = loaded.rows.length > expectedSize || inverted ? loaded.rows.slice(0, expectedSize) : loaded.rows;
  if (inverted) rows.reverse();
  const edges = rows.map((row) => {
    const edge = new PageEdge(page.node ? (row[page.node] as object) : row, row, source.key);
    for (const name of edgeColumns) (edge as unknown as Record<string, unknown>)[name] = row[name];
    return edge;
  });
  const fallbackCursor = args.after ?? args.before ?? '';
  return {
    edges: edges as unknown as CountedConnection<never>['edges'],
    pageInfo: {
      get startCursor() {
        return edges[0]?.cursor ?? fallbackCursor;
      },
      get endCursor() {
        return edges.at(-1)?.cursor ?? fallbackCursor;
      },
      hasPreviousPage: hasPreviousPage(loaded.rows.length),
      hasNextPage: hasNextPage(loaded.rows.length),
    },
    count: () => countRows(ctx, batchKey, source, page.parent),
  };
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
