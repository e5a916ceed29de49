import { describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { newClient, postToken } from '../helpers/client-tokens.js';
import { appsOnOneDatabase, grantOf, tokenFrom, type Answer } from './support.js';

// POST /oauth/token under its rate limits: failed authentications per client id from one address,
// per address and per client id; every request per address; X-Forwarded-For only when trusted.

const apps = appsOnOneDatabase();
const UNKNOWN_CLIENT = '00000000-0000-0000-0000-000000000000';

const client = (t: TestApp) => newClient(t, apps.organizationId, ['organization:read']);

/** The status, and for a 429 what a client reads of it: the OAuth error, Retry-After and no caching. */
async function outcome(response: Response | Answer): Promise<number> {
  const fetched = response instanceof Response;
  const status = response.status;
  if (status !== 429) return status;
  const body = fetched ? await response.json() : response.body;
  const header = (name: string) => (fetched ? response.headers.get(name) : (response.headers[name] as string | undefined));
  expect(body).toEqual({ error: 'temporarily_unavailable', error_description: expect.stringMatching(/^Too many .*retry after \d+ seconds$/) });
  expect(Number(header('retry-after'))).toBeGreaterThanOrEqual(1);
  expect(header('cache-control')).toBe('no-store');
  return status;
}

describe('failed client authentications', () => {
  it('after TOKEN_FAILURES_PER_CLIENT_ADDRESS, the client id is refused 429 from that address before any secret is read; another client is not', async () => {
    const t = await apps.app({ TOKEN_FAILURES_PER_CLIENT_ADDRESS: '3' });
    const [a, b] = [await client(t), await client(t)];
    const wrong = [];
    for (let i = 0; i < 3; i++) wrong.push(await outcome(await postToken(t, grantOf(a, 'wrong'))));
    expect(wrong).toEqual([401, 401, 401]);

    const refused = await postToken(t, grantOf(a, 'wrong'));
    expect(await outcome(refused)).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(900);
    // The right secret is refused too: nothing is looked up while the budget is spent.
    const { result, statements } = await t.counter.during(() => postToken(t, grantOf(a)));
    expect(await outcome(result)).toBe(429);
    expect(statements.filter((sql) => sql.includes('"Client"'))).toEqual([]);

    expect(await outcome(await postToken(t, grantOf(b)))).toBe(200);
  });

  it('refuses an unknown client id exactly as an existing one', async () => {
    const t = await apps.app({ TOKEN_FAILURES_PER_CLIENT_ADDRESS: '1' });
    const existing = await client(t);
    await postToken(t, grantOf(existing, 'wrong'));
    await postToken(t, grantOf({ oauthClientId: UNKNOWN_CLIENT, secret: 'wrong' }));
    const answers = [await postToken(t, grantOf(existing, 'wrong')), await postToken(t, grantOf({ oauthClientId: UNKNOWN_CLIENT, secret: 'wrong' }))];
    const seen = await Promise.all(answers.map(async (answer) => ({ status: answer.status, body: (await answer.json()) as { error_description: string } })));
    const masked = seen.map(({ status, body }) => ({ status, body: { ...body, error_description: body.error_description.replace(/\d+/g, 'N') } }));
    expect(masked[0]!.status).toBe(429);
    expect(masked[0]).toEqual(masked[1]);
  });

  it('a success neither counts nor resets the failures', async () => {
    const t = await apps.app({ TOKEN_FAILURES_PER_CLIENT_ADDRESS: '3' });
    const a = await client(t);
    const statuses = [];
    for (const secret of ['wrong', 'wrong', a.secret, a.secret, a.secret, 'wrong', a.secret])
      statuses.push(await outcome(await postToken(t, grantOf(a, secret))));
    expect(statuses).toEqual([401, 401, 200, 200, 200, 401, 429]);
  });

  it('never refuses the right secret for honest replicas fetching tokens all at once', async () => {
    const t = await apps.app({ TOKEN_FAILURES_PER_CLIENT_ADDRESS: '2', TOKEN_FAILURES_PER_ADDRESS: '2', TOKEN_FAILURES_PER_CLIENT: '2' });
    const a = await client(t);
    const statuses = await Promise.all(Array.from({ length: 20 }, async () => outcome(await postToken(t, grantOf(a)))));
    expect(statuses).toEqual(Array(20).fill(200));
  });

  it('the client id’s budget (TOKEN_FAILURES_PER_CLIENT) holds for every address, the rightful one too', async () => {
    const t = await apps.app({ TOKEN_FAILURES_PER_CLIENT_ADDRESS: '2', TOKEN_FAILURES_PER_CLIENT: '4' });
    const server = await apps.serve(t);
    const a = await client(t);
    const statuses = [];
    for (const from of ['127.0.0.2', '127.0.0.2', '127.0.0.2', '127.0.0.3', '127.0.0.3'])
      statuses.push(await outcome(await tokenFrom(server, from, grantOf(a, 'wrong'))));
    // The third from 127.0.0.2 is its address's limit; 127.0.0.3 still has its own two.
    expect(statuses).toEqual([401, 401, 429, 401, 401]);
    expect(await outcome(await tokenFrom(server, '127.0.0.4', grantOf(a)))).toBe(429);
  });

  it('the address’s budget (TOKEN_FAILURES_PER_ADDRESS) holds for every client id; other addresses are not affected', async () => {
    const t = await apps.app({ TOKEN_FAILURES_PER_ADDRESS: '4' });
    const server = await apps.serve(t);
    const a = await client(t);
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push(await outcome(await tokenFrom(server, '127.0.0.2', grantOf({ oauthClientId: `guess-${i}`, secret: 'wrong' }))));
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    expect(await outcome(await tokenFrom(server, '127.0.0.2', grantOf(a)))).toBe(429);
    expect(await outcome(await tokenFrom(server, '127.0.0.3', grantOf(a)))).toBe(200);
  });

  it('the counts end with TOKEN_FAILURE_WINDOW_SECONDS: after Retry-After the right secret is accepted', async () => {
    const t = await apps.app({ TOKEN_FAILURES_PER_CLIENT_ADDRESS: '1', TOKEN_FAILURE_WINDOW_SECONDS: '1' });
    const a = await client(t);
    expect(await outcome(await postToken(t, grantOf(a, 'wrong')))).toBe(401);
    const refused = await postToken(t, grantOf(a));
    expect(await outcome(refused)).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBe(1);
    // The deadline is the behaviour: wait what the answer said.
    await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000 + 50));
    expect(await outcome(await postToken(t, grantOf(a)))).toBe(200);
  });

  it('a limit of 0 is off', async () => {
    const t = await apps.app({ TOKEN_FAILURES_PER_CLIENT_ADDRESS: '0', TOKEN_FAILURES_PER_ADDRESS: '0', TOKEN_FAILURES_PER_CLIENT: '0' });
    const a = await client(t);
    const statuses = new Set<number>();
    for (let i = 0; i < 120; i++) statuses.add(await outcome(await postToken(t, grantOf(a, 'wrong'))));
    expect([...statuses]).toEqual([401]);
  });
});

