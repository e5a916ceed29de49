// npm run db:migrate: applies pending migrations to DATABASE_URL, or to the embedded database under DATA_DIR.
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { applyMigrations } from '../src/db/migrate.js';

const db = await openDatabase(loadConfig().database);
try {
  const applied = await applyMigrations(db.adapterFactory);
  console.log(`${db.describe}: ${applied.length ? `applied ${applied.join(', ')}` : 'no pending migrations'}`);
} finally {
  await db.close();
}
