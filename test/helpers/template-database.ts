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
  return () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

export function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function adminQuery(adminUrl: string, statement: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
}
