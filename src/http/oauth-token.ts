import { secretMatches, secretVersion } from '../auth/client-credentials.js';
import type { SigningKey } from '../auth/keys.js';
import { isScope } from '../auth/scopes.js';
import { mintClientToken } from '../auth/tokens.js';
import type { Config } from '../config.js';
import type { PrismaClient } from '../db/client.js';
import { applicationTokenResponse } from './application-token.js';
import { json, NO_STORE, oauthError, tooManyRequests } from './oauth-responses.js';
import { closingConnection, readAtMost } from './refused-body.js';
import { findTokenClient } from './token-clients.js';
import { grantedScopes } from './token-scopes.js';
import type { TokenEndpointLimits } from './token-rate-limits.js';

// POST /oauth/token: the OAuth 2.0 client-credentials grant (RFC 6749 §4.4) for service clients:
// an organization's own clients, and the clients of catalog applications (application-token.ts).

export const TOKEN_PATH = '/oauth/token';

/** Larger bodies are refused: the four parameters of this grant fit in far less. */
const MAX_TOKEN_BODY_BYTES = 8 * 1024;
const MAX_PARAMETER_LENGTH = 512;

export interface TokenEndpointDeps {
  prisma: PrismaClient;
  signingKey: SigningKey;
  tokens: Pick<Config['tokens'], 'issuer' | 'audience' | 'clientTtlSeconds'>;
  limits: TokenEndpointLimits;
  /** The caller's address (client-address.ts). */
  address: string;
}

/** Answers POST /oauth/token; undefined for any other path. */
export async function tokenEndpointResponse(request: Request, pathname: string, deps: TokenEndpointDeps): Promise<Response | undefined> {
  if (pathname !== TOKEN_PATH) return undefined;
  const busy = await deps.limits.admitRequest(deps.address);
  if (busy) return tooManyRequests(busy);
  if (request.method !== 'POST') {
    return new Response(JSON.stringify({ error: 'invalid_request', error_description: 'Use POST' }), {
      status: 405,
      headers: { allow: 'POST', 'content-type': 'application/json;charset=UTF-8', ...NO_STORE },
    });
  }
  const params = await readForm(request);
  if (params instanceof Response) return params;

  const credentials = clientCredentials(request, params);
  if (credentials instanceof Response) return credentials;

  const grantType = params.get('grant_type');
  if (!grantType) return oauthError('invalid_request', 'grant_type is required');
  if (grantType !== 'client_credentials') return oauthError('unsupported_grant_type', 'Only the client_credentials grant is supported');

  // Before the secret is looked at: a refusal costs no lookup and says nothing about the client id.
  const spent = await deps.limits.admitAttempt(credentials.clientId, deps.address);
  if (spent) return tooManyRequests(spent);

  const client = await findTokenClient(deps.prisma, credentials.clientId);
  // Always one hash comparison, so an unknown client id answers as fast as a wrong secret.
  if (!secretMatches(credentials.secret, client?.secretHash ?? null) || !client) {
    await deps.limits.recordFailure(credentials.clientId, deps.address);
    return oauthError('invalid_client', 'Client authentication failed');
  }
  if (client.kind === 'application') return applicationTokenResponse(params, client, deps);

  const scopes = grantedScopes(params.get('scope'), client.scopes.filter(isScope));
  if (scopes instanceof Response) return scopes;

  // Only while the secret is still the one just checked: a concurrent rotation or deletion wins.
  const touched = await deps.prisma.client.updateMany({ where: { id: client.id, secretHash: client.secretHash }, data: { lastUsedAt: new Date() } });
  if (touched.count === 0) return oauthError('invalid_client', 'Client authentication failed');

  const ttlSeconds = deps.tokens.clientTtlSeconds;
  const accessToken = await mintClientToken(deps.signingKey, deps.tokens, {
    clientId: client.id,
    organizationId: client.organizationId,
    scopes,
    secretVersion: secretVersion(client.secretHash),
    ttlSeconds,
  });
  return json(200, { access_token: accessToken, token_type: 'Bearer', expires_in: ttlSeconds, scope: scopes.join(' ') });
}

/** The form parameters; a parameter given twice, or an oversized or non-form body, is invalid_request (§3.2). */
async function readForm(request: Request): Promise<Map<string, string> | Response> {
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  // Refused before the body is read: the connection closes after the answer (refused-body.ts).
  if (type !== 'application/x-www-form-urlencoded')
    return closingConnection(oauthError('invalid_request', 'The body must be application/x-www-form-urlencoded'));
  if (Number(request.headers.get('content-length') ?? '0') > MAX_TOKEN_BODY_BYTES)
    return closingConnection(oauthError('invalid_request', 'Request body too large', 413));
  const text = await readAtMost(request, MAX_TOKEN_BODY_BYTES);
  if (text === null) return closingConnection(oauthError('invalid_request', 'Request body too large', 413));
  const params = new Map<string, string>();
  for (const [name, value] of new URLSearchParams(text)) {
    // "Parameters sent without a value MUST be treated as if they were omitted" (§3.1).
    if (value === '') continue;
    if (params.has(name)) return oauthError('invalid_request', `Parameter ${name} is repeated`);
    if (value.length > MAX_PARAMETER_LENGTH) return oauthError('invalid_request', `Parameter ${name} is too long`);
    params.set(name, value);
  }
  return params;
}

/**
 * client_id and client_secret from HTTP Basic (form-urlencoded, §2.3.1) or from the body; using
 * both, or neither, is refused. A client id is the `clientId` shown for the client in GraphQL.
 */
function clientCredentials(request: Request, params: Map<string, string>): { clientId: string; secret: string } | Response {
  const header = request.headers.get('authorization');
  const inBody = params.has('client_id') || params.has('client_secret');
  if (header) {
    if (inBody) return oauthError('invalid_request', 'Authenticate the client with HTTP Basic or with body parameters, not both');
    const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header.trim());
    if (!match) return oauthError('invalid_client', 'Only HTTP Basic client authentication is supported in the Authorization header');
    const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return oauthError('invalid_client', 'Malformed HTTP Basic credentials');
    const clientId = formDecode(decoded.slice(0, colon));
    const secret = formDecode(decoded.slice(colon + 1));
    if (!clientId || !secret) return oauthError('invalid_client', 'Malformed HTTP Basic credentials');
    return { clientId, secret };
  }
  const clientId = params.get('client_id');
  const secret = params.get('client_secret');
  if (!clientId || !secret) return oauthError('invalid_client', 'Client authentication is required: client_id and client_secret, or HTTP Basic');
  return { clientId, secret };
}

/** application/x-www-form-urlencoded decoding of one Basic credential component; null when malformed. */
function formDecode(component: string): string | null {
  try {
    return decodeURIComponent(component.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}
