import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { generate } from '@graphql-codegen/cli';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import codegenConfig from '../../examples/dashboard-client/codegen.js';
import { generateSigningKeyJwk } from '../../src/auth/keys.js';
import { createHttpServer } from '../../src/http/node-server.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { ALICE, DAVE, seedDemo } from '../helpers/fixtures.js';
import { closeServer, listen } from '../helpers/raw-http.js';

// The README's frontend example, examples/dashboard-client, run as a frontend team would: its
// codegen config generates the typed client and the trusted-documents manifest from
// schema.graphql (here into a temporary copy of the example, so the test does not depend on
// `npm run examples:generate` having run), then its script prints the demo dashboard from a real
// server: sending the document's text to a server as it is by default, and only the document's id
// to a server that runs the generated manifest's documents alone. CI also type-checks the example
// (`npm run examples:check`); this proves it runs.

const ROOT = path.resolve(import.meta.dirname, '../..');
const EXAMPLE = path.join(ROOT, 'examples/dashboard-client');

let copy: string;
let database: TestDatabase;
let token: string;
const apps: TestApp[] = [];
const servers: Server[] = [];

/** A real server (the production one) on the test's database, with these settings; its GraphQL URL. */
async function serve(env: Record<string, string>, signingKey: string): Promise<{ t: TestApp; url: string }> {
  const t = await createTestApp({ SIGNING_KEY: signingKey, ...env }, { database });
  apps.push(t);
  const server = await listen(createHttpServer(t.app));
  servers.push(server);
  return { t, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql` };
}

/** Runs the example's script (TypeScript, through tsx) against `url`; its exit code and output. */
async function printDashboard(url: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const script = path.join(copy, 'print-dashboard.ts');
  const env = { ...process.env, TOKEN: token, GRAPHQL_URL: url, NO_COLOR: '1' };
  return promisify(execFile)(process.execPath, ['--import', 'tsx', script, ...args], { cwd: ROOT, env }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

beforeAll(async () => {
  copy = mkdtempSync(path.join(tmpdir(), 'orgraph-dashboard-client-'));
  cpSync(EXAMPLE, copy, { recursive: true, filter: (source) => path.basename(source) !== 'generated' });
  // The example's own config, run in its folder (codegen finds its preset from there); what it
  // generates is written into the copy.
  const outputs: { filename: string; content: string }[] = await generate({ ...codegenConfig, cwd: EXAMPLE, silent: true }, false);
  for (const { filename, content } of outputs) {
    const target = path.join(copy, path.relative(EXAMPLE, path.resolve(EXAMPLE, filename)));
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
  database = await createTestDatabase();
}, 60_000);
afterAll(async () => {
  for (const server of servers) await closeServer(server);
  for (const t of apps) await t.app.dispose();
  await database?.drop();
  rmSync(copy, { recursive: true, force: true });
});

describe('examples/dashboard-client', () => {
  let signingKey: string;
  let expected: string[];
  beforeAll(async () => {
    signingKey = await generateSigningKeyJwk();
    const { t } = await serve({}, signingKey);
    await seedDemo(t);
    token = await t.tokenFor(ALICE);
    const day = (date: Date) => date.toISOString().slice(0, 10);
    const acme = await t.prisma.organization.findFirstOrThrow({ where: { name: 'Acme' } });
    const invitation = await t.prisma.invitation.findFirstOrThrow({ where: { email: DAVE } });
    expected = [
      `${ALICE}: 1 organization(s)`,
      `Acme (since ${day(acme.createdAt)}; you can invite)`,
      '  OWNER  Alice Anders <alice@acme.test>',
      '  MEMBER Bob Brown <bob@acme.test>',
      `  invited ${DAVE} as MEMBER by Alice Anders, until ${day(invitation.expiresAt)}`,
    ];
  });

  it('generates the typed client and a manifest of its one document, by SHA-256', () => {
    expect(readdirSync(path.join(copy, 'generated')).sort()).toEqual(['gql.ts', 'graphql.ts', 'index.ts', 'persisted-documents.json']);
    const manifest = JSON.parse(readFileSync(path.join(copy, 'generated/persisted-documents.json'), 'utf8')) as Record<string, string>;
    expect(Object.keys(manifest)).toEqual([expect.stringMatching(/^sha256:[0-9a-f]{64}$/)]);
    expect(Object.values(manifest)[0]).toMatch(/^query Dashboard\(/);
    // DateTime is mapped to string in the generated types (CI's type check asserts it too)
    expect(readFileSync(path.join(copy, 'generated/graphql.ts'), 'utf8')).toMatch(/expiresAt: string/);
  });

  it('prints the dashboard from a server as it is by default, sending the document’s text', async () => {
    const { url } = await serve({}, signingKey);
    const run = await printDashboard(url);
    expect(run.stderr).toBe('');
    expect(run.stdout.trimEnd().split('\n')).toEqual(expected);
  });

  it('prints it from a server that runs only the generated manifest’s documents, sending the document’s id', async () => {
    const { url } = await serve({ TRUSTED_DOCUMENTS: path.join(copy, 'generated/persisted-documents.json') }, signingKey);
    const persisted = await printDashboard(url, '--persisted');
    expect(persisted.stderr).toBe('');
    expect(persisted.stdout.trimEnd().split('\n')).toEqual(expected);
    // the same client sending the text is refused there, and says why
    const text = await printDashboard(url);
    expect(text).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'GraphQL request failed (HTTP 400): PERSISTED_QUERY_ID_REQUIRED: This server runs trusted documents only: send the documentId of a document its manifest holds, not the document’s text\n',
    });
  });
});
