import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { postToken } from '../helpers/client-tokens.js';
import { createDemoApp, seedDemo, type Demo } from '../helpers/fixtures.js';
import { basic, createClientVia, type CreatedClient } from './helpers.js';

const ALICE = { as: 'alice@acme.test' };
const SCOPES = ['organization:read', 'member:read', 'invitation:write'];

let t: TestApp;
let demo: Demo;
let client: CreatedClient;
beforeAll(async () => {
  ({ t, demo } = await createDemoApp());
  client = await createClientVia(t, ALICE, demo.acme, SCOPES);
});
afterAll(() => t.close());

const grant = (extra: Record<string, string> = {}) => ({
  grant_type: 'client_credentials',
  client_id: client.oauthClientId,
  client_secret: client.secret,
  ...extra,
});

interface TokenBody {
  access_token: string;
  token_type: string;
  expires_in: number;
  scope: string;
}

async function expectToken(response: Response): Promise<TokenBody> {
  const body = (await response.json()) as TokenBody;
  expect(response.status, JSON.stringify(body)).toBe(200);
  expect(response.headers.get('cache-control')).toBe('no-store');
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  expect(body.token_type).toBe('Bearer');
  expect(body.expires_in).toBe(300);
  return body;
}

/** An RFC 6749 §5.2 error: status, `error` code, no caching. */
async function expectOAuthError(response: Response, status: number, error: string) {
  const body = (await response.json()) as { error: string; error_description?: string };
  expect({ status: response.status, error: body.error }, body.error_description).toEqual({ status, error });
  expect(response.headers.get('cache-control')).toBe('no-store');
  expect(body.error_description).toEqual(expect.any(String));
  return response;
}

describe('POST /oauth/token (client credentials)', () => {
  it('issues a token for credentials in the body, with all the client’s scopes, and records the use', async () => {
    const body = await expectToken(await postToken(t, grant()));
    expect(body.scope).toBe(SCOPES.join(' '));
    const row = await t.prisma.client.findUniqueOrThrow({ where: { id: client.oauthClientId } });
    expect(row.lastUsedAt).toBeInstanceOf(Date);
    expect(Date.now() - row.lastUsedAt!.getTime()).toBeLessThan(60_000);
  });

  it('issues a token for credentials in HTTP Basic, form-urlencoded inside', async () => {
    const body = await expectToken(await postToken(t, { grant_type: 'client_credentials' }, { authorization: basic(client.oauthClientId, client.secret) }));
    expect(body.scope).toBe(SCOPES.join(' '));
    // Each part is form-urlencoded first (§2.3.1): an escaped character decodes to itself.
    const escapedId = client.oauthClientId.replace(/-/g, '%2D');
    const raw = `Basic ${Buffer.from(`${escapedId}:${client.secret}`).toString('base64')}`;
    await expectToken(await postToken(t, { grant_type: 'client_credentials' }, { authorization: raw }));
  });

  it('narrows the token to the requested scopes', async () => {
    const body = await expectToken(await postToken(t, grant({ scope: 'member:read organization:read' })));
    expect(body.scope).toBe('member:read organization:read');
    const { payload } = await jwtVerify(body.access_token, createLocalJWKSet({ keys: [t.signingKey.publicJwk] }));
    expect(payload.scope).toBe('member:read organization:read');
  });

  it('signs a JWT that the keys at /.well-known/jwks.json verify, with the documented claims', async () => {
    const { access_token: token } = await expectToken(await postToken(t, grant()));
    const jwksResponse = await t.app.fetch('http://test/.well-known/jwks.json');
    expect(jwksResponse.status).toBe(200);
    const jwks = (await jwksResponse.json()) as JSONWebKeySet;
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).not.toHaveProperty('d');
    const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(jwks), {
      issuer: t.config.tokens.issuer,
      audience: t.config.tokens.audience,
      algorithms: ['ES256'],
    });
    expect(protectedHeader).toMatchObject({ alg: 'ES256', kid: jwks.keys[0]!.kid, typ: 'at+jwt' });
    expect(payload).toMatchObject({ sub: client.oauthClientId, client_id: client.oauthClientId, org: await orgId(), scope: SCOPES.join(' ') });
    expect(payload.exp! - payload.iat!).toBe(300);
    expect(payload.jti).toEqual(expect.any(String));
    const second = await expectToken(await postToken(t, grant()));
    expect((await jwtVerify(second.access_token, createLocalJWKSet(jwks))).payload.jti).not.toBe(payload.jti);
    expect(decodeProtectedHeader(second.access_token).kid).toBe(t.signingKey.kid);
  });

  it('honours CLIENT_TOKEN_TTL_SECONDS', async () => {
    const short = await createTestApp({ CLIENT_TOKEN_TTL_SECONDS: '60' });
    try {
      const d = await seedDemo(short);
      const c = await createClientVia(short, ALICE, d.acme, ['organization:read']);
      const response = await postToken(short, { grant_type: 'client_credentials', client_id: c.oauthClientId, client_secret: c.secret });
      const body = (await response.json()) as TokenBody;
      expect(body.expires_in).toBe(60);
      const { payload } = await jwtVerify(body.access_token, createLocalJWKSet({ keys: [short.signingKey.publicJwk] }));
      expect(payload.exp! - payload.iat!).toBe(60);
    } finally {
      await short.close();
    }
  });
});

