import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

// CORS_ORIGINS: which browser pages of other origins may call the API. The default allows none;
// no setting ever answers Access-Control-Allow-Credentials (the API takes bearer tokens, not cookies).

const APP = 'https://app.example.com';
const LOCAL = 'http://localhost:5173';
const ATTACKER = 'https://attacker.example';

let same: TestApp;
let listed: TestApp;
let any: TestApp;
beforeAll(async () => {
  same = await createTestApp();
  // The same database, other settings.
  listed = await createTestApp({ CORS_ORIGINS: `${APP}, ${LOCAL}/` }, { database: same.database });
  any = await createTestApp({ CORS_ORIGINS: '*' }, { database: same.database });
});
afterAll(async () => {
  await listed.app.dispose();
  await any.app.dispose();
  await same.close();
});

const query = (t: TestApp, origin: string) =>
  t.app.fetch('http://test/graphql', {
    method: 'POST',
    headers: { origin, 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ __typename }' }),
  });

/** A browser's preflight before a POST with a bearer token and JSON. */
const preflight = (t: TestApp, origin: string, path = '/graphql') =>
  t.app.fetch(`http://test${path}`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
  });

const allowOrigin = (response: Response) => response.headers.get('access-control-allow-origin');

describe('CORS_ORIGINS', () => {
  it('is read as a list of origins, normalized as browsers send them', () => {
    expect(loadConfig({}).corsOrigins).toEqual([]);
    expect(loadConfig({ CORS_ORIGINS: ' https://App.Example.com/ ,http://localhost:5173, https://app.example.com:443' }).corsOrigins).toEqual([APP, LOCAL]);
    expect(loadConfig({ CORS_ORIGINS: '*' }).corsOrigins).toBe('*');
  });

  it('refuses what is not an origin, and * mixed with origins', () => {
    expect(() => loadConfig({ CORS_ORIGINS: 'https://app.example.com/path' })).toThrow('CORS_ORIGINS: https://app.example.com/path is not an origin');
    expect(() => loadConfig({ CORS_ORIGINS: 'app.example.com' })).toThrow('CORS_ORIGINS: app.example.com is not an origin');
    expect(() => loadConfig({ CORS_ORIGINS: 'ftp://files.example.com' })).toThrow('is not an origin');
    expect(() => loadConfig({ CORS_ORIGINS: `*, ${APP}` })).toThrow('CORS_ORIGINS: `*` allows every origin');
  });
});

describe('by default (no CORS_ORIGINS)', () => {
  it('gives no other origin access: no CORS headers on answers or preflights', async () => {
    for (const origin of [APP, ATTACKER, 'null']) {
      const answer = await query(same, origin);
      expect(answer.status).toBe(200);
      expect(allowOrigin(answer), origin).toBeNull();
      expect(answer.headers.get('access-control-allow-credentials')).toBeNull();
      const asked = await preflight(same, origin);
      expect(allowOrigin(asked), origin).toBeNull();
      expect(asked.headers.get('access-control-allow-headers')).toBeNull();
    }
  });
});

describe('with a list of origins', () => {
  it('lets a listed origin read answers, without credentials', async () => {
    for (const origin of [APP, LOCAL]) {
      const answer = await query(listed, origin);
      expect(answer.status).toBe(200);
      expect(allowOrigin(answer)).toBe(origin);
      expect(answer.headers.get('vary')).toContain('Origin');
      expect(answer.headers.get('access-control-allow-credentials')).toBeNull();
      expect(answer.headers.get('access-control-expose-headers')).toBe('x-request-id, retry-after');
    }
  });

  it('answers a listed origin’s preflight for a POST with a bearer token', async () => {
    const asked = await preflight(listed, APP);
    expect(asked.status).toBe(204);
    expect(allowOrigin(asked)).toBe(APP);
    expect(asked.headers.get('access-control-allow-methods')).toBe('GET, POST');
    expect(asked.headers.get('access-control-allow-headers')).toBe('authorization, content-type, x-request-id, x-graphql-yoga-csrf');
    expect(asked.headers.get('access-control-max-age')).toBe('600');
    expect(asked.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('applies to the other routes too', async () => {
    const keys = await listed.app.fetch('http://test/.well-known/jwks.json', { headers: { origin: APP } });
    expect(keys.status).toBe(200);
    expect(allowOrigin(keys)).toBe(APP);
    expect(allowOrigin(await preflight(listed, ATTACKER, '/oauth/token'))).toBeNull();
  });

  it('gives any other origin nothing: not another scheme, port or subdomain, not "null"', async () => {
    for (const origin of [
      ATTACKER,
      'http://app.example.com',
      'https://app.example.com:8443',
      'https://evil.app.example.com',
      'https://app.example.com.attacker.example',
      'null',
    ]) {
      const answer = await query(listed, origin);
      expect(allowOrigin(answer), origin).toBeNull();
      expect(answer.headers.get('access-control-allow-credentials')).toBeNull();
      expect(allowOrigin(await preflight(listed, origin)), origin).toBeNull();
    }
  });
});

describe('with *', () => {
  it('lets every origin read answers, never with credentials', async () => {
    for (const origin of [APP, ATTACKER, 'null']) {
      const answer = await query(any, origin);
      expect(allowOrigin(answer), origin).toBe(origin);
      expect(answer.headers.get('access-control-allow-credentials'), origin).toBeNull();
      const asked = await preflight(any, origin);
      expect(allowOrigin(asked), origin).toBe(origin);
      expect(asked.headers.get('access-control-allow-credentials'), origin).toBeNull();
    }
  });

  it('sends no CORS headers to a request without an Origin (curl, servers)', async () => {
    const answer = await any.app.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(answer.status).toBe(200);
    expect(allowOrigin(answer)).toBeNull();
  });
});
