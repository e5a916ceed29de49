import { allowedReturnTo, returnToWithToken } from '../auth/sso/saml-return-to.js';
import { SamlSignInRefused } from '../auth/sso/saml-refused.js';
import { type SamlIdentityProvider, samlServiceProviderMetadata } from '../auth/sso/saml-service-provider.js';
import { finishSamlSignIn, type SamlSignInDeps, samlIdentityProviderOf, startSamlSignIn } from '../auth/sso/saml-sign-in.js';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { CorsOrigins } from './cors-origins.js';
import { consume } from './rate-limiters.js';
import { closingConnection, readAtMost } from './refused-body.js';
import { refusedSignIn, signedInPage } from './saml-pages.js';

// SAML sign-in for organizations whose provider is SAML (the OIDC routes answer the others):
//   GET  /sso/<orgId>/start[?return_to=…]  → the provider, with an AuthnRequest
//   POST /sso/<orgId>/callback             ← the provider's response (the ACS URL)
//   GET  /sso/<orgId>/saml/metadata        our service-provider metadata, for the provider's administrator

const SSO_PATH = /^\/sso\/([^/]+)\/(start|callback|saml\/metadata)$/;

export interface SamlRouteDeps extends SamlSignInDeps {
  /** Frontends a sign-in may return its token to (SSO_RETURN_TO_ORIGINS, else CORS_ORIGINS, and the server itself). */
  returnToOrigins: CorsOrigins;
  maxBodyBytes: number;
  /** Sign-ins one client address may start per minute (each stores a request); null: no limit. */
  startLimiter: RateLimiterAbstract | null;
  /** The client's address, for that limit. */
  address: string;
}

/** Answers the SAML routes of an organization with a SAML provider; undefined for any other request. */
export async function samlRouteResponse(request: Request, url: URL, deps: SamlRouteDeps): Promise<Response | undefined> {
  const match = SSO_PATH.exec(url.pathname);
  const organizationId = match && decodedSegment(match[1]!);
  if (!organizationId) return undefined;
  const provider = await samlIdentityProviderOf(deps.prisma, organizationId);
  if (!provider) return undefined;
  const route = match![2];
  // A start stores a request: GET alone, not HEAD (link checkers, prefetchers).
  const allowed = route === 'callback' ? ['POST'] : route === 'start' ? ['GET'] : ['GET', 'HEAD'];
  if (!allowed.includes(request.method)) return new Response(null, { status: 405, headers: { allow: allowed.join(', ') } });
  try {
    if (route === 'start') return await start(url, deps, organizationId, provider);
    if (route === 'callback') return await callback(request, deps, organizationId, provider);
    const metadata = samlServiceProviderMetadata(deps.publicUrl, organizationId);
    return new Response(metadata, { status: 200, headers: { 'content-type': 'application/samlmetadata+xml;charset=UTF-8' } });
  } catch (error) {
    if (error instanceof SamlSignInRefused) return refusedSignIn(request, error);
    throw error;
  }
}

async function start(url: URL, deps: SamlRouteDeps, organizationId: string, provider: SamlIdentityProvider): Promise<Response> {
  const retryAfter = deps.startLimiter && (await consume(deps.startLimiter, deps.address));
  if (retryAfter) {
    const message = 'Too many sign-ins started from this address: retry later';
    return new Response(message, { status: 429, headers: { 'retry-after': String(retryAfter), 'content-type': 'text/plain;charset=UTF-8' } });
  }
  return redirect(await startSamlSignIn(deps, organizationId, provider, returnToOf(url, deps.returnToOrigins)), 302);
}

async function callback(request: Request, deps: SamlRouteDeps, organizationId: string, provider: SamlIdentityProvider): Promise<Response> {
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') throw new SamlSignInRefused('The identity provider must POST the SAMLResponse as a form', 400);
  const body = await readAtMost(request, deps.maxBodyBytes);
  if (body === null) return closingConnection(new Response(`Request body larger than ${deps.maxBodyBytes} bytes`, { status: 413 }));
  const samlResponse = new URLSearchParams(body).get('SAMLResponse');
  if (!samlResponse) throw new SamlSignInRefused('The form has no SAMLResponse', 400);
  const signedIn = await finishSamlSignIn(deps, organizationId, provider, samlResponse);
  const token = { accessToken: signedIn.token, expiresIn: signedIn.expiresIn };
  // The allowed origins may have changed since the sign-in started: the return URL is checked again.
  const returnTo = signedIn.returnTo && allowedReturnTo(signedIn.returnTo, deps.returnToOrigins);
  if (returnTo) return redirect(returnToWithToken(returnTo, token), 303);
  return signedInPage(request, { ...token, email: signedIn.user.email });
}

/** The start's `return_to`, when given: one of the allowed origins' pages, or the sign-in is refused before it starts. */
function returnToOf(url: URL, returnToOrigins: CorsOrigins): string | null {
  const requested = url.searchParams.get('return_to');
  if (requested === null) return null;
  const allowed = allowedReturnTo(requested, returnToOrigins);
  if (!allowed) throw new SamlSignInRefused('return_to must be a page of an origin listed in SSO_RETURN_TO_ORIGINS (else CORS_ORIGINS)', 400);
  return allowed;
}

function redirect(location: string, status: 302 | 303): Response {
  return new Response(null, { status, headers: { location, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' } });
}

function decodedSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
