// npx tsx bench/token-flood.ts: wrong client secrets from one address against POST /oauth/token,
// as fast as CONCURRENCY requests at a time allow, for DURATION seconds. Prints the attempts per
// second, how many secrets were evaluated (401) and how many refused unread (429), and how fast
// secrets are still evaluated once the limiter answers 429.
//
// Env: BASE_URL (a running server; unset: this script starts `src/server.ts` on a fresh embedded
// database and stops it at the end), DURATION (5 s), CONCURRENCY (16), CLIENT_ID (unset: a random
// id; an unknown id costs the server what a wrong secret does, one lookup and one hash). Every
// other variable reaches the started server, e.g. TOKEN_FAILURES_PER_CLIENT=0 (and the other
// limits at 0) to measure without limits, or DATABASE_URL for PostgreSQL (migrated first).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const durationMs = Number(process.env.DURATION ?? 5) * 1000;
const concurrency = Number(process.env.CONCURRENCY ?? 16);
const clientId = process.env.CLIENT_ID ?? randomUUID();

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}

/** Starts the API from the sources on a free port with a fresh data directory; resolves once /health answers. */
async function startServer(): Promise<{ baseUrl: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'orgraph-token-flood-'));
  const server: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: path.join(import.meta.dirname, '..'),
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, SEED_DEMO_DATA: 'false' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((resolve) => server.once('exit', resolve));
    }
    await rm(dataDir, { recursive: true, force: true });
  };
  for (let tries = 0; tries < 600; tries++) {
    if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode}`);
    const up = await fetch(`${baseUrl}/health`)
      .then((response) => response.ok)
      .catch(() => false);
    if (up) return { baseUrl, stop };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new Error('the server did not answer /health within 60 s');
}

interface Attempt {
  status: number;
  /** Milliseconds since the flood started, when the answer came. */
  at: number;
}

/** CONCURRENCY loops posting wrong secrets until the time is up; every answer with its status and time. */
async function flood(baseUrl: string): Promise<Attempt[]> {
  const attempts: Attempt[] = [];
  const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: 'wrong-secret' }).toString();
  const started = performance.now();
  const worker = async () => {
    while (performance.now() - started < durationMs) {
      const response = await fetch(`${baseUrl}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
      await response.arrayBuffer();
      attempts.push({ status: response.status, at: performance.now() - started });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return attempts;
}

function report(attempts: Attempt[]) {
  const seconds = Math.max(...attempts.map((a) => a.at)) / 1000;
  const count = (status: number) => attempts.filter((a) => a.status === status).length;
  const perSecond = (n: number, s: number) => (s > 0 ? (n / s).toFixed(1) : 'n/a');
  const evaluated = count(401);
  const refused = count(429);
  console.log(`${attempts.length} attempts in ${seconds.toFixed(2)} s with ${concurrency} at a time: ${perSecond(attempts.length, seconds)} attempts/s`);
  console.log(`evaluated (401): ${evaluated}, refused unread (429): ${refused}, other: ${attempts.length - evaluated - refused}`);
  const firstRefusal = attempts.find((a) => a.status === 429);
  if (!firstRefusal) {
    console.log(`the limiter never answered 429: ${perSecond(evaluated, seconds)} wrong secrets evaluated per second`);
    return;
  }
  const after = attempts.filter((a) => a.at > firstRefusal.at);
  const evaluatedAfter = after.filter((a) => a.status === 401).length;
  const window = seconds - firstRefusal.at / 1000;
  console.log(
    `first 429 after ${(firstRefusal.at / 1000).toFixed(3)} s and ${attempts.filter((a) => a.at < firstRefusal.at && a.status === 401).length} evaluations; ` +
      `after it, ${evaluatedAfter} evaluated in ${window.toFixed(2)} s: ${perSecond(evaluatedAfter, window)} wrong secrets evaluated per second`,
  );
}

const own = process.env.BASE_URL ? null : await startServer();
try {
  const baseUrl = process.env.BASE_URL ?? own!.baseUrl;
  console.log(`POST ${baseUrl}/oauth/token, wrong secrets for client_id ${clientId}, for ${durationMs / 1000} s`);
  report(await flood(baseUrl));
} finally {
  await own?.stop();
}
