import type { Refusal } from './token-rate-limits.js';

// The answers of POST /oauth/token (RFC 6749 §5): JSON, never cached.

/** RFC 6749 §5.2's codes, and RFC 8707's invalid_target (a target the client may not have a token for). */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'invalid_target';

/** Token responses are never cached (RFC 6749 §5.1, §5.2). */
export const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json;charset=UTF-8', ...NO_STORE, ...headers } });
}

/** An error response of RFC 6749 §5.2. invalid_client is 401 and names the Basic scheme (RFC 9110 §15.5.2). */
export function oauthError(code: OAuthErrorCode, description: string, status = code === 'invalid_client' ? 401 : 400): Response {
  const headers: Record<string, string> = status === 401 ? { 'www-authenticate': 'Basic realm="orgraph", charset="UTF-8"' } : {};
  return json(status, { error: code, error_description: description }, headers);
}

/**
 * A rate limit's refusal: 429 with Retry-After. RFC 6749 has no code for it; temporarily_unavailable
 * (registered for OAuth, "retry later") is what this endpoint already answers with Retry-After
 * during an outage (503), so clients need one way of waiting; the status tells the two apart.
 */
export function tooManyRequests({ retryAfterSeconds, reason }: Refusal): Response {
  return json(429, { error: 'temporarily_unavailable', error_description: reason }, { 'retry-after': String(retryAfterSeconds) });
}
