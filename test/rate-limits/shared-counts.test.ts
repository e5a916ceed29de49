import { describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { newClient, postToken } from '../helpers/client-tokens.js';
import { testDatabaseKind } from '../helpers/database.js';
import { appsOnOneDatabase, grantOf } from './support.js';

// Where the counts live: in PostgreSQL (table "RateLimit") when the API runs on it, so that
// replicas share them; in each process's memory on PGlite or with RATE_LIMIT_STORE=memory.

const apps = appsOnOneDatabase();
const LIMITS = { TOKEN_FAILURES_PER_CLIENT_ADDRESS: '2', GRAPHQL_REQUESTS_PER_PRINCIPAL: '2' };

const tokenStatus = async (t: TestApp, grant: Record<string, string>) => (await postToken(t, grant)).status;
const meStatus = async (t: TestApp, email: string) => (await t.gql('{ me { email } }', {}, { as: email })).status;

describe('the rate limits’ store', () => {
  it.skipIf(testDatabaseKind() !== 'postgres')('on PostgreSQL, two servers on one database count together', async () => {
    const [one, two] = [await apps.app(LIMITS), await apps.app(LIMITS)];
    const a = await newClient(one, apps.organizationId, ['organization:read']);
    expect([await tokenStatus(one, grantOf(a, 'wrong')), await tokenStatus(two, grantOf(a, 'wrong'))]).toEqual([401, 401]);
    expect([await tokenStatus(one, grantOf(a)), await tokenStatus(two, grantOf(a))]).toEqual([429, 429]);

    expect([await meStatus(one, 'shared@limits.test'), await meStatus(two, 'shared@limits.test')]).toEqual([200, 200]);
    expect([await meStatus(two, 'shared@limits.test'), await meStatus(one, 'shared@limits.test')]).toEqual([429, 429]);
    expect(await one.prisma.rateLimit.count()).toBeGreaterThan(0);
  });

  it('with RATE_LIMIT_STORE=memory (and always on PGlite), each server counts its own, and nothing is written', async () => {
    const env = { ...LIMITS, RATE_LIMIT_STORE: 'memory' };
    const [one, two] = [await apps.app(env), await apps.app(env)];
    const a = await newClient(one, apps.organizationId, ['organization:read']);
    expect([await tokenStatus(one, grantOf(a, 'wrong')), await tokenStatus(one, grantOf(a, 'wrong'))]).toEqual([401, 401]);
    expect([await tokenStatus(one, grantOf(a)), await tokenStatus(two, grantOf(a))]).toEqual([429, 200]);
    expect(await one.prisma.rateLimit.count()).toBe(0);
  });
});
