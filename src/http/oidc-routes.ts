import * as client from 'openid-client';
import { completeSignIn, type SignInDeps } from '../auth/sso/complete-sign-in.js';
import { finishSignIn, type OidcProviderSettings, providerConfiguration, startSignIn } from '../auth/sso/oidc-client.js';
import { openPending, PENDING_COOKIE, PENDING_TTL_SECONDS, pendingKey, sealPending } from '../auth/sso/oidc-pending.js';
import { ssoCallbackUrl, ssoSignInUrl } from '../auth/sso/urls.js';
import type { Config } from '../config.js';
import type { AuthProvider } from '../db/generated/prisma/client.js';
import { ForbiddenError, UnauthenticatedError } from '../errors.js';
import { oidcSecretKey, openClientSecret } from '../services/oidc-settings.js';
import { SignInFailure, signedInResponse, signInFailureResponse } from './sso-handover.js';

// GET /sso/<organizationId>/start and GET /sso/<organizationId>/callback for an organization whose
// provider is OIDC (SAML's routes answer for SAML providers; both answer undefined otherwise).
// start: checks `return_to`, discovers the provider, keeps state, nonce and PKCE verifier in the
// pending sign-in cookie (src/auth/sso/oidc-pending.ts) and redirects to the provider. callback:
// the cookie back, the code exchanged and the ID token checked (src/auth/sso/oidc-client.ts), the
// user found or linked and the token minted (completeSignIn), the token handed over.

export interface OidcRouteDeps extends SignInDeps {
  sso: Config['sso'];
  publicUrl: string;
}

const ROUTE = /^\/sso\/([^/]+)\/(start|callback)$/;

/** Answers the OIDC sign-in routes; undefined for other paths and for organizations whose provider is not OIDC. */
export async function oidcRouteResponse(request: Request, url: URL, deps: OidcRouteDeps): Promise<Response | undefined> {
  const match = ROUTE.exec(url.pathname);
  if (!match) return undefined;
  const organizationId = decodeURIComponent(match[1]!);
  const provider = await deps.prisma.authProvider.findUnique({ where: { organizationId } });
  if (provider && provider.type !== 'OIDC') return undefined;
  if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405, headers: { allow: 'GET, HEAD' } });
  const step = match[2] === 'start' ? start : callback;
  return step(request, url, deps, organizationId, provider);
}

async function start(request: Request, url: URL, deps: OidcRouteDeps, organizationId: string, provider: AuthProvider | null): Promise<Response> {
  try {
    const returnTo = allowedReturnTo(url.searchParams.get('return_to'), deps);
    const settings = providerSettings(deps, organizationId, provider);
    const configuration = await discover(settings);
    const { url: authorizationUrl, pending } = await startSignIn(configuration, ssoCallbackUrl(deps.publicUrl, organizationId), organizationId, returnTo);
    const cookie = pendingCookie(deps, organizationId, await sealPending(pendingKey(deps.sso.secretKey, deps.signingKey), pending), PENDING_TTL_SECONDS);
    return new Response(null, { status: 302, headers: { location: authorizationUrl.href, 'set-cookie': cookie, 'cache-control': 'no-store' } });
  } catch (error) {
    return failureResponse(request, error, null);
  }
}

async function callback(request: Request, url: URL, deps: OidcRouteDeps, organizationId: string, provider: AuthProvider | null): Promise<Response> {
  const clear = pendingCookie(deps, organizationId, '', 0);
  const pending = await openPending(pendingKey(deps.sso.secretKey, deps.signingKey), cookieValue(request, PENDING_COOKIE), organizationId);
  if (!pending) {
    const failure = new SignInFailure(
      400,
      'invalid_request',
      `This sign-in is not known to this browser: it expired (after ${PENDING_TTL_SECONDS / 60} minutes), was already finished, or was started elsewhere. Start again at ${ssoSignInUrl(deps.publicUrl, organizationId)}`,
    );
    return signInFailureResponse(request, failure, null, clear);
  }
  try {
    const providerError = url.searchParams.get('error');
    if (providerError) {
      const description = url.searchParams.get('error_description');
      throw new SignInFailure(
        providerError === 'access_denied' ? 403 : 400,
        providerError,
        `The identity provider refused the sign-in${description ? `: ${description}` : ` (${providerError})`}`,
      );
    }
    const settings = providerSettings(deps, organizationId, provider);
    const configuration = await discover(settings);
    const { identity } = await finishSignIn(configuration, settings, ssoCallbackUrl(deps.publicUrl, organizationId), url.searchParams, pending).catch(
      (error: unknown) => {
        throw exchangeFailure(error);
      },
    );
    const signedIn = await completeSignIn(deps, identity);
    return signedInResponse(signedIn, organizationId, pending.returnTo, clear);
  } catch (error) {
    return failureResponse(request, error, pending.returnTo, clear);
  }
}

