import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSigningKeyJwk } from '../../src/auth/keys.js';
import { loadConfig } from '../../src/config.js';
import { loadTrustedDocuments } from '../../src/http/trusted-documents-manifest.js';
import { createTestApp, expectData, type GraphQLResponse, type TestApp } from '../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { ALICE, DAVE, seedDemo } from '../helpers/fixtures.js';
import { documentId, writeManifest } from './support.js';

// Trusted documents (TRUSTED_DOCUMENTS): a request names a document of a manifest by its id and
// runs it; in production nothing else runs, while developing anything does. Without a manifest, an
// id is refused clearly instead of yoga's "Unexpected parameter".

const ME = 'query Me { me { email } }';
const ORGANIZATIONS = 'query Organizations($first: Int) { organizations(first: $first) { totalCount edges { node { name } } } }';
const CREATE_ORGANIZATION = 'mutation CreateOrganization($name: String!) { createOrganization(input: { name: $name }) { __typename } }';
const COUNT = 'query Count { organizations { totalCount } }';

let dir: string;
let manifest: string;
let database: TestDatabase;
let token: string;
/** Dave's token: he creates organizations, which leaves Alice's counts alone. */
let daveToken: string;
let signingKey: string;
const apps: TestApp[] = [];

/** An app on the test's one database (demo data seeded once), with these settings. */
async function appWith(env: Record<string, string>): Promise<TestApp> {
  const t = await createTestApp({ SIGNING_KEY: signingKey, ...env }, { database });
  apps.push(t);
  return t;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'orgraph-trusted-documents-'));
  manifest = writeManifest(dir, 'web.json', [ME, ORGANIZATIONS, CREATE_ORGANIZATION]);
  database = await createTestDatabase();
  signingKey = await generateSigningKeyJwk();
  const first = await appWith({});
  await seedDemo(first);
  token = await first.tokenFor(ALICE);
  daveToken = await first.tokenFor(DAVE);
});
afterAll(async () => {
  for (const t of apps) await t.app.dispose();
  await database.drop();
  rmSync(dir, { recursive: true, force: true });
});

async function post(t: TestApp, body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<GraphQLResponse> {
  const response = await t.app.fetch('http://test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
    body: JSON.stringify(body),
  });
  return { ...((await response.json()) as GraphQLResponse), status: response.status };
}

async function get(t: TestApp, search: Record<string, string>, headers: Record<string, string> = { 'x-graphql-yoga-csrf': '1' }): Promise<GraphQLResponse> {
  const response = await t.app.fetch(`http://test/graphql?${new URLSearchParams(search)}`, { headers: { authorization: `Bearer ${token}`, ...headers } });
  return { ...((await response.json()) as GraphQLResponse), status: response.status };
}

/** The one error of a refused request, with its HTTP status. */
const refusal = (response: GraphQLResponse) => ({
  status: response.status,
  data: response.data,
  errors: response.errors?.map(({ message, extensions }) => ({ message, code: extensions?.code })),
});

const ACME_ONLY = { organizations: { totalCount: 1, edges: [{ node: { name: 'Acme' } }] } };

