// DATABASE_URL=postgres://… npx tsx bench/telemetry-overhead.ts: the CPU this process spends per
// request of the README's dashboard query, without telemetry, with metrics (METRICS_TOKEN), and
// with metrics and traces (sent to a sink in this process). The database must be one the script
// may migrate and seed (demo data into an empty one). Rounds alternate the settings, so that
// the machine's noise falls on each alike; the medians are printed. Env: REQUESTS (300 a round), ROUNDS (7).
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../src/app.js';
import { generateSigningKeyJwk, loadSigningKey } from '../src/auth/keys.js';
import { mintUserToken } from '../src/auth/tokens.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { applyMigrations } from '../src/db/migrate.js';
import { seedDemoData } from '../src/db/seed.js';
import { startTracing } from '../src/telemetry/tracing.js';

const REQUESTS = Number(process.env.REQUESTS ?? 300);
const ROUNDS = Number(process.env.ROUNDS ?? 7);
const query = JSON.parse(/-d '(\{"query":"\{ me .*\})'$/m.exec(readFileSync(new URL('../README.md', import.meta.url), 'utf8'))![1]!).query as string;

const sink = createServer((request, response) => request.resume().on('end', () => response.writeHead(200).end('{}'))).listen(0, '127.0.0.1');
await new Promise((resolve) => sink.once('listening', resolve));
const endpoint = `http://127.0.0.1:${(sink.address() as AddressInfo).port}`;

const base = { DATABASE_URL: process.env.DATABASE_URL, DATA_DIR: '/nonexistent', LOG_LEVEL: 'warn' };
const db = await openDatabase(loadConfig(base).database);
await applyMigrations(db.adapterFactory);
await seedDemoData(db.prisma);
const signingKey = await loadSigningKey({ signingKey: await generateSigningKeyJwk(), dataDir: '/nonexistent' });

const variants = {
  plain: loadConfig(base),
  metrics: loadConfig({ ...base, METRICS_TOKEN: 'bench-token-0123456789' }),
  'metrics+traces': loadConfig({ ...base, METRICS_TOKEN: 'bench-token-0123456789', OTEL_EXPORTER_OTLP_ENDPOINT: endpoint }),
};
const apps = Object.fromEntries(
  Object.entries(variants).map(([name, config]) => [name, createApp({ prisma: db.prisma, sql: db.sql, pool: db.pool, config, signingKey })]),
);
const token = await mintUserToken(signingKey, variants.plain.tokens, { email: 'alice@acme.test' });
const body = JSON.stringify({ query });

async function round(name: string): Promise<number> {
  const app = apps[name]!;
  const start = process.cpuUsage();
  for (let i = 0; i < REQUESTS; i++) {
    const response = await app.fetch('http://bench/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body,
    });
    if (response.status !== 200) throw new Error(`${name}: ${response.status} ${await response.text()}`);
    await response.text();
  }
  const { user, system } = process.cpuUsage(start);
  return (user + system) / REQUESTS;
}

const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const results: Record<string, number[]> = { plain: [], metrics: [] };
for (const name of ['plain', 'metrics']) await round(name); // warm-up: compile, caches, JIT
for (let r = 0; r < ROUNDS; r++) for (const name of ['plain', 'metrics']) results[name]!.push(await round(name));
// Traces last: starting them registers the process-wide tracer for good.
const tracing = startTracing(variants['metrics+traces'].tracing!);
await round('metrics+traces');
results['metrics+traces'] = [];
for (let r = 0; r < ROUNDS; r++) results['metrics+traces'].push(await round('metrics+traces'));

const plain = median(results.plain!);
const signed = (value: number, digits: number) => `${value >= 0 ? '+' : ''}${value.toFixed(digits)}`;
for (const [name, values] of Object.entries(results)) {
  const cpu = median(values);
  console.log(
    `${name.padEnd(15)} ${cpu.toFixed(0).padStart(5)} µs CPU/request (median of ${ROUNDS} rounds of ${REQUESTS})  ${name === 'plain' ? '' : `${signed(cpu - plain, 0)} µs, ${signed(((cpu - plain) / plain) * 100, 1)}%`}`,
  );
}
await tracing.shutdown();
await Promise.all(Object.values(apps).map((app) => app.dispose()));
await db.close();
sink.close();
