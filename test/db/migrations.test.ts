import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations, diffSchemaAgainstMigrations, readMigrations } from '../../src/db/migrate.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase(); // already migrated, as every test database is
});
afterAll(() => database.drop());

describe('migrations through the WASM schema engine', () => {
  it('records every migration in _prisma_migrations, finished', async () => {
    const { migrationDirectories } = await readMigrations();
    const rows = await database.db.prisma.$queryRaw<{ migration_name: string; finished_at: Date | null }[]>`
      SELECT migration_name, finished_at FROM _prisma_migrations ORDER BY migration_name`;
    expect(rows.map((r) => r.migration_name)).toEqual(migrationDirectories.map((d) => d.path));
    expect(rows.every((r) => r.finished_at !== null)).toBe(true);
  });

  it('applies nothing the second time', async () => {
    expect(await applyMigrations(database.db.adapterFactory)).toEqual([]);
  });

  it('has migrations that match prisma/schema.prisma (run `npm run db:migration -- <name>` after a schema change)', async () => {
    const sql = await diffSchemaAgainstMigrations();
    expect(sql.replace(/^--.*$/gm, '').trim()).toBe('');
  });
});
