// npm run events:replay -- --since <time> [--until <time>] [--organization <id>]: hands the events
// of that range to every consumer again (src/events/replay.ts). On PostgreSQL the running servers
// deliver them at once; on the embedded database, stop the server first (one process owns its
// files): the next start delivers them.
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { replayEvents } from '../src/events/replay.js';

const usage = 'usage: npm run events:replay -- --since 2026-12-01T00:00:00Z [--until <time>] [--organization <organization id>]';
const { values } = parseArgs({ options: { since: { type: 'string' }, until: { type: 'string' }, organization: { type: 'string' } } });
const since = values.since ? new Date(values.since) : undefined;
const until = values.until ? new Date(values.until) : undefined;
if (!since || Number.isNaN(since.getTime()) || (until && Number.isNaN(until.getTime()))) {
  console.error(usage);
  process.exit(2);
}
const db = await openDatabase(loadConfig().database);
try {
  const count = await replayEvents(db.prisma, { since, until, organizationId: values.organization });
  console.log(`${count} events put back in the outbox: the servers deliver them again`);
} finally {
  await db.close();
}
