import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { scim, scimLog, scimOrganization } from './support.js';

// SCIM_REQUESTS_PER_DOMAIN: each domain's token has its own count; over it, 429 with Retry-After
// in SCIM's error schema, logged like any answer.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ SCIM_REQUESTS_PER_DOMAIN: '3', RATE_LIMIT_STORE: 'memory' });
});
afterAll(() => t.close());

describe('SCIM rate limit', () => {
  it('answers 429 with Retry-After once a domain is over its requests a minute; another domain is not affected', async () => {
    const a = await scimOrganization(t);
    const b = await scimOrganization(t);
    for (let i = 0; i < 3; i++) expect((await scim(t, a.token, 'GET', '/Users')).status).toBe(200);
    const refused = await scim(t, a.token, 'GET', '/Users');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.body).toMatchObject({ status: '429', detail: expect.stringContaining(a.domain) });
    expect((await scim(t, b.token, 'GET', '/Users')).status).toBe(200);
    expect((await scimLog(t, a)).map((row) => row.status).sort()).toEqual([200, 200, 200, 429]);
  });
});
