import { Prisma } from './generated/prisma/client.js';
import { getDatamodel } from './generated/pothos-types.js';
import { column, identifier, textArray } from './sql-fragments.js';

// The read path's statements read what plugin-prisma planned for a GraphQL selection, nothing
// more: the scalar columns a `select` names (every column in include mode) and, for to-one
// relations, the related row through a primary-key lookup in the same statement. Lists are never
// joined: every list of the API is a connection with its own batched, page-limited statement.

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

/** A plugin-prisma query for one model: `{ select }` (select mode) or `{ include }` (every column, plus relations). */
export interface ModelQuery {
  select?: Record<string, unknown>;
  include?: Record<string, unknown>;
}

/** Gives every joined table of one statement its own alias. */
export class Aliases {
  private next = 0;
  take(): string {
    return `j${this.next++}`;
  }
}

/** A list relation of a shape: read by a second statement for all the rows that carry it. */
export interface ListRelation {
  name: string;
  model: string;
  /** The list's column pointing at the parent, and the parent's column it points at. */
  foreignKey: string;
  parentKey: string;
  order: { column: string; descending: boolean }[];
  shape: RowShape;
}

/** The rows read so far that carry each list relation, waiting for it. */
export type PendingLists = Map<ListRelation, Record<string, unknown>[]>;

/** What one statement reads for a model query, and how a row's values become the object plugin-prisma expects. */
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

/** The columns of a model's primary key. */
export function keyColumns(model: string): string[] {
  const ids = modelFields(model).filter((f) => f.isId);
  return ids.length ? ids.map((f) => f.name) : (models[model]?.primaryKey?.fields ?? []);
}

function idField(model: string): string {
  const ids = modelFields(model).filter((f) => f.isId);
  if (ids.length !== 1) throw new Error(`${model} has no single-column id to join on`);
  return ids[0]!.name;
}

/** How the related row is found: a foreign key on this side, or the other side's key pointing back. */
function joinCondition(model: string, field: ModelField, alias: string, joined: string): { condition: Prisma.Sql; ownColumn: string } {
  const local = field.relationFromFields ?? [];
  if (local.length === 1) return { condition: Prisma.sql`${column(joined, idField(field.type))} = ${column(alias, local[0]!)}`, ownColumn: local[0]! };
  const back = modelFields(field.type).find((f) => f.relationName === field.relationName && f !== field && (f.relationFromFields?.length ?? 0) > 0);
  if (!back || back.relationFromFields!.length !== 1) throw new Error(`${model}.${field.name}: no single-column key to join on`);
  const ownColumn = idField(model);
  return { condition: Prisma.sql`${column(joined, back.relationFromFields![0]!)} = ${column(alias, ownColumn)}`, ownColumn };
}

/** A list relation's `orderBy`: scalar columns of the list's own table only. */
function listOrder(model: string, name: string, orderBy: unknown): ListRelation['order'] {
  const entries = orderBy === undefined ? [] : Array.isArray(orderBy) ? orderBy : [orderBy];
  const order = entries.flatMap((entry) =>
    Object.entries(entry as Record<string, unknown>).map(([column, dir]) => {
      if (dir !== 'asc' && dir !== 'desc') throw new Error(`${model}.${name}: order a list by its own columns`);
      return { column, descending: dir === 'desc' };
    }),
  );
  return [...order, ...keyColumns(model).map((column) => ({ column, descending: false }))];
}

function listRelation(model: string, field: ModelField, value: unknown, aliases: Aliases): ListRelation {
  const { where, take, skip, cursor, orderBy, ...query } = value === true ? {} : (value as Record<string, unknown>);
  if (where !== undefined || take !== undefined || skip !== undefined || cursor !== undefined) {
    throw new Error(`${model}.${field.name}: a filtered or limited list is a connection`);
  }
  const back = modelFields(field.type).find((f) => f.relationName === field.relationName && (f.relationFromFields?.length ?? 0) === 1);
  if (!back) throw new Error(`${model}.${field.name}: no single-column key to load the list by`);
  return {
    name: field.name,
    model: field.type,
    foreignKey: back.relationFromFields![0]!,
    parentKey: idField(model),
    order: listOrder(field.type, field.name, orderBy),
    shape: rowShape(field.type, query as ModelQuery, 'c', aliases),
  };
}