/** The provider's settings for the flow; a failure when there is none, or its secret cannot be read. */
function providerSettings(deps: OidcRouteDeps, organizationId: string, provider: AuthProvider | null): OidcProviderSettings {
  if (!provider?.oidcIssuer || !provider.oidcClientId) throw new SignInFailure(404, 'not_found', 'This organization has no single sign-on provider');
  const clientSecret = openClientSecret(oidcSecretKey(deps.sso, deps.signingKey), provider);
  if (!clientSecret) {
    throw new SignInFailure(
      503,
      'provider_misconfigured',
      'The organization’s OIDC client secret is not set (or was sealed under another key): an administrator must set it again',
    );
  }
  return {
    organizationId,
    issuer: provider.oidcIssuer,
    clientId: provider.oidcClientId,
    clientSecret,
    preset: provider.oidcPreset,
    allowLoopback: deps.sso.allowLoopback,
  };
}

async function discover(settings: OidcProviderSettings): Promise<client.Configuration> {
  try {
    return await providerConfiguration(settings);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new SignInFailure(
      502,
      'provider_unavailable',
      `The identity provider ${settings.issuer} could not be reached or described itself wrongly (${reason})`,
    );
  }
}

/** What went wrong in the code exchange, as the person should hear it. */
function exchangeFailure(error: unknown): SignInFailure {
  if (error instanceof client.AuthorizationResponseError) {
    return new SignInFailure(400, error.error, `The identity provider refused the sign-in: ${error.error_description ?? error.error}`);
  }
  if (error instanceof client.ResponseBodyError) {
    return new SignInFailure(
      400,
      error.error,
      `The identity provider refused the authorization code (${error.error}: already used, expired, or not issued to this server). Start again.`,
    );
  }
  if (error instanceof client.ClientError) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return new SignInFailure(400, 'invalid_response', `The identity provider’s answer failed the checks (${error.message}${cause})`);
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new SignInFailure(502, 'provider_unavailable', `The identity provider could not be reached (${reason})`);
}

function failureResponse(request: Request, error: unknown, returnTo: string | null, clearCookie?: string): Response {
  if (error instanceof SignInFailure) return signInFailureResponse(request, error, returnTo, clearCookie);
  if (error instanceof ForbiddenError || error instanceof UnauthenticatedError) {
    return signInFailureResponse(request, new SignInFailure(403, 'access_denied', error.message), returnTo, clearCookie);
  }
  throw error;
}

/** `return_to` when its origin is allowed (SSO_RETURN_TO_ORIGINS, else CORS_ORIGINS, and the server's own), null when absent. */
function allowedReturnTo(value: string | null, deps: OidcRouteDeps): string | null {
  if (value === null) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new SignInFailure(400, 'invalid_request', 'return_to must be an absolute URL');
  }
  const allowed = url.origin === new URL(deps.publicUrl).origin || deps.sso.returnToOrigins.includes(url.origin);
  if (!allowed || url.username || url.password) {
    throw new SignInFailure(400, 'invalid_request', `return_to’s origin ${url.origin} is not allowed (SSO_RETURN_TO_ORIGINS, else CORS_ORIGINS)`);
  }
  url.hash = '';
  return url.href;
}

function pendingCookie(deps: OidcRouteDeps, organizationId: string, value: string, maxAge: number): string {
  const path = new URL(ssoCallbackUrl(deps.publicUrl, organizationId)).pathname;
  const secure = deps.publicUrl.startsWith('https:') ? '; Secure' : '';
  // Lax: the provider's redirect back is a top-level GET navigation, which carries it.
  return `${PENDING_COOKIE}=${value}; Path=${path}; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${secure}`;
}

function cookieValue(request: Request, name: string): string | undefined {
  for (const part of (request.headers.get('cookie') ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}
