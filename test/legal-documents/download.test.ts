import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSigningKeyJwk, loadSigningKey } from '../../src/auth/keys.js';
import { downloadPath, signDownloadLink } from '../../src/auth/legal-document-link.js';
import { createTestApp, errorCodes, expectData, type TestApp } from '../helpers/app.js';
import { rawId } from '../helpers/ids.js';
import { runMutation } from '../helpers/mutations.js';
import { newOrg, type TestOrg } from '../helpers/orgs.js';

// GET /legal-documents/:id/download?token=…: the signed link is the authorization. Every wrong
// link answers the same bare 404.

const REQUEST = `mutation($input: RequestLegalDocumentInput!) { result: requestLegalDocument(input: $input) { __typename ... on RequestLegalDocumentPayload { legalDocument { id fileName downloadUrl downloadUrlExpiresAt } } } }`;
const LINK = `query($id: ID!) { legalDocument(id: $id) { downloadUrl downloadUrlExpiresAt } }`;
const INPUT = { documentType: 'BAA', companyName: 'Zoë & Co (Europe)', companyAddress: 'Straße 1\nBerlin', representativeEmail: 'legal@zoe.test' };

let t: TestApp;
let o: TestOrg;
beforeAll(async () => {
  t = await createTestApp();
  o = await newOrg(t, { owner: 'OWNER' });
});
afterAll(() => t.close());

const fetchPath = (path: string, init: RequestInit = {}) => t.app.fetch(`http://test${path}`, init);

async function requested(): Promise<{ id: string; rawId: string; fileName: string; downloadUrl: string }> {
  const { result } = await runMutation(t, REQUEST, { organizationId: o.org, ...INPUT }, o.email.owner);
  expect(result.__typename).toBe('RequestLegalDocumentPayload');
  return { ...result.legalDocument, rawId: rawId(result.legalDocument.id) };
}

async function expectNotFound(path: string) {
  const response = await fetchPath(path);
  expect(response.status).toBe(404);
  expect(response.headers.get('cache-control')).toBe('no-store');
  expect(await response.text()).toBe('Not found');
}

const keys = () => ({ signingKey: t.signingKey, issuer: t.config.tokens.issuer });

