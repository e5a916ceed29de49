import type { TestApp } from '../helpers/app.js';

// A browser, as far as a sign-in needs one: it keeps cookies per host, follows redirects by hand
// (so each step can be looked at), and sends requests for the API's own address to the app
// (app.fetch) and the rest over the network (the test's OIDC provider).

export const PUBLIC_URL = 'http://orgraph.test';

export class Browser {
  private readonly jar = new Map<string, Map<string, string>>();

  constructor(private readonly t: TestApp) {}

  async request(url: string, init: { method?: string; body?: string } = {}): Promise<Response> {
    const target = new URL(url);
    const cookies = [...(this.jar.get(target.host) ?? new Map()).entries()].map(([name, value]) => `${name}=${value}`).join('; ');
    const headers: Record<string, string> = { accept: 'text/html', ...(cookies ? { cookie: cookies } : {}) };
    if (init.body) headers['content-type'] = 'application/x-www-form-urlencoded';
    const options = { method: init.method ?? 'GET', headers, body: init.body, redirect: 'manual' as const };
    const response = url.startsWith(PUBLIC_URL) ? await this.t.app.fetch(url, options) : await fetch(url, options);
    this.keepCookies(target.host, response);
    return response;
  }

  /** Follows redirects from `url` until an answer that is not one, or a redirect to `stopAt` (not followed). */
  async follow(url: string, stopAt?: (location: string) => boolean): Promise<{ response: Response; url: string }> {
    let current = url;
    for (let hops = 0; hops < 20; hops++) {
      const response = await this.request(current);
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) return { response, url: current };
      const next = new URL(location, current).href;
      if (stopAt?.(next)) return { response, url: next };
      current = next;
    }
    throw new Error('too many redirects');
  }

  cookie(host: string, name: string): string | undefined {
    return this.jar.get(host)?.get(name);
  }

  setCookie(host: string, name: string, value: string): void {
    if (!this.jar.has(host)) this.jar.set(host, new Map());
    this.jar.get(host)!.set(name, value);
  }

  private keepCookies(host: string, response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const [name = '', ...value] = pair.trim().split('=');
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value.join('=') === '';
      if (expired) this.jar.get(host)?.delete(name);
      else this.setCookie(host, name, value.join('='));
    }
  }
}

export interface SignInAttempt {
  browser: Browser;
  /** The provider's redirect back to the API, not yet opened. */
  callbackUrl: string;
}

/** Starts a sign-in and logs in at the provider as `account`: stops before the callback. */
export async function signInAtProvider(
  t: TestApp,
  organizationId: string,
  account: string,
  options: { amr?: string[]; returnTo?: string } = {},
): Promise<SignInAttempt> {
  const browser = new Browser(t);
  const query = options.returnTo ? `?return_to=${encodeURIComponent(options.returnTo)}` : '';
  const start = await browser.request(`${PUBLIC_URL}/sso/${organizationId}/start${query}`);
  if (start.status !== 302) throw new Error(`start answered ${start.status}: ${await start.text()}`);
  const toLogin = await browser.follow(start.headers.get('location')!);
  if (toLogin.response.status !== 200 || !/\/interaction\/[^/]+$/.test(toLogin.url))
    throw new Error(`no login form at ${toLogin.url}: ${toLogin.response.status}`);
  const body = new URLSearchParams({ account, ...(options.amr ? { amr: options.amr.join(',') } : {}) }).toString();
  const login = await browser.request(`${toLogin.url}/login`, { method: 'POST', body });
  const back = await browser.follow(new URL(login.headers.get('location')!, toLogin.url).href, (location) => location.startsWith(PUBLIC_URL));
  if (!back.url.startsWith(PUBLIC_URL)) throw new Error(`the provider did not redirect back: ${back.response.status} ${await back.response.text()}`);
  return { browser, callbackUrl: back.url };
}

/** A whole sign-in: the callback's answer. */
export async function signIn(t: TestApp, organizationId: string, account: string, options: { amr?: string[]; returnTo?: string } = {}): Promise<Response> {
  const attempt = await signInAtProvider(t, organizationId, account, options);
  return attempt.browser.request(attempt.callbackUrl);
}

/** The token shown on the sign-in page. */
export async function tokenOnPage(response: Response): Promise<string> {
  const html = await response.text();
  const token = /<pre id="token"[^>]*>([^<]+)<\/pre>/.exec(html)?.[1];
  if (response.status !== 200 || !token) throw new Error(`no token on the page (${response.status}): ${html}`);
  return token;
}
