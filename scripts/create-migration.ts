// npm run db:migration -- <name>: writes a migration from the difference between prisma/migrations
// and prisma/schema.prisma. Needs no database: the engine replays the migrations on an in-memory PGlite.
import { diffSchemaAgainstMigrations, writeMigration } from '../src/db/migrate.js';

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('usage: npm run db:migration -- <name>   (lower-case letters, digits and _)');
  process.exit(2);
}
const folder = await writeMigration(name, await diffSchemaAgainstMigrations());
console.log(folder ? `wrote ${folder}/migration.sql` : 'the schema matches the migrations: nothing to write');
