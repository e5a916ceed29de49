import { Prisma } from './generated/prisma/client.js';
import { getDatamodel } from './generated/pothos-types.js';
import { column, identifier, textArray } from './sql-fragments.js';
import { UNASKED_COLUMNS } from './unasked-columns.js';

// What a read-path statement reads for a row, and how the row's values become the object the
// resolvers read: the scalar columns the selection needs, and to-one relations joined by key in
// the same statement. Relations a plugin-prisma plan loads as lists (a field's `select`) are read
// by a second statement per list and level; every other list is a connection or a relation field
// with its own batched statement (relations.ts in the schema).

interface ModelField {
  name: string;
  kind: string;
  type: string;
  isList: boolean;
  isId: boolean;
  relationName?: string;
  relationFromFields?: string[];
}

const models = getDatamodel().datamodel.models as unknown as Record<string, { fields: ModelField[]; primaryKey: { fields: string[] } | null }>;

function modelFields(model: string): ModelField[] {
  const found = models[model];
  if (!found) throw new Error(`Unknown model ${model}`);
  return found.fields;
}

/** The columns of a model's primary key. */
export function keyColumns(model: string): string[] {
  const ids = modelFields(model).filter((f) => f.isId);
  return ids.length ? ids.map((f) => f.name) : (models[model]?.primaryKey?.fields ?? []);
}

function idField(model: string): string {
  const ids = keyColumns(model);
  if (ids.length !== 1) throw new Error(`${model} has no single-column key to join on`);
  return ids[0]!;
}

/** How a relation links two tables: rows of `target` whose `targetColumn` equals the parent's `parentColumn`. */
export interface RelationLink {
  target: string;
  isList: boolean;
  parentColumn: string;
  targetColumn: string;
}

/** The link of relation `relation` of `model`, from the datamodel (single-column keys only). */
export function relationLink(model: string, relation: string): RelationLink {
  const field = modelFields(model).find((f) => f.name === relation && f.kind === 'object');
  if (!field) throw new Error(`${model}.${relation} is not a relation`);
  const local = field.relationFromFields ?? [];
  if (local.length === 1) return { target: field.type, isList: field.isList, parentColumn: local[0]!, targetColumn: idField(field.type) };
  const back = modelFields(field.type).find((f) => f.relationName === field.relationName && f !== field && (f.relationFromFields?.length ?? 0) === 1);
  if (!back) throw new Error(`${model}.${relation}: no single-column key to follow`);
  return { target: field.type, isList: field.isList, parentColumn: idField(model), targetColumn: back.relationFromFields![0]! };
}

/** A plugin-prisma query for one model: `{ select }` (select mode) or `{ include }` (every column, plus relations). */
export interface ModelQuery {
  select?: Record<string, unknown>;
  include?: Record<string, unknown>;
}

/**
 * The columns the GraphQL selection reads of a row, and of its related rows: without it (or
 * with 'all') every column is read.
 */
export interface ColumnHint {
  columns: ReadonlySet<string> | 'all';
  relations: ReadonlyMap<string, ColumnHint>;
}

/** Gives every joined table of one statement its own alias. */
export class Aliases {
  private next = 0;
  take(): string {
    return `j${this.next++}`;
  }
}

/** Its own key and its foreign keys: what rules (a type's authorization, …) read of any row. */
function keysOf(model: string): string[] {
  return [...keyColumns(model), ...modelFields(model).flatMap((f) => f.relationFromFields ?? [])];
}

/** The scalar fields a shape reads: a `select`'s, the hint's (with the row's keys), or all but the unasked ones. */
function scalarFields(model: string, query: ModelQuery, hint: ColumnHint | undefined): ModelField[] {
  const unasked = UNASKED_COLUMNS[model] ?? [];
  const scalars = modelFields(model).filter((f) => f.kind !== 'object');
  if (hint?.columns === 'all' || (!query.select && !hint)) return scalars.filter((f) => !unasked.includes(f.name) || query.select?.[f.name]);
  const wanted = new Set([...Object.keys(query.select ?? {}).filter((name) => query.select![name]), ...(hint ? [...hint.columns, ...keysOf(model)] : [])]);
  return scalars.filter((f) => wanted.has(f.name));
}

