import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateClientSecret } from '../../src/auth/client-credentials.js';
import { createHttpServer } from '../../src/http/node-server.js';
import { closeServer, listen } from '../helpers/raw-http.js';
import { createTestApp, expectData, type TestApp } from '../helpers/app.js';
import { postToken } from '../helpers/client-tokens.js';
import { ALICE, type Demo, seedDemo } from '../helpers/fixtures.js';
import { rawId } from '../helpers/ids.js';

// CSRF prevention: a page of another site can make a browser send a GET (or a form POST) without
// a preflight. A GET query must carry x-graphql-yoga-csrf or a JSON content-type; form POSTs are
// refused by the request guard. Everything else a browser or the README does keeps working.

const ATTACKER_PAGE = 'https://attacker.example';

let t: TestApp;
let demo: Demo;
let token: string;
beforeAll(async () => {
  t = await createTestApp();
  demo = await seedDemo(t);
  token = await t.tokenFor(ALICE);
});
afterAll(() => t.close());

const getQuery = (query: string, headers: Record<string, string> = {}) =>
  t.app.fetch(`http://test/graphql?query=${encodeURIComponent(query)}`, { headers: { authorization: `Bearer ${token}`, ...headers } });

describe('a GET query', () => {
  it('is refused without the header, saying what to send', async () => {
    const simpleRequests: Record<string, string>[] = [
      {},
      { 'content-type': 'text/plain' },
      { 'content-type': 'application/x-www-form-urlencoded' },
      { origin: ATTACKER_PAGE },
    ];
    for (const headers of simpleRequests) {
      const response = await getQuery('{ me { email } }', headers);
      expect(response.status, JSON.stringify(headers)).toBe(403);
      expect(await response.json()).toEqual({
        errors: [
          {
            message:
              'Refused as a possible cross-site request forgery: a GET request needs the header x-graphql-yoga-csrf (any value); or POST with content-type application/json',
            extensions: { code: 'BAD_REQUEST' },
          },
        ],
      });
    }
  });

  it('runs with the header, or with a JSON content-type (both need a preflight cross-site)', async () => {
    const preflighted: Record<string, string>[] = [{ 'x-graphql-yoga-csrf': '1' }, { 'content-type': 'application/json' }];
    for (const headers of preflighted) {
      const response = await getQuery('{ me { email } }', headers);
      expect(response.status, JSON.stringify(headers)).toBe(200);
      expect(await response.json()).toEqual({ data: { me: { email: ALICE } } });
    }
  });

  it('is never a mutation: refused without the header, 405 with it', async () => {
    const before = await t.prisma.organization.count();
    const mutation = 'mutation { createOrganization(input: { name: "ViaGet" }) { __typename } }';
    expect((await getQuery(mutation)).status).toBe(403);
    expect((await getQuery(mutation, { 'x-graphql-yoga-csrf': '1' })).status).toBe(405);
    expect(await t.prisma.organization.count()).toBe(before);
  });
});

