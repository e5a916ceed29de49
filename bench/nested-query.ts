// npm run bench: latency, SQL statements and memory of the frontend's nested query
// (20 organizations × 20 members with their users, invitations with their inviters) on
// in-memory PGlite, or on PostgreSQL when BENCH_DATABASE_URL names an empty database.
import { performance } from 'node:perf_hooks';
import { createApp } from '../src/app.js';
import { generateSigningKeyJwk, loadSigningKey } from '../src/auth/keys.js';
import { mintUserToken } from '../src/auth/tokens.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { applyMigrations } from '../src/db/migrate.js';

const ORGS = 20;
const MEMBERS = 20;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 200);
const QUERY = `{ organizations(first: ${ORGS}) { edges { node { name viewerCan { invite }
  members(first: ${MEMBERS}) { totalCount edges { node { role user { email name } } } }
  invitations(first: 20) { edges { node { email status invitedBy { email } } } } } } } }`;

let statements = 0;
const url = process.env.BENCH_DATABASE_URL;
const db = await openDatabase(url ? { kind: 'postgres', url } : { kind: 'pglite', dataDir: 'memory://' }, { onQuery: () => statements++ });
await applyMigrations(db.adapterFactory);

const viewer = await db.prisma.user.create({ data: { email: 'bench@example.test', name: 'Bench' } });
for (let o = 0; o < ORGS; o++) {
  const org = await db.prisma.organization.create({ data: { name: `Org ${o}`, members: { create: { userId: viewer.id, role: 'OWNER' } } } });
  await db.prisma.user.createMany({ data: Array.from({ length: MEMBERS - 1 }, (_, m) => ({ email: `u${o}-${m}@example.test`, name: `User ${o}-${m}` })) });
  const users = await db.prisma.user.findMany({ where: { email: { startsWith: `u${o}-` } } });
  await db.prisma.member.createMany({ data: users.map((u) => ({ organizationId: org.id, userId: u.id, role: 'MEMBER' as const })) });
  await db.prisma.invitation.createMany({
    data: Array.from({ length: 5 }, (_, i) => ({ organizationId: org.id, email: `i${o}-${i}@example.test`, pendingEmail: `i${o}-${i}@example.test`, role: 'MEMBER' as const, invitedById: viewer.id, expiresAt: new Date(Date.now() + 86_400_000) })),
  });
}

const config = loadConfig({ DATA_DIR: '/nonexistent' });
const signingKey = await loadSigningKey({ signingKey: await generateSigningKeyJwk(), dataDir: config.dataDir });
const app = createApp({ prisma: db.prisma, config, signingKey });
const token = await mintUserToken(signingKey, config.tokens, { email: viewer.email });
const request = async () => {
  const response = await app.fetch('http://bench/graphql', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: QUERY }) });
  return response.json();
};

for (let i = 0; i < 10; i++) await request(); // warm-up
statements = 0;
const times: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  const start = performance.now();
  const body = (await request()) as { errors?: unknown };
  times.push(performance.now() - start);
  if (body.errors) throw new Error(JSON.stringify(body.errors));
}
times.sort((a, b) => a - b);
const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!.toFixed(1);
console.log(`${db.describe}: ${ORGS} orgs × ${MEMBERS} members, ${ROUNDS} requests`);
console.log(`latency ms: p50 ${pct(50)}  p95 ${pct(95)}  max ${times.at(-1)!.toFixed(1)}`);
console.log(`SQL statements per request: ${(statements / ROUNDS).toFixed(1)}`);
console.log(`RSS after run: ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
await app.dispose();
await db.close();