describe('every token request', () => {
  it('counts against TOKEN_REQUESTS_PER_ADDRESS a minute, successes too; another address has its own', async () => {
    const t = await apps.app({ TOKEN_REQUESTS_PER_ADDRESS: '3' });
    const server = await apps.serve(t);
    const a = await client(t);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push(await outcome(await tokenFrom(server, '127.0.0.2', grantOf(a))));
    expect(statuses).toEqual([200, 200, 200, 429]);
    const refused = await tokenFrom(server, '127.0.0.2', grantOf(a));
    expect(refused.body.error_description).toMatch(/^Too many token requests from this address/);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(await outcome(await tokenFrom(server, '127.0.0.3', grantOf(a)))).toBe(200);
  });
});

describe('the client address', () => {
  it('ignores X-Forwarded-For unless TRUST_PROXY_HOPS says a proxy writes it', async () => {
    const t = await apps.app({ TOKEN_FAILURES_PER_CLIENT_ADDRESS: '2' });
    const server = await apps.serve(t);
    const a = await client(t);
    const statuses = [];
    for (const forwarded of ['198.51.100.1', '198.51.100.2', '198.51.100.3']) {
      statuses.push(await outcome(await tokenFrom(server, '127.0.0.2', grantOf(a, 'wrong'), { 'x-forwarded-for': forwarded })));
    }
    expect(statuses).toEqual([401, 401, 429]);
  });

  it('with TRUST_PROXY_HOPS=1, is the entry the proxy appended: earlier entries are the caller’s own words; IPv6 counts per /64', async () => {
    const t = await apps.app({ TRUST_PROXY_HOPS: '1', TOKEN_FAILURES_PER_CLIENT_ADDRESS: '2' });
    const server = await apps.serve(t);
    const a = await client(t);
    const wrongVia = async (forwarded: string) => outcome(await tokenFrom(server, '127.0.0.2', grantOf(a, 'wrong'), { 'x-forwarded-for': forwarded }));
    expect([await wrongVia('198.51.100.1'), await wrongVia('198.51.100.1'), await wrongVia('198.51.100.1')]).toEqual([401, 401, 429]);
    // A new address behind the same proxy has its own count; a spoofed earlier entry changes nothing, nor the IPv4-mapped form.
    expect(await wrongVia('198.51.100.2')).toBe(401);
    expect(await wrongVia('203.0.113.7, 198.51.100.1')).toBe(429);
    expect(await wrongVia('::ffff:198.51.100.1')).toBe(429);
    // Two addresses of one /64 are one client; the next /64 is another.
    expect([await wrongVia('2001:db8::1'), await wrongVia('2001:db8:0:0:ffff::2'), await wrongVia('2001:db8::3')]).toEqual([401, 401, 429]);
    expect(await wrongVia('2001:db8:0:1::1')).toBe(401);
  });
});
