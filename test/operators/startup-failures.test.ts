import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linesOf, startServer, stopServers } from './server-process.js';

// An operator's start-up mistakes, made on the real entry point: each is one line naming what to
// fix (no stack trace), exit code 1, and nothing touched.

const STACK_FRAME = /^\s+at /m;

let dataDir: string;
beforeAll(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'orgraph-startup-'));
});
afterAll(async () => {
  await stopServers();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('an invalid setting', () => {
  it('is one line naming the variable and what it expects; exit code 1', async () => {
    const server = startServer({ PORT: 'four thousand', DATA_DIR: dataDir });
    expect(await server.exited).toBe(1);
    expect(linesOf(server.output())).toEqual(['Invalid environment: PORT: Invalid input: expected number, received NaN']);
  });

  it('names each wrong variable on the same line', async () => {
    const server = startServer({ SEED_DEMO_DATA: 'yes', DATABASE_URL: 'localhost', DATA_DIR: dataDir });
    expect(await server.exited).toBe(1);
    const lines = linesOf(server.output());
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('SEED_DEMO_DATA: Invalid option: expected one of "true"|"false"');
    expect(lines[0]).toContain('DATABASE_URL: Invalid URL: expected postgres://user:password@host:5432/database');
    expect(readdirSync(dataDir)).toEqual([]);
  });
});

describe('a busy port', () => {
  let occupant: Server;
  let port: number;
  beforeAll(async () => {
    occupant = createServer();
    await new Promise<void>((resolve) => occupant.listen(0, '127.0.0.1', resolve));
    port = (occupant.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => occupant.close(() => resolve())));

  it('is one line saying so, before the database is opened, migrated or seeded; exit code 1', async () => {
    const server = startServer({ PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir });
    expect(await server.exited).toBe(1);
    const lines = linesOf(server.output());
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: 60,
      msg: `Cannot listen: port ${port} on 127.0.0.1 is in use by another process: stop it, or set PORT to a free port (EADDRINUSE)`,
    });
    expect(server.output()).not.toMatch(STACK_FRAME);
    // No database was created, no key written.
    expect(existsSync(path.join(dataDir, 'pglite'))).toBe(false);
    expect(readdirSync(dataDir)).toEqual([]);
  });
});

describe('an embedded database that cannot be opened', () => {
  it('is one line saying why; exit code 1', async () => {
    // DATA_DIR is a file: the database directory cannot be made under it.
    const file = path.join(dataDir, 'not-a-directory');
    writeFileSync(file, '');
    const server = startServer({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: file });
    expect(await server.exited).toBe(1);
    const lines = linesOf(server.output());
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 60, msg: `Cannot open the database: ENOTDIR: not a directory, mkdir '${file}/pglite'` });
    expect(server.output()).not.toMatch(STACK_FRAME);
  });
});
