// npm run db:migrate (node dist/migrate.js in the container image): applies pending migrations to DATABASE_URL, or to the embedded database under DATA_DIR.
import { loadConfig } from './config.js';
import { openDatabase } from './db/client.js';
import { applyMigrations } from './db/migrate.js';

const { database } = loadConfig();
// A migration may rewrite or index a big table: no statement deadline, unlike requests.
const db = await openDatabase(database.kind === 'postgres' && database.pool ? { ...database, pool: { ...database.pool, queryTimeoutMs: 0 } } : database);
try {
  const applied = await applyMigrations(db.adapterFactory);
  console.log(`${db.describe}: ${applied.length ? `applied ${applied.join(', ')}` : 'no pending migrations'}`);
} finally {
  await db.close();
}
