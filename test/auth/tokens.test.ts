import { generateKeyPair, SignJWT, UnsecuredJWT, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCodes, expectData, type TestApp } from '../helpers/app.js';
import { raceTitle } from '../helpers/race.js';

const ME = `{ me { email } }`;
const EMAIL = 'tess@tokens.test';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** A token like the server's own, with any claim or header overridden. */
function serverLikeToken(
  claims: JWTPayload = {},
  options: { key?: CryptoKey; kid?: string; issuer?: string; audience?: string; expires?: number | string } = {},
) {
  return new SignJWT({ email: EMAIL, email_verified: true, ...claims })
    .setProtectedHeader({ alg: 'ES256', kid: options.kid ?? t.signingKey.kid, typ: 'JWT' })
    .setIssuer(options.issuer ?? t.config.tokens.issuer)
    .setAudience(options.audience ?? t.config.tokens.audience)
    .setSubject(`email:${EMAIL}`)
    .setIssuedAt()
    .setExpirationTime(options.expires ?? '5m')
    .sign(options.key ?? t.signingKey.privateKey);
}

async function expectRejected(token: string | undefined, headers: Record<string, string> = {}) {
  const usersBefore = await t.prisma.user.count();
  const result = await t.gql(ME, {}, { token, headers });
  expect(result.status).toBe(401);
  expect(errorCodes(result)).toEqual(['UNAUTHENTICATED']);
  expect(result.data?.me ?? null).toBeNull();
  expect(await t.prisma.user.count()).toBe(usersBefore);
  return result;
}

describe('bearer tokens', () => {
  it('accept a valid token of the server, creating the user on first sight', async () => {
    const token = await serverLikeToken();
    expect(expectData(await t.gql(ME, {}, { token })).me.email).toBe(EMAIL);
    expect(await t.prisma.user.count({ where: { email: EMAIL } })).toBe(1);
    expect(expectData(await t.gql(ME, {}, { token: await t.tokenFor('other@tokens.test') })).me.email).toBe('other@tokens.test');
  });

  it('accept the scheme name in any case', async () => {
    const token = await serverLikeToken();
    const result = await t.gql(ME, {}, { headers: { authorization: `bearer ${token}` } });
    expect(expectData(result).me.email).toBe(EMAIL);
  });

  it('reject an expired token with 401', async () => {
    const result = await expectRejected(await serverLikeToken({}, { expires: Math.floor(Date.now() / 1000) - 60 }));
    expect(result.errors?.[0]?.message).toMatch(/expired/i);
  });

  it('reject a token for another audience or from another issuer', async () => {
    await expectRejected(await serverLikeToken({}, { audience: 'someone-else' }));
    await expectRejected(await serverLikeToken({}, { issuer: 'https://evil.test' }));
  });

  it('reject a token signed by another key, even under the server’s key id', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    await expectRejected(await serverLikeToken({}, { key: privateKey }));
    await expectRejected(await serverLikeToken({}, { key: privateKey, kid: 'some-other-kid' }));
  });

  it('reject unsigned (alg: none) and HMAC-signed tokens', async () => {
    const claims = { email: EMAIL, email_verified: true };
    const unsecured = new UnsecuredJWT(claims)
      .setIssuer(t.config.tokens.issuer)
      .setAudience(t.config.tokens.audience)
      .setSubject('x')
      .setExpirationTime('5m')
      .encode();
    await expectRejected(unsecured);
    // HS256 with the public key as the secret: the classic key-confusion attack.
    const secret = new TextEncoder().encode(JSON.stringify(t.signingKey.publicJwk));
    const hmac = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', kid: t.signingKey.kid })
      .setIssuer(t.config.tokens.issuer)
      .setAudience(t.config.tokens.audience)
      .setSubject('x')
      .setExpirationTime('5m')
      .sign(secret);
    await expectRejected(hmac);
  });

  it('reject a tampered token', async () => {
    const [header, , signature] = (await serverLikeToken()).split('.');
    const forgedPayload = Buffer.from(
      JSON.stringify({
        email: 'alice@acme.test',
        email_verified: true,
        iss: t.config.tokens.issuer,
        aud: t.config.tokens.audience,
        sub: 'x',
        exp: 9_999_999_999,
      }),
    ).toString('base64url');
    await expectRejected(`${header}.${forgedPayload}.${signature}`);
  });

  it('reject a token of the server without an email', async () => {
    await expectRejected(await serverLikeToken({ email: undefined, email_verified: undefined }));
  });

  // The upsert of a new user races on PostgreSQL (unique violation on User_email_key); PGlite
  // serializes transactions, so only the PostgreSQL run can catch a regression.
  it(raceTitle('accept a new user’s concurrent first requests'), async () => {
    for (let round = 0; round < 5; round++) {
      const email = `racer${round}@tokens.test`;
      const results = await Promise.all(Array.from({ length: 8 }, () => t.gql(ME, {}, { as: email })));
      expect(results.map((r) => errorCodes(r))).toEqual(results.map(() => []));
      expect(results.every((r) => r.data?.me.email === email)).toBe(true);
      expect(await t.prisma.user.count({ where: { email } })).toBe(1);
    }
  });

  it('reject garbage and other schemes instead of treating the caller as anonymous', async () => {
    await expectRejected(undefined, { authorization: 'Basic x' });
    await expectRejected(undefined, { authorization: 'Basic dXNlcjpwYXNz' });
    await expectRejected(undefined, { authorization: 'Bearer' });
    await expectRejected('not-a-jwt');
    await expectRejected('a.b.c');
  });
});