describe('what keeps working without the header', () => {
  it('GraphiQL: its page, and its requests (POST application/json)', async () => {
    const page = await t.app.fetch('http://test/graphql', { headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toContain('YogaGraphiQL.renderYogaGraphiQL');
    // What GraphiQL's fetcher sends: same origin, JSON, its Accept list.
    const request = await t.app.fetch('http://test/graphql', {
      method: 'POST',
      headers: {
        origin: 'http://test',
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json, multipart/mixed',
        authorization: `Bearer ${token}`,
      },
      body: JSON.stringify({ query: '{ me { email } }', operationName: null, variables: {} }),
    });
    expect(request.status).toBe(200);
    expect(await request.json()).toEqual({ data: { me: { email: ALICE } } });
  });

  it('/health, /ready and the public keys', async () => {
    for (const path of ['/health', '/ready', '/.well-known/jwks.json']) {
      const response = await t.app.fetch(`http://test${path}`);
      expect(response.status, path).toBe(200);
    }
  });

  it('POST /oauth/token with a form body (RFC 6749)', async () => {
    const { secret, secretHash, secretLastChars } = generateClientSecret();
    const client = await t.prisma.client.create({
      data: { organizationId: rawId(demo.acme), name: 'csrf', scopes: ['organization:read'], secretHash, secretLastChars },
    });
    const response = await postToken(t, { grant_type: 'client_credentials', client_id: client.id, client_secret: secret });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { access_token?: string }).access_token).toBeTruthy();
  });

  it('a legal document’s download link, opened by a browser', async () => {
    const requested = expectData(
      await t.gql(
        `mutation($input: RequestLegalDocumentInput!) { requestLegalDocument(input: $input) { ... on RequestLegalDocumentPayload { legalDocument { downloadUrl } } } }`,
        { input: { organizationId: demo.acme, documentType: 'BAA', companyName: 'Acme', companyAddress: '1 Road', representativeEmail: 'legal@acme.test' } },
        { as: ALICE },
      ),
    );
    const response = await t.app.fetch(`http://test${requested.requestLegalDocument.legalDocument.downloadUrl}`, {
      headers: { accept: 'text/html,*/*;q=0.8' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
  });

  it('a cross-site form POST stays refused (415), and runs nothing', async () => {
    const before = await t.prisma.organization.count();
    const response = await t.app.fetch('http://test/graphql', {
      method: 'POST',
      headers: { origin: ATTACKER_PAGE, 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${token}` },
      body: `query=${encodeURIComponent('mutation { createOrganization(input: { name: "Forged" }) { __typename } }')}`,
    });
    expect(response.status).toBe(415);
    expect(await t.prisma.organization.count()).toBe(before);
  });
});

/** Every `curl …` command of the README's sh blocks, continuation lines joined; in `$(curl … | field …)` the part before the pipe. */
function readmeCurlCommands(): string[] {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1]!.replace(/\\\n\s*/g, ''));
  return blocks
    .flatMap((block) => block.split('\n'))
    .filter((line) => !line.trimStart().startsWith('#') && line.includes('curl '))
    .map((line) => line.slice(line.indexOf('curl ')).split(' | ')[0]!.trim());
}

describe('the README’s curl examples, run by curl against the server', () => {
  let server: Server;
  let env: Record<string, string>;
  beforeAll(async () => {
    server = await listen(createHttpServer(t.app));
    const { secret, secretHash, secretLastChars } = generateClientSecret();
    const client = await t.prisma.client.create({
      data: {
        organizationId: rawId(demo.acme),
        name: 'provisioner',
        scopes: ['organization:read', 'member:read', 'invitation:write'],
        secretHash,
        secretLastChars,
      },
    });
    env = { PATH: process.env.PATH ?? '/usr/bin:/bin', TOKEN: token, CLIENT_ID: client.id, CLIENT_SECRET: secret };
  });
  afterAll(() => closeServer(server));

  const commands = readmeCurlCommands();

  it('finds them: the GraphQL and the token examples', () => {
    expect(commands.filter((command) => command.includes('/graphql')).length).toBeGreaterThanOrEqual(2);
    expect(commands.filter((command) => command.includes('/oauth/token')).length).toBeGreaterThanOrEqual(3);
  });

  for (const [index, command] of commands.entries()) {
    it(`${index + 1}. ${command.slice(0, 100)}`, async () => {
      const { port } = server.address() as AddressInfo;
      // The README's examples reach the server at localhost:$PORT.
      const local = command.replaceAll('http://localhost:$PORT', 'http://127.0.0.1:$PORT');
      const { stdout } = await promisify(execFile)('bash', ['-c', `${local} -w '\\n%{http_code}'`], { env: { ...env, PORT: String(port) } });
      const [body, status] = [stdout.slice(0, stdout.lastIndexOf('\n')), stdout.slice(stdout.lastIndexOf('\n') + 1)];
      expect(status, body).toBe('200');
      const answer = JSON.parse(body);
      if (command.includes('/oauth/token')) expect(answer.access_token).toBeTruthy();
      else expect(answer.errors, body).toBeUndefined();
      if (command.includes('createOrganization')) expect(answer.data.createOrganization.organization.name).toBe('Initech');
      if (command.includes('{ me { email }')) expect(answer.data.me.email).toBe(ALICE);
    });
  }
});
