import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCodes, expectData, type TestApp } from '../helpers/app.js';
import { seedDemo, type Demo } from '../helpers/fixtures.js';
import { closeServer, listen } from '../helpers/raw-http.js';

// An external identity provider: a JWKS served over real HTTP from 127.0.0.1.

const IDP_ISSUER = 'https://idp.test';
const AUDIENCE = 'orgraph-api';
const KID = 'idp-key-1';

const ME = `{ me { email invitations { totalCount edges { node { email status organization { name } } } } } }`;
const INVITE = `mutation($input: InviteMemberInput!) { inviteMember(input: $input) { __typename ... on InviteMemberPayload { invitation { id } } } }`;

let t: TestApp;
let demo: Demo;
let server: Server;
let idpKey: CryptoKey;
let jwksRequests = 0;

beforeAll(async () => {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  idpKey = privateKey;
  const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: KID, alg: 'RS256', use: 'sig' }] });
  server = await listen(
    createServer((request, response) => {
      if (request.url !== '/jwks') return void response.writeHead(404).end();
      jwksRequests += 1;
      response.writeHead(200, { 'content-type': 'application/json' }).end(jwks);
    }),
  );
  const { port } = server.address() as AddressInfo;
  t = await createTestApp({ OIDC_ISSUER: IDP_ISSUER, OIDC_JWKS_URL: `http://127.0.0.1:${port}/jwks`, OIDC_AUDIENCE: AUDIENCE });
  demo = await seedDemo(t);
});
afterAll(async () => {
  await t?.close();
  await closeServer(server);
});

function idpToken(subject: string, claims: JWTPayload, options: { audience?: string; key?: CryptoKey; expires?: string | null } = {}) {
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: KID, typ: 'JWT' })
    .setIssuer(IDP_ISSUER)
    .setAudience(options.audience ?? AUDIENCE)
    .setSubject(subject)
    .setIssuedAt();
  if (options.expires !== null) jwt.setExpirationTime(options.expires ?? '5m');
  return jwt.sign(options.key ?? idpKey);
}

async function expectRejected(token: string) {
  const usersBefore = await t.prisma.user.count();
  const result = await t.gql(ME, {}, { token });
  expect(result.status).toBe(401);
  expect(errorCodes(result)).toEqual(['UNAUTHENTICATED']);
  expect(await t.prisma.user.count()).toBe(usersBefore);
}

describe('an external OIDC issuer', () => {
  it('creates the user of a verified email, links the subject and shows invitations to that email', async () => {
    const invited = expectData(
      await t.gql(INVITE, { input: { organizationId: demo.acme, email: 'Erin@Example.test', role: 'MEMBER' } }, { as: 'alice@acme.test' }),
    );
    expect(invited.inviteMember.__typename).toBe('InviteMemberPayload');

    const token = await idpToken('erin-123', { email: 'ERIN@example.test', email_verified: true, name: 'Erin E' });
    const me = expectData(await t.gql(ME, {}, { token })).me;
    expect(me.email).toBe('erin@example.test');
    expect(me.invitations.totalCount).toBe(1);
    expect(me.invitations.edges[0].node).toEqual({ email: 'erin@example.test', status: 'PENDING', organization: { name: 'Acme' } });
    const user = await t.prisma.user.findUniqueOrThrow({ where: { email: 'erin@example.test' } });
    expect(user).toMatchObject({ name: 'Erin E', externalSubject: `${IDP_ISSUER}|erin-123` });
    expect(jwksRequests).toBeGreaterThan(0);
  });

  it('links an existing user by verified email, and finds it by subject afterwards', async () => {
    const token = await idpToken('dave-idp', { email: 'dave@example.test', email_verified: true });
    expect(expectData(await t.gql(ME, {}, { token })).me.email).toBe('dave@example.test');
    expect(await t.prisma.user.count({ where: { email: 'dave@example.test' } })).toBe(1);
    // Later tokens of the same subject find the user even with another, unverified email.
    const later = await idpToken('dave-idp', { email: 'dave@new-address.test', email_verified: false });
    expect(expectData(await t.gql(ME, {}, { token: later })).me.email).toBe('dave@example.test');
  });

  it('rejects an unverified email of a new subject and creates no user', async () => {
    await expectRejected(await idpToken('mallory-1', { email: 'mallory@example.test', email_verified: false }));
    await expectRejected(await idpToken('mallory-2', { email: 'mallory@example.test' }));
    // Nor may an unverified email take over an existing account.
    await expectRejected(await idpToken('mallory-3', { email: 'alice@acme.test', email_verified: false }));
    expect(await t.prisma.user.count({ where: { email: 'mallory@example.test' } })).toBe(0);
    expect((await t.prisma.user.findUniqueOrThrow({ where: { email: 'alice@acme.test' } })).externalSubject).toBeNull();
  });

  it('rejects a token for another audience', async () => {
    await expectRejected(await idpToken('erin-123', { email: 'erin@example.test', email_verified: true }, { audience: 'another-api' }));
  });

  it('rejects a token of the issuer signed with a key outside its JWKS', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    await expectRejected(await idpToken('erin-123', { email: 'erin@example.test', email_verified: true }, { key: privateKey }));
  });

  it('rejects a token claiming the issuer but signed with the server’s own key', async () => {
    const forged = await new SignJWT({ email: 'eve@example.test', email_verified: true })
      .setProtectedHeader({ alg: 'ES256', kid: t.signingKey.kid })
      .setIssuer(IDP_ISSUER)
      .setAudience(AUDIENCE)
      .setSubject('eve')
      .setExpirationTime('5m')
      .sign(t.signingKey.privateKey);
    await expectRejected(forged);
  });

  it('rejects an expired token of the issuer', async () => {
    await expectRejected(await idpToken('erin-123', { email: 'erin@example.test', email_verified: true }, { expires: '-1m' }));
  });

  it('rejects a token without an expiry', async () => {
    await expectRejected(await idpToken('erin-123', { email: 'erin@example.test', email_verified: true }, { expires: null }));
  });

  it('still accepts the server’s own tokens', async () => {
    expect(expectData(await t.gql(ME, {}, { as: 'alice@acme.test' })).me.email).toBe('alice@acme.test');
  });
});
