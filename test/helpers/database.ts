import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { inject } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/db/client.js';
import { adminQuery, databaseUrl, dropDatabase } from './template-database.js';

/**
 * Counts the SQL statements sent (Prisma's and the read path's) and the rows they returned, for
 * the "fixed number of statements" and "rows follow the page" tests.
 */
export class StatementCounter {
  statements: string[] = [];
  rows = 0;
  active = false;
  record = (sql: string) => {
    if (this.active) this.statements.push(sql);
  };
  recordRows = (_sql: string, count: number) => {
    if (this.active) this.rows += count;
  };
  async during<T>(work: () => Promise<T>): Promise<{ result: T; count: number; rows: number; statements: string[] }> {
    this.statements = [];
    this.rows = 0;
    this.active = true;
    try {
      const result = await work();
      return { result, count: this.statements.length, rows: this.rows, statements: [...this.statements] };
    } finally {
      this.active = false;
    }
  }
}

/** The database the tests run on: PostgreSQL when TEST_DATABASE_URL names a server, else PGlite. */
export function testDatabaseKind(): TestDatabase['kind'] {
  return process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite';
}

export interface TestDatabase {
  db: DatabaseHandle;
  counter: StatementCounter;
  kind: 'pglite' | 'postgres';
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file, copied from the run's template
 * (template-database.ts): a new database on the server named by TEST_DATABASE_URL when set
 * (PostgreSQL), else an in-memory PGlite.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const counter = new StatementCounter();
  const observer = { onQuery: counter.record, onRows: counter.recordRows };
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const loadDataDir = new Blob([await readFile(inject('pgliteTemplate'))]);
    const db = await openDatabase({ kind: 'pglite', dataDir: 'memory://' }, { ...observer, loadDataDir });
    return { db, counter, kind: 'pglite', drop: () => db.close() };
  }
  const name = `orgraph_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name} TEMPLATE ${inject('postgresTemplate')}`);
  const db = await openDatabase({ kind: 'postgres', url: databaseUrl(adminUrl, name) }, observer);
  return {
    db,
    counter,
    kind: 'postgres',
    drop: async () => {
      await db.close();
      await dropDatabase(adminUrl, name);
    },
  };
}