/** A list relation a plan loads with its rows: read by a second statement for all the rows that carry it. */
export interface ListRelation {
  name: string;
  link: RelationLink;
  order: OrderedColumn[];
  shape: RowShape;
}

export interface OrderedColumn {
  column: string;
  descending?: boolean;
}

/** The rows read so far that carry each list relation, waiting for it. */
export type PendingLists = Map<ListRelation, Record<string, unknown>[]>;

/** What one statement reads for a model query, and how a row's values become the object the resolvers read. */
export interface RowShape {
  /** Columns of the model's own table the shape reads (the page's inner query must select them). */
  ownColumns: ReadonlySet<string>;
  /** Select-list expressions, in the order `read` consumes them. */
  select: Prisma.Sql[];
  /** LEFT JOIN LATERAL lookups of the to-one relations, outermost first. */
  joins: Prisma.Sql[];
  /** The object for the row's values from `offset` on; objects carrying list relations are added to `pending`. */
  read(row: readonly unknown[], offset: number, pending: PendingLists): Record<string, unknown>;
}

/** A list's `orderBy` in a plan: scalar columns of the list's own table only; the key breaks ties. */
function planOrder(model: string, relation: string, orderBy: unknown): OrderedColumn[] {
  const entries = orderBy === undefined ? [] : Array.isArray(orderBy) ? orderBy : [orderBy];
  return entries.flatMap((entry) =>
    Object.entries(entry as Record<string, unknown>).map(([name, direction]) => {
      if (direction !== 'asc' && direction !== 'desc') throw new Error(`${model}.${relation}: order a list by its own columns`);
      return { column: name, descending: direction === 'desc' };
    }),
  );
}

function listRelation(model: string, relation: string, value: unknown, hint: ColumnHint | undefined): ListRelation {
  const { where, take, skip, cursor, orderBy, ...query } = value === true ? {} : (value as Record<string, unknown>);
  if (where !== undefined || take !== undefined || skip !== undefined || cursor !== undefined) {
    throw new Error(`${model}.${relation}: a filtered or limited list is a connection`);
  }
  const link = relationLink(model, relation);
  return { name: relation, link, order: planOrder(model, relation, orderBy), shape: rowShape(link.target, query as ModelQuery, 'c', new Aliases(), hint) };
}

/** The relations a shape loads: those of the plan, and those the selection reads (in the hint). */
function relationsToLoad(query: ModelQuery, hint: ColumnHint | undefined): Map<string, unknown> {
  const relations = new Map<string, unknown>(Object.entries(query.select ?? query.include ?? {}).filter(([, value]) => value));
  for (const name of hint?.relations.keys() ?? []) if (!relations.has(name)) relations.set(name, {});
  return relations;
}

/**
 * The columns and lookups that answer `query` (and `hint`) for `model`, read from the table
 * aliased `alias`. To-one relations are joined; lists a plan loads go to `readLists`.
 */