async function orgId() {
  return (await t.prisma.organization.findFirstOrThrow({ where: { name: 'Acme' } })).id;
}

describe('POST /oauth/token errors (RFC 6749 §5.2)', () => {
  it('invalid_request: not a form body, missing grant_type, a repeated parameter, two authentication methods', async () => {
    const json = await t.app.fetch('http://test/oauth/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(grant()),
    });
    await expectOAuthError(json, 400, 'invalid_request');
    await expectOAuthError(await postToken(t, { client_id: client.oauthClientId, client_secret: client.secret }), 400, 'invalid_request');
    const repeated = `${new URLSearchParams(grant())}&grant_type=client_credentials`;
    await expectOAuthError(await postToken(t, repeated), 400, 'invalid_request');
    await expectOAuthError(await postToken(t, grant(), { authorization: basic(client.oauthClientId, client.secret) }), 400, 'invalid_request');
  });

  it('refuses an oversized body with 413 without issuing a token', async () => {
    await expectOAuthError(await postToken(t, grant({ padding: 'x'.repeat(10_000) })), 413, 'invalid_request');
  });

  it('refuses other methods with 405', async () => {
    const response = await t.app.fetch('http://test/oauth/token');
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });

  it('unsupported_grant_type for any grant but client_credentials', async () => {
    await expectOAuthError(await postToken(t, grant({ grant_type: 'password' })), 400, 'unsupported_grant_type');
    await expectOAuthError(await postToken(t, grant({ grant_type: 'authorization_code' })), 400, 'unsupported_grant_type');
  });

  it('invalid_client (401) for a wrong secret, an unknown client or no credentials; Basic gets WWW-Authenticate', async () => {
    const before = await t.prisma.client.findUniqueOrThrow({ where: { id: client.oauthClientId } });
    const wrong = await expectOAuthError(await postToken(t, grant({ client_secret: `${client.secret}x` })), 401, 'invalid_client');
    expect(wrong.headers.get('www-authenticate')).toMatch(/^Basic /);
    await expectOAuthError(await postToken(t, grant({ client_id: '00000000-0000-0000-0000-000000000000' })), 401, 'invalid_client');
    await expectOAuthError(await postToken(t, grant({ client_id: 'not-a-client' })), 401, 'invalid_client');
    await expectOAuthError(await postToken(t, { grant_type: 'client_credentials' }), 401, 'invalid_client');
    await expectOAuthError(await postToken(t, { grant_type: 'client_credentials', client_id: client.oauthClientId }), 401, 'invalid_client');
    const viaBasic = await expectOAuthError(
      await postToken(t, { grant_type: 'client_credentials' }, { authorization: basic(client.oauthClientId, 'wrong-secret') }),
      401,
      'invalid_client',
    );
    expect(viaBasic.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
    const bearer = await expectOAuthError(await postToken(t, { grant_type: 'client_credentials' }, { authorization: 'Bearer abc' }), 401, 'invalid_client');
    expect(bearer.headers.get('www-authenticate')).toMatch(/^Basic /);
    // Failed attempts are not a use.
    const after = await t.prisma.client.findUniqueOrThrow({ where: { id: client.oauthClientId } });
    expect(after.lastUsedAt).toEqual(before.lastUsedAt);
  });

  it('invalid_scope for a scope the client lacks or that does not exist', async () => {
    await expectOAuthError(await postToken(t, grant({ scope: 'member:read member:write' })), 400, 'invalid_scope');
    await expectOAuthError(await postToken(t, grant({ scope: 'everything' })), 400, 'invalid_scope');
  });

  it('a wrong secret says nothing about whether the client exists', async () => {
    const unknown = await postToken(t, grant({ client_id: '00000000-0000-0000-0000-000000000000' }));
    const wrong = await postToken(t, grant({ client_secret: 'nope' }));
    expect(await unknown.json()).toEqual(await wrong.json());
  });
});

describe('/graphql still refuses form bodies', () => {
  it('answers 415 to a form-encoded POST to /graphql', async () => {
    const response = await t.app.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `query=${encodeURIComponent('{ __typename }')}`,
    });
    expect(response.status).toBe(415);
  });
});
