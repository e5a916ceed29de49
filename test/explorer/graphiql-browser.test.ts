import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSigningKeyJwk, loadSigningKey } from '../../src/auth/keys.js';
import { mintUserToken } from '../../src/auth/tokens.js';
import { loadConfig } from '../../src/config.js';
import { createHttpServer } from '../../src/http/node-server.js';
import type { TestApp } from '../helpers/app.js';
import { ALICE, BOB, createDemoApp } from '../helpers/fixtures.js';
import { closeServer, listen } from '../helpers/raw-http.js';

// GraphiQL in a real browser (the system's headless Chromium, one launch), with the network cut
// off: every request not to our server is refused and recorded, and none may even be attempted.
// The page must render from what the server sends alone, under its Content-Security-Policy
// (a violation is a failure), and run the README's dashboard query, its default tab.

const CHROMIUM = '/usr/bin/chromium';
const chromiumMissing = !existsSync(CHROMIUM);
if (chromiumMissing) console.warn(`Skipping the GraphiQL browser test: no Chromium at ${CHROMIUM} (Debian: apt-get install chromium; .ci/run installs it)`);

/** A server of the test's own, on a free port of 127.0.0.1. */
interface Served {
  t: TestApp;
  server: Server;
  origin: string;
}

async function serve(env: Record<string, string> = {}): Promise<Served> {
  const { t } = await createDemoApp(env);
  const server = await listen(createHttpServer(t.app));
  return { t, server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** What a browser tab did: the requests it made, and what went wrong. */
interface Tab {
  page: Page;
  /** Method and URL of every request of the page and its workers. */
  requests: string[];
  /** Requests to anywhere but the server: refused. */
  foreign: string[];
  /** GraphiQL's POSTs to the server. */
  posts: { headers: Record<string, string>; body: string | null }[];
  /** Console errors, uncaught exceptions and Content-Security-Policy violations. */
  problems: string[];
}

async function openTab(browser: Browser, origin: string): Promise<Tab> {
  // Tall enough for Monaco (which renders only the lines in view) to show the whole result.
  const context: BrowserContext = await browser.newContext({ viewport: { width: 1280, height: 3000 } });
  const tab: Tab = { page: await context.newPage(), requests: [], posts: [], foreign: [], problems: [] };
  context.on('request', (request) => {
    tab.requests.push(`${request.method()} ${request.url()}`);
    if (request.method() === 'POST') tab.posts.push({ headers: request.headers(), body: request.postData() });
  });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (new URL(url).origin === origin) return route.continue();
    tab.foreign.push(url);
    return route.abort('blockedbyclient');
  });
  tab.page.on('console', (message) => {
    if (message.type() === 'error') tab.problems.push(`console: ${message.text()}`);
  });
  tab.page.on('pageerror', (error) => tab.problems.push(`page error: ${error.message}`));
  await tab.page.exposeFunction('reportViolation', (violation: string) => tab.problems.push(`CSP violation: ${violation}`));
  await tab.page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as unknown as { reportViolation(violation: string): void }).reportViolation(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  return tab;
}

/** An editor's text as shown (Monaco renders spaces as no-break spaces). */
// biome-ignore lint/performance/useDomNodeTextContent: the text as laid out, a line per editor line (textContent runs them together)
const textOf = async (editor: Locator) => (await editor.innerText()).replaceAll('\u00a0', ' ');

/** Opens GraphiQL and waits for its query editor to show the dashboard query. */
async function openGraphiQL(tab: Tab, origin: string): Promise<void> {
  const response = await tab.page.goto(`${origin}/graphql`);
  expect(response?.status()).toBe(200);
  expect(response?.headers()['content-security-policy']).toContain("default-src 'none'");
  const queryEditor = tab.page.locator('.graphiql-query-editor .monaco-editor .view-lines');
  await expect.poll(() => textOf(queryEditor), { timeout: 30_000 }).toContain('organizations(first: 10)');
}

/** Runs the current tab's query with the run button and returns the result pane's text once it shows data. */
async function runQuery(tab: Tab): Promise<string> {
  await tab.page.locator('.graphiql-execute-button').click();
  const result = tab.page.locator('.graphiql-response .monaco-editor .view-lines');
  await expect.poll(() => textOf(result), { timeout: 30_000 }).toContain('"data"');
  return textOf(result);
}

describe.skipIf(chromiumMissing)('GraphiQL in headless Chromium, offline', () => {
  let browser: Browser;
  const servers: Served[] = [];
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  });
  afterAll(async () => {
    await browser?.close();
    for (const { server, t } of servers) {
      await closeServer(server);
      await t.close();
    }
  });

  it('renders the dashboard query, runs it with the token pasted in the Headers tab, and shows Acme’s data', async () => {
    const served = await serve();
    servers.push(served);
    const tab = await openTab(browser, served.origin);
    const started = performance.now();
    await openGraphiQL(tab, served.origin);
    const rendered = performance.now();

    // As the README says: the token from `npm run token`, into the Headers tab.
    await tab.page.locator('.graphiql-editor-tools button[data-name="headers"]').click();
    await tab.page.locator('.monaco-editor[data-uri$="-headers.json"]').click();
    await tab.page.keyboard.press('ControlOrMeta+A');
    await tab.page.keyboard.insertText(`{"Authorization": "Bearer ${await served.t.tokenFor(ALICE)}"}`);
    const shown = await runQuery(tab);
    const ran = performance.now();

    expect(shown).toContain(`"email": "${ALICE}"`);
    expect(shown).toContain('"name": "Acme"');
    expect(shown).toContain(`"email": "${BOB}"`);
    expect(shown).not.toContain('Globex');
    expect(shown).not.toContain('"errors"');
    // GraphiQL's requests pass CSRF prevention: JSON POSTs, here with the pasted token.
    const { headers, body } = tab.posts.at(-1)!;
    expect(body).toContain('organizations(first:10)');
    expect(headers['content-type']).toBe('application/json');
    expect(headers.authorization).toMatch(/^Bearer /);

    expect(tab.foreign).toEqual([]);
    expect([...new Set(tab.problems)]).toEqual([]);
    const local = `${served.origin}/graphql`;
    // The page, GraphiQL's schema introspection, the query: nothing else.
    expect(tab.requests).toEqual([`GET ${local}`, `POST ${local}`, `POST ${local}`]);
    console.info(
      `GraphiQL: editor rendered ${Math.round(rendered - started)} ms after navigation, query answered ${Math.round(ran - rendered)} ms later; ` +
        `requests: ${tab.requests.join(', ')}; result pane starts: ${shown.split('\n').slice(0, 12).join(' ').replace(/\s+/g, ' ')}`,
    );
  });

  it('in development, opens with GRAPHIQL_TOKEN in the Headers tab: the query runs as that user at once', async () => {
    const signingKeyJwk = await generateSigningKeyJwk();
    const signingKey = await loadSigningKey({ signingKey: signingKeyJwk, dataDir: '/nonexistent' });
    const token = await mintUserToken(signingKey, loadConfig({}).tokens, { email: BOB });
    const served = await serve({ SIGNING_KEY: signingKeyJwk, NODE_ENV: 'development', LOG_FORMAT: 'json', GRAPHIQL_TOKEN: token });
    servers.push(served);
    const tab = await openTab(browser, served.origin);
    await openGraphiQL(tab, served.origin);
    const shown = await runQuery(tab);
    expect(shown).toContain(`"email": "${BOB}"`);
    expect(shown).toContain('"name": "Acme"');
    expect(tab.foreign).toEqual([]);
    expect([...new Set(tab.problems)]).toEqual([]);
  });
});