describe('with TRUSTED_DOCUMENTS (production: only those documents run)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await appWith({ TRUSTED_DOCUMENTS: manifest });
  });

  it('runs a document by its id, with its variables', async () => {
    expect(expectData(await post(t, { documentId: documentId(ME) }))).toEqual({ me: { email: ALICE } });
    const organizations = await post(t, { documentId: documentId(ORGANIZATIONS), variables: { first: 5 } });
    expect(organizations.status).toBe(200);
    expect(expectData(organizations)).toEqual(ACME_ONLY);
  });

  it('takes the bare SHA-256 too, and Apollo’s persistedQuery extension', async () => {
    const hash = documentId(ME).slice('sha256:'.length);
    expect(expectData(await post(t, { documentId: hash }))).toEqual({ me: { email: ALICE } });
    expect(expectData(await post(t, { extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }))).toEqual({ me: { email: ALICE } });
  });

  it('runs a GET ?documentId= with the CSRF header, refuses it without; a mutation never runs from a GET', async () => {
    expect(expectData(await get(t, { documentId: documentId(ORGANIZATIONS), variables: '{"first":1}' }))).toEqual(ACME_ONLY);
    expect((await get(t, { documentId: documentId(ME) }, {})).status).toBe(403);
    const before = await t.prisma.organization.count();
    const mutation = await get(
      t,
      { documentId: documentId(CREATE_ORGANIZATION), variables: '{"name":"ViaGet"}' },
      { 'x-graphql-yoga-csrf': '1', authorization: `Bearer ${daveToken}` },
    );
    expect(mutation.status).toBe(405);
    expect(await t.prisma.organization.count()).toBe(before);
    // the same document by POST runs
    const created = await post(t, { documentId: documentId(CREATE_ORGANIZATION), variables: { name: 'Initech' } }, { authorization: `Bearer ${daveToken}` });
    expect(await t.prisma.organization.count()).toBe(before + 1);
    expect(expectData(created)).toEqual({
      createOrganization: { __typename: 'CreateOrganizationPayload' },
    });
  });

  it('refuses an id the manifests do not hold', async () => {
    for (const id of [documentId(COUNT), 'not-a-document']) {
      expect(refusal(await post(t, { documentId: id }))).toEqual({
        status: 400,
        errors: [{ message: 'Unknown documentId: it is not one of this server’s trusted documents', code: 'PERSISTED_QUERY_NOT_IN_LIST' }],
      });
    }
  });

  it('refuses any document sent as text, even one the manifest holds, and introspection', async () => {
    const before = await t.prisma.organization.count();
    for (const query of [COUNT, ME, '{ __schema { queryType { name } } }', 'mutation { createOrganization(input: { name: "Text" }) { __typename } }']) {
      expect(refusal(await post(t, { query })), query).toEqual({
        status: 400,
        errors: [
          {
            message: 'This server runs trusted documents only: send the documentId of a document its manifest holds, not the document’s text',
            code: 'PERSISTED_QUERY_ID_REQUIRED',
          },
        ],
      });
    }
    expect(refusal(await get(t, { query: ME })).errors?.[0]?.code).toBe('PERSISTED_QUERY_ID_REQUIRED');
    expect(await t.prisma.organization.count()).toBe(before);
  });

  it('refuses a request with both an id and a text, a malformed id, or neither', async () => {
    const bad = (message: string) => ({ status: 400, errors: [{ message, code: 'BAD_REQUEST' }] });
    expect(refusal(await post(t, { documentId: documentId(ME), query: ME }))).toEqual(bad('Send either a documentId or a query, not both'));
    expect(refusal(await get(t, { documentId: documentId(ME), query: ME }))).toEqual(bad('Send either a documentId or a query, not both'));
    for (const id of [42, '', { sha256: 'x' }]) {
      expect(refusal(await post(t, { documentId: id }))).toEqual(bad('documentId must be a non-empty string'));
    }
    expect(refusal(await post(t, { variables: {} }))).toEqual(bad('Must provide documentId.'));
  });

  it('runs a document by id through the same limits as its text', async () => {
    const shallow = await appWith({ TRUSTED_DOCUMENTS: manifest, MAX_QUERY_DEPTH: '2' });
    const tooDeep = await post(shallow, { documentId: documentId(ORGANIZATIONS) });
    expect(tooDeep.data).toBeUndefined();
    expect(tooDeep.errors?.map((e) => e.extensions?.code)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(expectData(await post(shallow, { documentId: documentId(ME) }))).toEqual({ me: { email: ALICE } });
  });

  it('takes several manifests (one per frontend)', async () => {
    const mobile = writeManifest(dir, 'mobile.json', [COUNT, ME]);
    const both = await appWith({ TRUSTED_DOCUMENTS: `${manifest}, ${mobile}` });
    expect(expectData(await post(both, { documentId: documentId(COUNT) }))).toEqual({ organizations: { totalCount: 1 } });
    expect(expectData(await post(both, { documentId: documentId(ME) }))).toEqual({ me: { email: ALICE } });
  });
});

describe('while developing, documents sent as text run too', () => {
  it('NODE_ENV=development, or TRUSTED_DOCUMENTS_ONLY=false', async () => {
    for (const env of [{ NODE_ENV: 'development' }, { TRUSTED_DOCUMENTS_ONLY: 'false' }] as Record<string, string>[]) {
      const t = await appWith({ TRUSTED_DOCUMENTS: manifest, ...env });
      expect(expectData(await post(t, { query: COUNT }))).toEqual({ organizations: { totalCount: 1 } });
      expect(expectData(await post(t, { documentId: documentId(ME) }))).toEqual({ me: { email: ALICE } });
      expect(refusal(await post(t, { documentId: documentId(COUNT) })).errors?.[0]?.code).toBe('PERSISTED_QUERY_NOT_IN_LIST');
      expect(refusal(await post(t, {})).errors?.[0]?.message).toBe('Must provide documentId or query string.');
    }
  });

  it('unless TRUSTED_DOCUMENTS_ONLY=true says otherwise', async () => {
    const t = await appWith({ TRUSTED_DOCUMENTS: manifest, NODE_ENV: 'development', TRUSTED_DOCUMENTS_ONLY: 'true' });
    expect(refusal(await post(t, { query: COUNT })).errors?.[0]?.code).toBe('PERSISTED_QUERY_ID_REQUIRED');
  });
});

