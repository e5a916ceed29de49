import { getNamedType, type FieldNode, type GraphQLObjectType, type GraphQLResolveInfo } from 'graphql';
import type { Context } from '../../context.js';
import { groupByKey, relationLink, rowShape, rowsByKeyStatement, type ColumnHint, type OrderedColumn, type RelationLink } from '../../db/selection-sql.js';
import { requestLoaders } from './request-loaders.js';
import { columnHint } from './selected-columns.js';

// Relation fields (a member's user, a stack's region and modules, …) as plain resolvers: the row
// the parent's statement joined, when it did (pages join the to-one relations their selection
// reads), else the related rows of every parent of the list at once, in one statement by key.
// Unlike plugin-prisma's relation fields, nothing is looked up per row to learn how the parent
// was loaded, which on a page of a thousand members cost more than reading them.

/** The extension marking a relation field, so that pages join what the selection reads through it. */
const RELATION_EXTENSION = 'orgraphRelation';

const relatedRowsLoader = requestLoaders<Record<string, unknown>[]>();

// The columns a document's selection reads under a relation field, worked out once per document.
const hints = new WeakMap<readonly FieldNode[], ColumnHint>();

function hintOf(info: GraphQLResolveInfo): ColumnHint {
  let hint = hints.get(info.fieldNodes);
  if (!hint) {
    const type = getNamedType(info.returnType) as GraphQLObjectType;
    hint = columnHint(
      info,
      type,
      info.fieldNodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : [])),
    );
    hints.set(info.fieldNodes, hint);
  }
  return hint;
}

// The batch key of a hint, written once per hint (hints of a document's fields are kept above):
// relation fields ask for it once per parent row.
const hintKeys = new WeakMap<ColumnHint, string>();

function hintKey(hint: ColumnHint): string {
  let key = hintKeys.get(hint);
  if (key === undefined)
    hintKeys.set(hint, (key = JSON.stringify(hint, (_key, value: unknown) => (value instanceof Set || value instanceof Map ? [...value] : value))));
  return key;
}

function relatedRows(ctx: Context, link: RelationLink, order: readonly OrderedColumn[], key: string, hint: ColumnHint): Promise<Record<string, unknown>[]> {
  const identity = `${link.target}.${link.targetColumn}:${order.map((o) => `${o.column}${o.descending ? '-' : '+'}`).join(',')}:${hintKey(hint)}`;
  return relatedRowsLoader(ctx, identity, async (keys) => {
    const shape = rowShape(link.target, 'c', hint);
    const groups = groupByKey(await ctx.sql.rows(rowsByKeyStatement(link.target, link.targetColumn, shape, keys, order)), shape);
    return keys.map((k) => groups.get(k) ?? []);
  }).load(key);
}

/**
 * The resolver of relation `relation` of `model`: the related row (null when there is none), or
 * for a list relation the related rows in `order`.
 */
export function resolveRelation(model: string, relation: string, order: readonly OrderedColumn[] = []) {
  const link = relationLink(model, relation);
  // Not async: the row a page joined is answered without a promise (a thousand per page).
  return (parent: object, _args: unknown, ctx: Context, info: GraphQLResolveInfo): never => {
    const row = parent as Record<string, unknown>;
    if (row[relation] !== undefined) return row[relation] as never;
    const key = row[link.parentColumn];
    if (key === undefined) throw new Error(`${model}.${relation}: the parent row lacks ${link.parentColumn}`);
    if (key === null) return (link.isList ? [] : null) as never;
    return relatedRows(ctx, link, order, String(key), hintOf(info)).then((rows) => (link.isList ? rows : (rows[0] ?? null))) as never;
  };
}

/**
 * The rows list relation `relation` of `model` links `parent` to through its join rows: the
 * join rows' `through` relation, with every column (for small catalog lists a rule sorts).
 */
export async function rowsThrough<Row>(ctx: Context, model: string, relation: string, through: string, parent: object): Promise<Row[]> {
  const link = relationLink(model, relation);
  const key = (parent as Record<string, unknown>)[link.parentColumn];
  if (key === undefined) throw new Error(`${model}.${relation}: the parent row lacks ${link.parentColumn}`);
  const links = await relatedRows(ctx, link, [], String(key), {
    columns: new Set(),
    relations: new Map([[through, { columns: 'all', relations: new Map() }]]),
  });
  return links.map((row) => row[through] as Row);
}

/**
 * The row related to `parent` through to-one relation `relation` of `model`, with the columns a
 * rule needs (batched with the other parents asking the same); null when there is none.
 */
export async function relatedRow<Row>(ctx: Context, model: string, relation: string, parent: object, columns: string[]): Promise<Row | null> {
  const link = relationLink(model, relation);
  const key = (parent as Record<string, unknown>)[link.parentColumn];
  if (key === undefined) throw new Error(`${model}.${relation}: the parent row lacks ${link.parentColumn}`);
  if (key === null) return null;
  const rows = await relatedRows(ctx, link, [], String(key), { columns: new Set(columns), relations: new Map() });
  return (rows[0] ?? null) as Row | null;
}

/** Field options of a relation field: its resolver and the extension pages read. */
export function relationField(model: string, relation: string, order?: readonly OrderedColumn[], extensions: Record<string, unknown> = {}) {
  return { resolve: resolveRelation(model, relation, order), extensions: { ...extensions, [RELATION_EXTENSION]: relation } };
}
