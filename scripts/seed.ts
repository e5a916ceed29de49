// npm run db:seed: adds the demo data to an empty database (DATABASE_URL or the embedded one).
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { seedDemoData } from '../src/db/seed.js';

const config = loadConfig();
const db = await openDatabase(config.database);
try {
  console.log((await seedDemoData(db.prisma, config.invitationTtlDays)) ? 'demo data seeded' : 'the database has users already: nothing seeded');
} finally {
  await db.close();
}
