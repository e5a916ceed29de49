import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

// A private PostgreSQL server that a test starts, stops and starts again (database outages),
// run as the postgres user (PostgreSQL refuses root), on a free port. Null where no PostgreSQL
// binaries are installed.

function binDir(): string | null {
  try {
    return execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
  } catch {
    const root = '/usr/lib/postgresql';
    if (!existsSync(root)) return null;
    const version = readdirSync(root).sort().at(-1);
    return version ? path.join(root, version, 'bin') : null;
  }
}

const asRoot = process.getuid?.() === 0;
const run = (bin: string, args: string[]) => execFileSync(asRoot ? 'runuser' : bin, asRoot ? ['-u', 'postgres', '--', bin, ...args] : args, { stdio: 'pipe' });

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export interface OwnPostgres {
  url: string;
  stop(): void;
  start(): void;
  /** Freezes every process of the server (SIGSTOP): connections stay open, nothing answers. */
  pause(): void;
  resume(): void;
  remove(): void;
}

export async function startOwnPostgres(): Promise<OwnPostgres | null> {
  const bin = binDir();
  if (!bin || !existsSync(path.join(bin, 'initdb'))) return null;
  const dir = mkdtempSync(path.join(tmpdir(), 'orgraph-outage-'));
  if (asRoot) execFileSync('chown', ['postgres', dir]);
  const port = await freePort();
  run(path.join(bin, 'initdb'), ['-D', dir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8']);
  const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off`;
  const running = () => {
    try {
      run(path.join(bin, 'pg_ctl'), ['-D', dir, 'status']);
      return true;
    } catch {
      return false;
    }
  };
  const start = () => void (running() || run(path.join(bin, 'pg_ctl'), ['-D', dir, '-l', path.join(dir, 'server.log'), '-w', '-o', options, 'start']));
  const stop = () => void run(path.join(bin, 'pg_ctl'), ['-D', dir, '-m', 'immediate', '-w', 'stop']);
  start();
  const processes = () => {
    const postmaster = Number(readFileSync(path.join(dir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    const children = execFileSync('pgrep', ['-P', String(postmaster)], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number);
    return [postmaster, ...children];
  };
  const signal = (name: NodeJS.Signals) => {
    for (const pid of processes()) process.kill(pid, name);
  };
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop,
    start,
    pause: () => signal('SIGSTOP'),
    resume: () => signal('SIGCONT'),
    remove() {
      if (running()) stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
