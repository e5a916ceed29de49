import { createHash } from 'node:crypto';
import { shouldRenderGraphiQL } from 'graphql-yoga';
import { DASHBOARD_QUERY } from './dashboard-query.js';

export interface GraphiQLSettings {
  /** GRAPHIQL: off, a browser's GET /graphql is told so (404). */
  enabled: boolean;
  /** A bearer token put in the Headers tab of a new tab (development only, see src/config.ts). */
  token?: string;
}

interface Page {
  html: string;
  contentSecurityPolicy: string;
  /** The page's hash: a browser that has it revalidates instead of downloading 9 MB again. */
  etag: string;
}

/**
 * GraphiQL's page, self-contained: @graphql-yoga/render-graphiql inlines its script, styles, fonts,
 * icons and Monaco's workers (started from blob: URLs), where yoga's own page loads them all from
 * unpkg.com and is blank without internet. Rendered once (about 9 MB), on first use; loaded only
 * then too (the module holds those megabytes: a server nobody browses does not carry them).
 */
async function renderPage({ token }: GraphiQLSettings): Promise<Page> {
  const { renderGraphiQL } = await import('@graphql-yoga/render-graphiql');
  const html = renderGraphiQL({
    title: 'Orgraph GraphiQL',
    defaultQuery: DASHBOARD_QUERY,
    defaultHeaders: token ? JSON.stringify({ Authorization: `Bearer ${token}` }, null, 2) : undefined,
    // The Headers tab is where a token goes: open it. Headers (a token) are never kept in the browser's storage.
    defaultEditorToolsVisibility: 'headers',
    shouldPersistHeaders: false,
  });
  const etag = `"${createHash('sha256').update(html).digest('base64url')}"`;
  return { html, contentSecurityPolicy: contentSecurityPolicy(html), etag };
}

/** Hashes of the page's inline <script> elements, for its Content-Security-Policy. */
function scriptHashes(html: string): string {
  const bodies = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((match) => match[1]!);
  return bodies.map((body) => `'sha256-${createHash('sha256').update(body).digest('base64')}'`).join(' ');
}

/**
 * Nothing from another origin, and no script but the page's own (by hash). Styles may be inline:
 * React, Monaco and Radix write style attributes and <style> elements at run time, whose contents
 * vary (and a hash in style-src would turn 'unsafe-inline' off); styles run no code. Fonts and
 * images are data: URLs, Monaco's workers blob: URLs; queries go to this origin.
 */
function contentSecurityPolicy(html: string): string {
  return [
    "default-src 'none'",
    `script-src ${scriptHashes(html)}`,
    "style-src 'unsafe-inline'",
    'font-src data:',
    'img-src data:',
    'worker-src blob:',
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** GET /graphql from a browser (Accept: text/html) gets GraphiQL; anything else: undefined. */
export function graphiqlRoute(settings: GraphiQLSettings): (request: Request, url: URL) => Promise<Response | undefined> {
  let page: Promise<Page> | undefined;
  return async (request, url) => {
    if (url.pathname !== '/graphql' || !shouldRenderGraphiQL(request)) return undefined;
    if (!settings.enabled) return turnedOff();
    page ??= renderPage(settings);
    const { html, etag, contentSecurityPolicy } = await page;
    // A page with a development token is never stored; the others are revalidated by their ETag.
    const caching: Record<string, string> = settings.token ? { 'cache-control': 'no-store' } : { 'cache-control': 'no-cache', etag };
    if (!settings.token && request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers: caching });
    return new Response(html, {
      headers: {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': contentSecurityPolicy,
        'x-content-type-options': 'nosniff',
        ...caching,
      },
    });
  };
}

function turnedOff(): Response {
  return new Response('GraphiQL is turned off on this server (GRAPHIQL=false). GraphQL requests: POST /graphql with application/json.\n', {
    status: 404,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  });
}
