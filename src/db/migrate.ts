import { readFile, readdir, mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bindMigrationAwareSqlAdapterFactory, type SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import * as engineGlue from '@prisma/schema-engine-wasm/schema_engine_bg';
import type { MigrationList, SchemaEngine } from '@prisma/schema-engine-wasm';

// Prisma's native schema engine cannot be downloaded here, so migrations run through its WASM build
// over the same driver adapter the application uses: one code path for PGlite and PostgreSQL.

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const schemaPath = path.join(projectRoot, 'prisma/schema.prisma');
export const migrationsDir = path.join(projectRoot, 'prisma/migrations');
const noFilter = { externalTables: [], externalEnums: [] };

// Node has WebAssembly, but the ES2023 lib this project compiles against does not declare it.
const wasmApi = (
  globalThis as unknown as { WebAssembly: { instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: Record<string, unknown> } }> } }
).WebAssembly;

let wasmReady: Promise<void> | undefined;

/** Instantiates the engine's .wasm ourselves: Node 22 cannot import .wasm modules without a flag. */
function loadEngineWasm(): Promise<void> {
  wasmReady ??= (async () => {
    const require = createRequire(import.meta.url);
    const wasmPath = path.join(path.dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg')), 'schema_engine_bg.wasm');
    const { instance } = await wasmApi.instantiate(await readFile(wasmPath), { './schema_engine_bg.js': engineGlue });
    engineGlue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
  })();
  return wasmReady;
}

async function withEngine<T>(adapterFactory: SqlMigrationAwareDriverAdapterFactory, run: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  await loadEngineWasm();
  const schema = await readFile(schemaPath, 'utf8');
  const log = () => {};
  const engine = (await engineGlue.SchemaEngine.new(
    { datamodels: [[schemaPath, schema]] },
    log,
    bindMigrationAwareSqlAdapterFactory(adapterFactory),
  )) as SchemaEngine;
  try {
    return await run(engine);
  } finally {
    engine.free();
  }
}

export async function readMigrations(): Promise<MigrationList> {
  const names = (await readdir(migrationsDir, { withFileTypes: true }).catch(() => []))
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  const migrationDirectories = await Promise.all(
    names.map(async (name) => ({
      path: name, // relative, as Prisma's CLI passes it: the name recorded in _prisma_migrations
      migrationFile: {
        path: 'migration.sql',
        content: { tag: 'ok' as const, value: await readFile(path.join(migrationsDir, name, 'migration.sql'), 'utf8') },
      },
    })),
  );
  const lockContent = await readFile(path.join(migrationsDir, 'migration_lock.toml'), 'utf8').catch(() => null);
  return { baseDir: migrationsDir, lockfile: { path: 'migration_lock.toml', content: lockContent }, shadowDbInitScript: '', migrationDirectories };
}

/** Applies pending migrations from prisma/migrations, recorded in `_prisma_migrations`. Returns the names applied. */
export async function applyMigrations(adapterFactory: SqlMigrationAwareDriverAdapterFactory): Promise<string[]> {
  const migrationsList = await readMigrations();
  const result = await withEngine(adapterFactory, (engine) => engine.applyMigrations({ migrationsList, filters: noFilter }));
  return result.appliedMigrationNames;
}

/**
 * SQL that takes a database built by the existing migrations to the current schema; empty when
 * they agree. The migrations are replayed on a throw-away in-memory PGlite (the engine's shadow
 * database), never on a configured database.
 */
export async function diffSchemaAgainstMigrations(): Promise<string> {
  const migrations = await readMigrations();
  const schema = await readFile(schemaPath, 'utf8');
  const scratch = new PGlite('memory://');
  const adapterFactory = new PrismaPGlite(scratch);
  const result = await withEngine(adapterFactory, (engine) =>
    engine.diff({
      from: migrations.migrationDirectories.length ? { tag: 'migrations', ...migrations } : { tag: 'empty' },
      to: { tag: 'schemaDatamodel', files: [{ path: schemaPath, content: schema }] },
      script: true,
      exitCode: null,
      filters: noFilter,
    }),
  ).finally(() => scratch.close());
  return result.stdout ?? '';
}

/** Writes prisma/migrations/<timestamp>_<name>/migration.sql; returns its folder, or null when nothing changed. */
export async function writeMigration(name: string, sql: string, now = new Date()): Promise<string | null> {
  if (!/\S/.test(sql.replace(/^--.*$/gm, ''))) return null;
  const stamp = now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const folder = path.join(migrationsDir, `${stamp}_${name}`);
  await mkdir(folder, { recursive: true });
  await writeFile(path.join(folder, 'migration.sql'), sql);
  await writeFile(path.join(migrationsDir, 'migration_lock.toml'), '# Please do not edit this file manually\nprovider = "postgresql"\n');
  return folder;
}
