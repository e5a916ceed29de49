import type { SigningKey } from '../auth/keys.js';

export const JWKS_PATH = '/.well-known/jwks.json';

/**
 * GET /.well-known/jwks.json: the public half of the server's signing key (RFC 7517), for
 * anyone verifying this server's tokens. Cacheable for a few minutes; undefined for other paths.
 */
export function jwksResponse(request: Request, pathname: string, signingKey: SigningKey): Response | undefined {
  if (pathname !== JWKS_PATH) return undefined;
  if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405, headers: { allow: 'GET, HEAD' } });
  return new Response(JSON.stringify({ keys: [signingKey.publicJwk] }), {
    status: 200,
    headers: { 'content-type': 'application/json', 'cache-control': 'public, max-age=300' },
  });
}