/**
 * The columns and lookups that answer `query` for `model`, read from the table aliased `alias`.
 * To-one relations are joined; list relations are left to `readLists`; counts are refused.
 */
export function rowShape(model: string, query: ModelQuery, alias: string, aliases: Aliases = new Aliases()): RowShape {
  const fields = modelFields(model);
  const selection = query.select ?? query.include ?? {};
  const allScalars = !query.select;
  const scalars = fields.filter((f) => f.kind !== 'object' && (allScalars || selection[f.name]));
  const ownColumns = new Set(scalars.map((f) => f.name));
  const select = scalars.map((f) => column(alias, f.name));
  const joins: Prisma.Sql[] = [];
  const relations: { name: string; shape: RowShape; presence: number }[] = [];
  const lists: ListRelation[] = [];

  for (const [name, value] of Object.entries(selection)) {
    if (!value) continue;
    const field = fields.find((f) => f.name === name);
    if (!field) throw new Error(`${model}.${name} is not a field of the model`);
    if (field.kind !== 'object') continue;
    if (field.isList) {
      const list = listRelation(model, field, value, new Aliases());
      if (!ownColumns.has(list.parentKey)) {
        ownColumns.add(list.parentKey);
        scalars.push(fields.find((f) => f.name === list.parentKey)!);
        select.push(column(alias, list.parentKey));
      }
      lists.push(list);
      continue;
    }
    const joined = aliases.take();
    const nested = rowShape(field.type, value === true ? {} : (value as ModelQuery), joined, aliases);
    const id = idField(field.type);
    const { condition, ownColumn } = joinCondition(model, field, alias, joined);
    ownColumns.add(ownColumn);
    const lookupColumns = new Set([id, ...nested.ownColumns]);
    joins.push(
      Prisma.sql`LEFT JOIN LATERAL (SELECT ${Prisma.join([...lookupColumns].map((c) => column(joined, c)))} FROM ${identifier(field.type)} ${Prisma.raw(joined)} WHERE ${condition} LIMIT 1) ${Prisma.raw(joined)} ON true`,
      ...nested.joins,
    );
    // The related row's id first: NULL means there is none.
    relations.push({ name, shape: nested, presence: select.length });
    select.push(column(joined, id), ...nested.select);
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

/** Fills in the list relations of the rows read so far: one statement per list relation and level. */
export async function readLists(read: (query: Prisma.Sql) => Promise<unknown[][]>, pending: PendingLists): Promise<void> {
  while (pending.size) {
    const next: PendingLists = new Map();
    for (const [list, parents] of pending) {
      const keys = [...new Set(parents.map((parent) => parent[list.parentKey] as string))];
      const order = [{ column: list.foreignKey, descending: false }, ...list.order];
      const rows = await read(Prisma.sql`SELECT ${Prisma.join([column('c', list.foreignKey), ...list.shape.select])}
        FROM ${identifier(list.model)} c ${list.shape.joins.length ? Prisma.join(list.shape.joins, ' ') : Prisma.empty}
        WHERE ${column('c', list.foreignKey)} = ANY(${textArray(keys)})
        ORDER BY ${Prisma.join(order.map((o) => Prisma.sql`${column('c', o.column)} ${Prisma.raw(o.descending ? 'DESC' : 'ASC')}`))}`);
      const byParent = new Map<unknown, Record<string, unknown>[]>();
      for (const row of rows) {
        const items = byParent.get(row[0]) ?? [];
        items.push(list.shape.read(row, 1, next));
        byParent.set(row[0], items);
      }
      for (const parent of parents) parent[list.name] = byParent.get(parent[list.parentKey]) ?? [];
    }
    pending = next;
  }
}
