// npm run db:migration -- <name>: writes a migration from the difference between prisma/migrations and the schema.
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { diffSchemaAgainstMigrations, writeMigration } from '../src/db/migrate.js';

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('usage: npm run db:migration -- <name>   (lower-case letters, digits and _)');
  process.exit(2);
}
// The diff replays the migrations on the adapter's shadow database; an in-memory PGlite serves by default.
const config = loadConfig();
const database = config.database.kind === 'postgres' ? config.database : ({ kind: 'pglite', dataDir: 'memory://' } as const);
const db = await openDatabase(database);
try {
  const sql = await diffSchemaAgainstMigrations(db.adapterFactory);
  const folder = await writeMigration(name, sql);
  console.log(folder ? `wrote ${folder}/migration.sql` : 'the schema matches the migrations: nothing to write');
} finally {
  await db.close();
}