describe('without TRUSTED_DOCUMENTS (the default)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await appWith({});
  });

  it('a documentId is refused saying there are none to run, not as an unexpected parameter', async () => {
    const notSupported = {
      status: 400,
      errors: [
        { message: 'This server has no trusted documents: send the document’s text as `query`, not a documentId', code: 'PERSISTED_QUERY_NOT_SUPPORTED' },
      ],
    };
    const hash = documentId(ME).slice('sha256:'.length);
    expect(refusal(await post(t, { documentId: documentId(ME) }))).toEqual(notSupported);
    expect(refusal(await post(t, { extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }))).toEqual(notSupported);
    expect(refusal(await get(t, { documentId: documentId(ME) }))).toEqual(notSupported);
  });

  it('documents sent as text run as before; an empty request is refused as before', async () => {
    expect(expectData(await post(t, { query: ORGANIZATIONS, variables: { first: 1 } }))).toEqual(ACME_ONLY);
    expect(expectData(await get(t, { query: ME }))).toEqual({ me: { email: ALICE } });
    expect(refusal(await post(t, {}))).toEqual({ status: 400, errors: [{ message: 'Must provide query string.', code: 'BAD_REQUEST' }] });
  });
});

describe('the settings', () => {
  it('TRUSTED_DOCUMENTS is a comma-separated list of paths; only their documents run unless developing or told otherwise', () => {
    expect(loadConfig({}).trustedDocuments).toEqual({ manifests: [], only: true });
    expect(loadConfig({ TRUSTED_DOCUMENTS: 'a.json , /srv/b.json' }).trustedDocuments).toEqual({
      manifests: [path.resolve('a.json'), '/srv/b.json'],
      only: true,
    });
    expect(loadConfig({ TRUSTED_DOCUMENTS: 'a.json', NODE_ENV: 'development' }).trustedDocuments.only).toBe(false);
    expect(loadConfig({ TRUSTED_DOCUMENTS: 'a.json', TRUSTED_DOCUMENTS_ONLY: 'false' }).trustedDocuments.only).toBe(false);
    expect(() => loadConfig({ TRUSTED_DOCUMENTS_ONLY: 'true' })).toThrow('TRUSTED_DOCUMENTS_ONLY: true needs TRUSTED_DOCUMENTS');
    expect(() => loadConfig({ TRUSTED_DOCUMENTS: 'a.json', TRUSTED_DOCUMENTS_ONLY: 'yes' })).toThrow('TRUSTED_DOCUMENTS_ONLY');
  });

  it('a manifest that cannot be trusted stops the server at startup, naming the file and the document', async () => {
    const file = (name: string, content: string) => {
      const target = path.join(dir, name);
      writeFileSync(target, content);
      return target;
    };
    const problems: [string, string][] = [
      [path.join(dir, 'missing.json'), 'ENOENT'],
      [file('not-json.json', '{ "sha256:'), 'is not JSON: '],
      [file('array.json', '["query { me { email } }"]'), 'must be a JSON object of document ids to document texts'],
      [file('numbers.json', '{ "a": 1 }'), 'must be a JSON object of document ids to document texts'],
      [file('not-graphql.json', JSON.stringify({ a: 'SELECT 1' })), 'document a is not a GraphQL document: Syntax Error'],
      [file('edited.json', JSON.stringify({ [documentId(ME)]: COUNT })), `document ${documentId(ME)} is not the text its hash says`],
    ];
    for (const [manifestFile, message] of problems) {
      expect(() => loadTrustedDocuments([manifestFile]), manifestFile).toThrow(`TRUSTED_DOCUMENTS: ${manifestFile}: `);
      expect(() => loadTrustedDocuments([manifestFile]), manifestFile).toThrow(message);
    }
    const other = file('other.json', JSON.stringify({ me: ME }));
    const clash = file('clash.json', JSON.stringify({ me: COUNT }));
    expect(() => loadTrustedDocuments([other, clash])).toThrow(`TRUSTED_DOCUMENTS: ${clash}: document me has another text in an earlier manifest`);
    expect(loadTrustedDocuments([other, other, manifest]).size).toBe(4);
    // and the app does not start with it
    await expect(createTestApp({ TRUSTED_DOCUMENTS: `${other},${clash}` }, { database })).rejects.toThrow('TRUSTED_DOCUMENTS');
  });
});
