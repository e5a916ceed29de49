import { randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/db/client.js';
import { applyMigrations } from '../../src/db/migrate.js';

// Vitest global setup: the migrated database every test file starts from, made once per run.
// Migrating takes most of a test database's start (the schema engine is WebAssembly); copying a
// migrated one is cheap. PGlite: a dump of its data directory, loaded by each file's PGlite.
// PostgreSQL: a template database, which CREATE DATABASE … TEMPLATE copies.

declare module 'vitest' {
  export interface ProvidedContext {
    /** PGlite: the path of the dump of a migrated data directory. */
    pgliteTemplate: string;
    /** PostgreSQL: the migrated database new test databases copy. */
    postgresTemplate: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const pglite = new PGlite('memory://');
    await applyMigrations(new PrismaPGlite(pglite));
    const dump = await pglite.dumpDataDir('none');
    await pglite.close();
    const file = path.join(tmpdir(), `orgraph-test-template-${process.pid}.tar`);
    await writeFile(file, Buffer.from(await dump.arrayBuffer()));
    project.provide('pgliteTemplate', file);
    return () => rm(file, { force: true });
  }
  const name = `orgraph_template_${randomBytes(6).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
  const db = await openDatabase({ kind: 'postgres', url: databaseUrl(adminUrl, name) });
  await applyMigrations(db.adapterFactory);
  await db.close(); // a template must have no connections when it is copied
  project.provide('postgresTemplate', name);
  return () => dropDatabase(adminUrl, name);
}

export function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function adminQuery(adminUrl: string, statement: string): Promise<void> {
  await asAdmin(adminUrl, (admin) => admin.query(statement));
}

/**
 * Drops a test database once its connections are gone. A closed pool's connections close a moment
 * after pool.end() returns; terminating them (DROP … FORCE) while they close makes their clients
 * throw an uncaught "terminating connection due to administrator command".
 */
export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await asAdmin(adminUrl, async (admin) => {
    for (let waited = 0; waited < 5_000; waited += 50) {
      const { rows } = await admin.query<{ open: number }>('SELECT count(*)::int AS open FROM pg_stat_activity WHERE datname = $1', [name]);
      if (rows[0]!.open === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });
}

async function asAdmin<T>(adminUrl: string, work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}
