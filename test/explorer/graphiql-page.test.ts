import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { DASHBOARD_QUERY } from '../../src/http/graphiql/dashboard-query.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

// GraphiQL's page as the server sends it: self-contained (nothing from another origin), under a
// Content-Security-Policy that allows only its own script, with the dashboard query as its
// default tab; a token in its Headers tab only in development; off with GRAPHIQL=false.
// test/explorer/graphiql-browser.test.ts runs it in Chromium.

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const apps: TestApp[] = [];
afterAll(() => Promise.all(apps.map((app) => app.close())));

async function pageOf(env: Record<string, string> = {}): Promise<Response> {
  const t = await createTestApp(env);
  apps.push(t);
  return t.app.fetch('http://test/graphql', { headers: { accept: BROWSER_ACCEPT } });
}

/** The page of a server with the default settings. */
let html: string;
let policy: string;
let etag: string;
beforeAll(async () => {
  const response = await pageOf();
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
  policy = response.headers.get('content-security-policy')!;
  etag = response.headers.get('etag')!;
  html = await response.text();
});

/** The options the page hands GraphiQL (the JSON argument of renderYogaGraphiQL). */
function graphiqlOptions(html: string): Record<string, unknown> {
  const json = /YogaGraphiQL\.renderYogaGraphiQL\(\s*window\.document\.querySelector\('#root'\),\s*(\{.*\}),\s*\);/.exec(html)?.[1];
  expect(json, 'the renderYogaGraphiQL call').toBeDefined();
  return JSON.parse(json!);
}

describe('GraphiQL’s page', () => {
  it('carries its script, styles and fonts itself, and loads nothing from another origin', () => {
    // Nothing loads from a URL: no <script src>, <link href> or stylesheet url() but data: URLs.
    expect(html).not.toMatch(/<script[^>]*\ssrc=/);
    expect(html).not.toMatch(/<link[^>]*href="(?!data:)/);
    const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((match) => match[1]!).join('\n');
    expect(styles).toContain('@font-face');
    expect([...styles.matchAll(/url\((?!["']?data:)([^)]*)\)/g)].map((match) => match[1])).toEqual([]);
    expect(html).not.toContain('unpkg.com');
  });

  it('allows its own inline script by hash, and nothing from another origin', () => {
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((match) => match[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    const directives = Object.fromEntries(policy.split('; ').map((directive) => [directive.split(' ')[0], directive.split(' ').slice(1)]));
    expect(directives['default-src']).toEqual(["'none'"]);
    expect(directives['script-src']).toEqual(scripts.map((script) => `'sha256-${createHash('sha256').update(script).digest('base64')}'`));
    expect(directives['connect-src']).toEqual(["'self'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(policy).not.toMatch(/https?:|\*/);
  });

  it('opens on the dashboard query, with the Headers tab shown, and keeps headers out of the browser’s storage', () => {
    const options = graphiqlOptions(html);
    expect(options).toMatchObject({ defaultQuery: DASHBOARD_QUERY, defaultEditorToolsVisibility: 'headers', shouldPersistHeaders: false });
    expect(options.defaultHeaders).toBeUndefined();
  });

  it('is revalidated, not downloaded again: 304 for its ETag', async () => {
    expect(etag).toMatch(/^"[\w-]{43}"/);
    const again = await apps[0]!.app.fetch('http://test/graphql', { headers: { accept: BROWSER_ACCEPT, 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const stale = await apps[0]!.app.fetch('http://test/graphql', { headers: { accept: BROWSER_ACCEPT, 'if-none-match': '"another"' } });
    expect(stale.status).toBe(200);
    expect(stale.headers.get('cache-control')).toBe('no-cache');
  });

  it('in development, puts GRAPHIQL_TOKEN in the Headers tab', async () => {
    const env = { NODE_ENV: 'development', LOG_FORMAT: 'json', GRAPHIQL_TOKEN: 'a.development.token' };
    const response = await pageOf(env);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('etag')).toBeNull();
    const options = graphiqlOptions(await response.text());
    expect(JSON.parse(options.defaultHeaders as string)).toEqual({ Authorization: 'Bearer a.development.token' });
  });

  it('refuses GRAPHIQL_TOKEN outside development: the page would hand it to anyone', () => {
    for (const NODE_ENV of [undefined, 'production', 'test']) {
      expect(() => loadConfig({ GRAPHIQL_TOKEN: 'a.token', ...(NODE_ENV ? { NODE_ENV } : {}) }), String(NODE_ENV)).toThrow(
        'Invalid environment: GRAPHIQL_TOKEN: for development only (NODE_ENV=development): GraphiQL hands the token to whoever opens the page',
      );
    }
  });

  it('is off with GRAPHIQL=false: a browser is told so, GraphQL still answers', async () => {
    const response = await pageOf({ GRAPHIQL: 'false' });
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('GraphiQL is turned off on this server (GRAPHIQL=false)');
    const query = await apps.at(-1)!.gql('{ serverInfo { version } }');
    expect(query.errors).toBeUndefined();
  });
});