export function rowShape(model: string, query: ModelQuery, alias: string, aliases: Aliases = new Aliases(), hint?: ColumnHint): RowShape {
  const fields = modelFields(model);
  const scalars = scalarFields(model, query, hint);
  const ownColumns = new Set(scalars.map((f) => f.name));
  const select = scalars.map((f) => column(alias, f.name));
  const joins: Prisma.Sql[] = [];
  const relations: { name: string; shape: RowShape; presence: number }[] = [];
  const lists: ListRelation[] = [];
  const readScalar = (name: string) => {
    if (ownColumns.has(name)) return;
    ownColumns.add(name);
    scalars.push(fields.find((f) => f.name === name)!);
    select.push(column(alias, name));
  };

  for (const [name, value] of relationsToLoad(query, hint)) {
    const field = fields.find((f) => f.name === name);
    if (!field) throw new Error(`${model}.${name} is not a field of the model`);
    if (field.kind !== 'object') continue;
    const nestedHint = hint?.relations.get(name);
    if (field.isList) {
      const list = listRelation(model, name, value, nestedHint);
      readScalar(list.link.parentColumn);
      lists.push(list);
      continue;
    }
    const link = relationLink(model, name);
    const joined = aliases.take();
    const nested = rowShape(link.target, value === true ? {} : (value as ModelQuery), joined, aliases, nestedHint);
    ownColumns.add(link.parentColumn);
    const lookupColumns = new Set([link.targetColumn, ...keyColumns(link.target), ...nested.ownColumns]);
    const key = idField(link.target);
    joins.push(
      Prisma.sql`LEFT JOIN LATERAL (SELECT ${Prisma.join([...lookupColumns].map((c) => column(joined, c)))} FROM ${identifier(link.target)} ${Prisma.raw(joined)} WHERE ${column(joined, link.targetColumn)} = ${column(alias, link.parentColumn)} LIMIT 1) ${Prisma.raw(joined)} ON true`,
      ...nested.joins,
    );
    // The related row's key first: NULL means there is none.
    relations.push({ name, shape: nested, presence: select.length });
    select.push(column(joined, key), ...nested.select);
  }

  const scalarNames = scalars.map((f) => f.name);
  return {
    ownColumns,
    select,
    joins,
    read(row, offset, pending) {
      const object: Record<string, unknown> = {};
      for (let i = 0; i < scalarNames.length; i++) object[scalarNames[i]!] = row[offset + i];
      for (const relation of relations) {
        const at = offset + relation.presence;
        object[relation.name] = row[at] === null ? null : relation.shape.read(row, at + 1, pending);
      }
      for (const list of lists) {
        const waiting = pending.get(list);
        if (waiting) waiting.push(object);
        else pending.set(list, [object]);
      }
      return object;
    },
  };
}

/**
 * The rows of `model` whose `keyColumn` is one of `keys`, in one statement: each row is
 * [its key value, ...shape columns], grouped by key, then in `order`, the table's key breaking ties.
 */
export function rowsByKeyStatement(model: string, keyColumn: string, shape: RowShape, keys: readonly string[], order: readonly OrderedColumn[] = []): Prisma.Sql {
  const sorted: OrderedColumn[] = [{ column: keyColumn }, ...order, ...keyColumns(model).map((name) => ({ column: name }))];
  return Prisma.sql`SELECT ${Prisma.join([column('c', keyColumn), ...shape.select])}
    FROM ${identifier(model)} c ${shape.joins.length ? Prisma.join(shape.joins, ' ') : Prisma.empty}
    WHERE ${column('c', keyColumn)} = ANY(${textArray(keys)})
    ORDER BY ${Prisma.join(sorted.map((o) => Prisma.sql`${column('c', o.column)} ${Prisma.raw(o.descending ? 'DESC' : 'ASC')}`))}`;
}

/** Groups the rows of a `rowsByKeyStatement` by their key. */
export function groupByKey(rows: readonly unknown[][], shape: RowShape, pending: PendingLists): Map<unknown, Record<string, unknown>[]> {
  const groups = new Map<unknown, Record<string, unknown>[]>();
  for (const row of rows) {
    const group = groups.get(row[0]);
    const object = shape.read(row, 1, pending);
    if (group) group.push(object);
    else groups.set(row[0], [object]);
  }
  return groups;
}

/** Fills in the list relations a plan loads with the rows read so far: one statement per list relation and level. */
export async function readLists(read: (query: Prisma.Sql) => Promise<unknown[][]>, pending: PendingLists): Promise<void> {
  while (pending.size) {
    const next: PendingLists = new Map();
    for (const [list, parents] of pending) {
      const keys = [...new Set(parents.map((parent) => parent[list.link.parentColumn] as string))];
      const groups = groupByKey(await read(rowsByKeyStatement(list.link.target, list.link.targetColumn, list.shape, keys, list.order)), list.shape, next);
      for (const parent of parents) parent[list.name] = groups.get(parent[list.link.parentColumn]) ?? [];
    }
    pending = next;
  }
}
