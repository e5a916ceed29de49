import { LRUCache } from 'lru-cache';
import * as client from 'openid-client';
import { assertedGroups } from '../../services/external-group-sync.js';
import type { OidcPreset } from './oidc-presets.js';
import { isLoopbackUrl } from './oidc-presets.js';
import type { PendingSignIn } from './oidc-pending.js';
import type { SignedInIdentity } from './signed-in-identity.js';

// The OpenID Connect side of a sign-in, through openid-client (authorization code + PKCE S256):
// the provider's metadata from discovery, the authorization URL, and the code exchange, which
// checks state, PKCE, the ID token's signature, issuer, audience, expiry and nonce.

export interface OidcProviderSettings {
  organizationId: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
  preset: OidcPreset | null;
  /** SSO_ALLOW_LOOPBACK: http to a loopback issuer is allowed (openid-client's allowInsecureRequests only then). */
  allowLoopback: boolean;
}

const SCOPE = 'openid email profile';

// Discovery and the provider's keys are remembered a while (per issuer, client and secret, so a
// changed setting takes effect at once); every replica discovers on its own.
const configurations = new LRUCache<string, Promise<client.Configuration>>({ max: 500, ttl: 10 * 60 * 1000 });

/** The provider's client configuration (discovery); rejects when the issuer cannot be reached or does not match. */
export function providerConfiguration(settings: OidcProviderSettings): Promise<client.Configuration> {
  const cacheKey = JSON.stringify([settings.issuer, settings.clientId, settings.clientSecret, settings.allowLoopback]);
  let configuration = configurations.get(cacheKey);
  if (!configuration) {
    const issuer = new URL(settings.issuer);
    const insecure = settings.allowLoopback && issuer.protocol === 'http:' && isLoopbackUrl(issuer);
    configuration = client.discovery(issuer, settings.clientId, settings.clientSecret, undefined, {
      timeout: 10,
      ...(insecure ? { execute: [client.allowInsecureRequests] } : {}),
    });
    configurations.set(cacheKey, configuration);
    // A failed discovery is not remembered: the next attempt tries again.
    configuration.catch(() => configurations.delete(cacheKey));
  }
  return configuration;
}

/** Starts a sign-in: the provider's authorization URL, and what the callback must be checked against. */
export async function startSignIn(
  configuration: client.Configuration,
  redirectUri: string,
  organizationId: string,
  returnTo: string | null,
): Promise<{ url: URL; pending: PendingSignIn }> {
  const codeVerifier = client.randomPKCECodeVerifier();
  const pending = { organizationId, state: client.randomState(), nonce: client.randomNonce(), codeVerifier, returnTo };
  const url = client.buildAuthorizationUrl(configuration, {
    redirect_uri: redirectUri,
    scope: SCOPE,
    response_type: 'code',
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
  });
  return { url, pending };
}

/**
 * Finishes a sign-in from the callback's query: exchanges the code (with the PKCE verifier) and
 * checks the ID token; the identity it asserts. `callbackUrl` is the registered redirect URI, so
 * the code is redeemed for exactly that URI whatever host the request came through.
 */
export async function finishSignIn(
  configuration: client.Configuration,
  settings: OidcProviderSettings,
  callbackUrl: string,
  query: URLSearchParams,
  pending: PendingSignIn,
): Promise<{ identity: SignedInIdentity; claims: client.IDToken }> {
  const currentUrl = new URL(callbackUrl);
  currentUrl.search = query.toString();
  const tokens = await client.authorizationCodeGrant(configuration, currentUrl, {
    pkceCodeVerifier: pending.codeVerifier,
    expectedState: pending.state,
    expectedNonce: pending.nonce,
    idTokenExpected: true,
  });
  const claims = tokens.claims()!;
  const email = typeof claims.email === 'string' ? claims.email.toLowerCase() : null;
  return {
    claims,
    identity: {
      organizationId: settings.organizationId,
      protocol: 'oidc',
      issuer: claims.iss,
      subject: claims.sub,
      email,
      emailVerified: emailVouched(claims, settings.preset),
      name: typeof claims.name === 'string' ? claims.name : null,
      amr: Array.isArray(claims.amr) ? claims.amr.filter((value): value is string => typeof value === 'string') : [],
      groups: assertedGroups(claims.groups) ?? undefined,
    },
  };
}

/**
 * Whether the provider vouches for the email: `email_verified: true`. Entra ID never sends
 * `email_verified`; its optional claim `xms_edov` ("email domain owner verified") says the same,
 * once the administrator adds it to the app registration's token configuration.
 */
function emailVouched(claims: client.IDToken, preset: OidcPreset | null): boolean {
  if (claims.email_verified === true) return true;
  return preset === 'MICROSOFT' && (claims.xms_edov === true || claims.xms_edov === '1' || claims.xms_edov === 'true');
}
