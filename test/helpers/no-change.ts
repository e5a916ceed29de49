import { expect } from 'vitest';
import type { PrismaClient } from '../../src/db/client.js';
import type { TestApp } from './app.js';

// A refused request must leave the database as it found it: each domain names the tables its
// mutations could touch, and the tests compare them before and after.

/** A table as the Prisma client names it (`t.prisma.<table>`). */
export type Table = { [K in keyof PrismaClient]: PrismaClient[K] extends { findMany: unknown; count: unknown } ? K : never }[keyof PrismaClient];

/** Reads what a piece of work could change, to compare before and after it. */
export type Snapshot = (t: TestApp) => Promise<unknown>;

interface Rows {
  findMany(): Promise<object[]>;
  count(): Promise<number>;
}

/**
 * Every row of `tables`, how many rows `counted` has (tables a request may touch harmlessly,
 * e.g. a caller's user row), and how many audit entries there are. Rows are sorted here, so the
 * order the database returns them in does not matter.
 */
export function snapshotOf(tables: Table[], counted: Table[] = []): Snapshot {
  return async (t) => {
    const of = (table: Table) => t.prisma[table] as unknown as Rows;
    const rows = await Promise.all(tables.map(async (table) => [table, sortRows(await of(table).findMany())] as const));
    const counts = await Promise.all([...counted, 'auditLog' as const].map(async (table) => [table, await of(table).count()] as const));
    return { rows: Object.fromEntries(rows), counts: Object.fromEntries(counts) };
  };
}

function sortRows(rows: object[]): object[] {
  const keyed = rows.map((row) => [JSON.stringify(row), row] as const);
  return keyed.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
}

/** Runs `work` and asserts that `snapshot` reads the same afterwards; returns what `work` returned. */
export async function expectNoChange<T>(t: TestApp, snapshot: Snapshot, work: () => Promise<T>): Promise<T> {
  const before = await snapshot(t);
  const result = await work();
  expect(await snapshot(t)).toEqual(before);
  return result;
}