describe('downloading a legal document', () => {
  it('returns exactly the stored bytes as an attachment that is never cached', async () => {
    const document = await requested();
    const response = await fetchPath(document.downloadUrl);
    expect(response.status).toBe(200);
    const body = new Uint8Array(await response.arrayBuffer());
    const row = await t.prisma.legalDocument.findUniqueOrThrow({ where: { id: document.rawId }, omit: { content: false } });
    expect(Buffer.from(body).equals(Buffer.from(row.content!))).toBe(true);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-length')).toBe(String(body.byteLength));
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${document.fileName}"; filename*=UTF-8''${document.fileName}`);
    expect(document.fileName).toMatch(/^baa-zoe-co-europe-\d{4}-\d{2}-\d{2}\.pdf$/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('answers HEAD without a body, and other methods with 405', async () => {
    const document = await requested();
    const head = await fetchPath(document.downloadUrl, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('application/pdf');
    expect((await head.arrayBuffer()).byteLength).toBe(0);
    const post = await fetchPath(document.downloadUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('gives a fresh link on every read, each of them working', async () => {
    const document = await requested();
    const again = expectData(await t.gql(LINK, { id: document.id }, { as: o.email.owner })).legalDocument;
    expect((await fetchPath(again.downloadUrl)).status).toBe(200);
    expect((await fetchPath(document.downloadUrl)).status).toBe(200);
  });

  it('is 404 without a token, with a tampered or foreign-key token, and for another document', async () => {
    const [a, b] = [await requested(), await requested()];
    const token = new URL(a.downloadUrl, 'http://test').searchParams.get('token')!;
    const [header, payload, signature] = token.split('.') as [string, string, string];
    await expectNotFound(downloadPath(a.rawId));
    await expectNotFound(`${downloadPath(a.rawId)}?token=`);
    await expectNotFound(`${downloadPath(a.rawId)}?token=not-a-jwt`);
    // A flipped signature character, and a payload naming document b under a's signature.
    const flipped = signature[5] === 'A' ? 'B' : 'A';
    await expectNotFound(`${downloadPath(a.rawId)}?token=${header}.${payload}.${signature.slice(0, 5)}${flipped}${signature.slice(6)}`);
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), sub: b.rawId })).toString('base64url');
    await expectNotFound(`${downloadPath(b.rawId)}?token=${header}.${forged}.${signature}`);
    // a's valid link on b's path.
    await expectNotFound(`${downloadPath(b.rawId)}?token=${token}`);
    // Signed by another key, otherwise perfect.
    const stranger = await loadSigningKey({ signingKey: await generateSigningKeyJwk(), dataDir: '/nonexistent' });
    await expectNotFound((await signDownloadLink({ signingKey: stranger, issuer: t.config.tokens.issuer }, a.rawId, 60)).url);
    // Another issuer.
    await expectNotFound((await signDownloadLink({ signingKey: t.signingKey, issuer: 'someone-else' }, a.rawId, 60)).url);
    // An unknown document, with a valid link for it.
    await expectNotFound((await signDownloadLink(keys(), '00000000-0000-0000-0000-000000000000', 60)).url);
  });

  it('is 404 once the link has expired', async () => {
    const document = await requested();
    const expired = await signDownloadLink(keys(), document.rawId, 60, new Date(Date.now() - 61_000));
    expect(expired.expiresAt.getTime()).toBeLessThan(Date.now());
    await expectNotFound(expired.url);
  });

  it('does not take an API token as a link, nor a link as an API token', async () => {
    const document = await requested();
    await expectNotFound(`${downloadPath(document.rawId)}?token=${await t.tokenFor(o.email.owner!)}`);
    const token = new URL(document.downloadUrl, 'http://test').searchParams.get('token')!;
    const asBearer = await t.gql(`{ me { id } }`, {}, { token });
    expect(errorCodes(asBearer)).toEqual(['UNAUTHENTICATED']);
    const bearerOnLink = await fetchPath(`${downloadPath(document.rawId)}`, { headers: { authorization: `Bearer ${await t.tokenFor(o.email.owner!)}` } });
    expect(bearerOnLink.status).toBe(404);
  });

  it('is 404 for a document whose file is not there yet, even with a valid link', async () => {
    const pending = await t.prisma.legalDocument.create({
      data: { organizationId: o.orgId, documentType: 'DPA', companyName: 'Acme', companyAddress: 'Somewhere', representativeEmail: 'legal@acme.test' },
    });
    await expectNotFound((await signDownloadLink(keys(), pending.id, 60)).url);
  });

  it('keeps working after the requester leaves: the link is the authorization while it lives', async () => {
    const org = await newOrg(t, { owner: 'OWNER', admin: 'ADMIN' });
    const { result } = await runMutation(t, REQUEST, { organizationId: org.org, ...INPUT }, org.email.admin);
    await t.prisma.member.delete({ where: { id: rawId(org.member.admin!) } });
    expect((await fetchPath(result.legalDocument.downloadUrl)).status).toBe(200);
  });
});

describe('DOWNLOAD_LINK_TTL_SECONDS', () => {
  let short: TestApp;
  beforeAll(async () => {
    short = await createTestApp({ DOWNLOAD_LINK_TTL_SECONDS: '1' });
  });
  afterAll(() => short.close());

  it('sets the lifetime of the links: a one-second link is refused two seconds later', async () => {
    const org = await newOrg(short, { owner: 'OWNER' });
    const { result } = await runMutation(short, REQUEST, { organizationId: org.org, ...INPUT }, org.email.owner);
    const { downloadUrl, downloadUrlExpiresAt } = result.legalDocument;
    expect(Date.parse(downloadUrlExpiresAt)).toBeLessThanOrEqual(Date.now() + 1000);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect((await short.app.fetch(`http://test${downloadUrl}`)).status).toBe(404);
  });
});
