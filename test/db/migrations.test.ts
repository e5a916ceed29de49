import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE_SCOPES } from '../../src/auth/scopes.js';
import { applyMigrations, diffSchemaAgainstMigrations, readMigrations } from '../../src/db/migrate.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { PINNED_ROLE_SCOPES as ROLES } from '../helpers/role-scopes.js';

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

  it('stores each role as a built-in policy with exactly the scopes authorization uses', async () => {
    const expected = Object.fromEntries(Object.entries(ROLES).map(([role, scopes]) => [role, [...scopes].sort()]));
    const inCode = Object.fromEntries(Object.entries(ROLE_SCOPES).map(([role, scopes]) => [role, [...scopes].sort()]));
    expect(inCode).toEqual(expected);
    const builtIns = await database.db.prisma.policy.findMany({ where: { organizationId: null } });
    const byRole = Object.fromEntries(builtIns.map((p) => [p.role, [...p.scopes].sort()]));
    expect(byRole).toEqual(expected);
  });

  it('has migrations that match prisma/schema.prisma (run `npm run db:migration -- <name>` after a schema change)', async () => {
    const sql = await diffSchemaAgainstMigrations();
    expect(sql.replace(/^--.*$/gm, '').trim()).toBe('');
  });
});
