import type { CorsOrigins } from '../../http/cors-origins.js';

// Where a finished sign-in may send its token: a page of a frontend this server already trusts
// (SSO_RETURN_TO_ORIGINS, else CORS_ORIGINS). The token travels in the URL fragment, which browsers never send to a server.
// A listed origin only: `*` trusts no page with tokens, or any site could ask for one.

/** The return URL when its origin is allowed, else undefined. */
export function allowedReturnTo(returnTo: string, allowedOrigins: CorsOrigins): string | undefined {
  if (allowedOrigins === '*') return undefined;
  try {
    const url = new URL(returnTo);
    if (url.username || url.password || url.hash) return undefined;
    return allowedOrigins.includes(url.origin) ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** The return URL with the token in its fragment (OAuth's implicit-flow parameter names). */
export function returnToWithToken(returnTo: string, token: { accessToken: string; expiresIn: number }): string {
  const fragment = new URLSearchParams({ access_token: token.accessToken, token_type: 'Bearer', expires_in: String(token.expiresIn) });
  return `${returnTo}#${fragment}`;
}
