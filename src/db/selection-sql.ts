import { Prisma } from './generated/prisma/client.js';
import { getDatamodel } from './generated/pothos-types.js';
import { column, identifier, textArray } from './sql-fragments.js';
import { UNASKED_COLUMNS } from './unasked-columns.js';

// What a read-path statement reads for a row, and how the row's values become the object the
// resolvers read: the scalar columns the selection needs (a ColumnHint, from the GraphQL
// selection) and the to-one relations it reads, joined by key in the same statement. Lists are
// connections or relation fields with batched statements of their own.

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

/** What every row carries: its key, and its organization (which authorization asks of most rows). */
function alwaysRead(model: string): string[] {
  return [
    ...keyColumns(model),
    ...modelFields(model)
      .filter((f) => f.name === 'organizationId')
      .map((f) => f.name),
  ];
}

/** The scalar fields a shape reads: the hint's, its key and organization, or all but the unasked ones. */
function scalarFields(model: string, hint: ColumnHint | undefined): ModelField[] {
  const scalars = modelFields(model).filter((f) => f.kind !== 'object');
  if (!hint || hint.columns === 'all') {
    const unasked = UNASKED_COLUMNS[model] ?? [];
    return scalars.filter((f) => !unasked.includes(f.name));
  }
  const wanted = new Set([...hint.columns, ...alwaysRead(model)]);
  return scalars.filter((f) => wanted.has(f.name));
}

export interface OrderedColumn {
  column: string;
  descending?: boolean;
}

/** What one statement reads of a row, and how the row's values become the object the resolvers read. */
export interface RowShape {
  /** Columns of the model's own table the shape reads (the page's inner query must select them). */
  ownColumns: ReadonlySet<string>;
  /** Select-list expressions, in the order `read` consumes them. */
  select: Prisma.Sql[];
  /** LEFT JOIN LATERAL lookups of the to-one relations, outermost first. */
  joins: Prisma.Sql[];
  /** Where the row's key is in `select` (-1 for a composite key). */
  keyIndex: number;
  /** The object for the row's values from `offset` on. */
  read(row: readonly unknown[], offset: number): Record<string, unknown>;
}

/** Where a column of the table sits in the shape's select list. */
function indexOf(scalars: readonly ModelField[], name: string): number {
  const index = scalars.findIndex((f) => f.name === name);
  if (index < 0) throw new Error(`${name} is not read`);
  return index;
}

/**
 * The columns and lookups that read what `hint` names of `model` (every column without one),
 * from the table aliased `alias`: to-one relations are joined by key; list relations are left to
 * their fields, which read them by key for all the rows at once.
 */
export function rowShape(model: string, alias: string, hint?: ColumnHint, aliases: Aliases = new Aliases()): RowShape {
  const scalars = scalarFields(model, hint);
  const ownColumns = new Set(scalars.map((f) => f.name));
  const select = scalars.map((f) => column(alias, f.name));
  const joins: Prisma.Sql[] = [];
  const relations: { name: string; shape: RowShape; start: number; presence: number }[] = [];

  for (const [name, nestedHint] of hint?.relations ?? []) {
    const link = relationLink(model, name);
    if (link.isList) continue;
    const joined = aliases.take();
    const nested = rowShape(link.target, joined, nestedHint, aliases);
    // The join needs the parent's column in the page's inner query, not in the rows read.
    ownColumns.add(link.parentColumn);
    const lookupColumns = new Set([link.targetColumn, ...nested.ownColumns]);
    joins.push(
      Prisma.sql`LEFT JOIN LATERAL (SELECT ${Prisma.join([...lookupColumns].map((c) => column(joined, c)))} FROM ${identifier(link.target)} ${Prisma.raw(joined)} WHERE ${column(joined, link.targetColumn)} = ${column(alias, link.parentColumn)} LIMIT 1) ${Prisma.raw(joined)} ON true`,
      ...nested.joins,
    );
    // The related row's key, read among its columns, is NULL when there is none.
    relations.push({ name, shape: nested, start: select.length, presence: select.length + nested.keyIndex });
    select.push(...nested.select);
  }

  const scalarNames = scalars.map((f) => f.name);
  return {
    ownColumns,
    select,
    joins,
    keyIndex: keyColumns(model).length === 1 ? indexOf(scalars, idField(model)) : -1,
    read(row, offset) {
      const object: Record<string, unknown> = {};
      for (let i = 0; i < scalarNames.length; i++) object[scalarNames[i]!] = row[offset + i];
      for (const relation of relations) {
        object[relation.name] = row[offset + relation.presence] === null ? null : relation.shape.read(row, offset + relation.start);
      }
      return object;
    },
  };
}

/**
 * The rows of `model` whose `keyColumn` is one of `keys`, in one statement: each row is
 * [its key value, ...shape columns], grouped by key, then in `order`, the table's key breaking ties.
 */
export function rowsByKeyStatement(
  model: string,
  keyColumn: string,
  shape: RowShape,
  keys: readonly string[],
  order: readonly OrderedColumn[] = [],
): Prisma.Sql {
  const sorted: OrderedColumn[] = [{ column: keyColumn }, ...order, ...keyColumns(model).map((name) => ({ column: name }))];
  return Prisma.sql`SELECT ${Prisma.join([column('c', keyColumn), ...shape.select])}
    FROM ${identifier(model)} c ${shape.joins.length ? Prisma.join(shape.joins, ' ') : Prisma.empty}
    WHERE ${column('c', keyColumn)} = ANY(${textArray(keys)})
    ORDER BY ${Prisma.join(sorted.map((o) => Prisma.sql`${column('c', o.column)} ${Prisma.raw(o.descending ? 'DESC' : 'ASC')}`))}`;
}

/** Groups the rows of a `rowsByKeyStatement` by their key. */
export function groupByKey(rows: readonly unknown[][], shape: RowShape): Map<unknown, Record<string, unknown>[]> {
  const groups = new Map<unknown, Record<string, unknown>[]>();
  for (const row of rows) {
    const group = groups.get(row[0]);
    const object = shape.read(row, 1);
    if (group) group.push(object);
    else groups.set(row[0], [object]);
  }
  return groups;
}
