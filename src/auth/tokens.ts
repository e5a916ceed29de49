import { createLocalJWKSet, createRemoteJWKSet, decodeJwt, errors as joseErrors, jwtVerify, SignJWT, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { randomUUID } from 'node:crypto';
import { UnauthenticatedError } from '../errors.js';
import type { SigningKey } from './keys.js';

/** What a verified bearer token says about its user. */
export interface VerifiedIdentity {
  issuer: string;
  subject: string;
  email?: string;
  emailVerified: boolean;
  name?: string;
  /** True for tokens this server signed itself. */
  local: boolean;
  /** How the user authenticated: RFC 8176 method references (`pwd`, `otp`, `mfa`, `hwk`, …); empty when the token does not say. */
  amr: string[];
  /** The organization whose own identity provider signed the user in (this server's SSO tokens only); null otherwise. */
  ssoOrganizationId: string | null;
  /** The identity provider that authenticated the user: the OIDC issuer or SAML entity id behind an SSO token, else the token's issuer. */
  identityProvider: string;
  /** When the token expires (epoch seconds). */
  expiresAt: number;
}

/** What a verified service-client token (from POST /oauth/token) says. */
export interface VerifiedClientToken {
  kind: 'client';
  clientId: string;
  organizationId: string;
  /** Scopes the token was issued with; the principal gets those the client still has. */
  scopes: string[];
  /** Fingerprint of the secret the token was issued for (see secretVersion in client-credentials.ts). */
  secretVersion: string;
  /** When the token expires (epoch seconds). */
  expiresAt: number;
}

/** A verified bearer token: a user's, or a service client's. */
export type VerifiedToken = VerifiedIdentity | VerifiedClientToken;

export function isClientToken(token: VerifiedToken): token is VerifiedClientToken {
  return 'kind' in token && token.kind === 'client';
}

/** JWT header `typ` of service-client access tokens (RFC 9068); user tokens say `JWT`. */
export const CLIENT_TOKEN_TYPE = 'at+jwt';

export interface TokenSettings {
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

export interface OidcSettings {
  issuer: string;
  jwksUrl: string;
  audience: string;
}

// Asymmetric algorithms only: an allow-list keeps `alg: none` and HMAC key confusion out.
const EXTERNAL_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'EdDSA'];

// jose checks exp only when present; a token that never expires is refused instead.
const REQUIRED_CLAIMS = ['exp', 'sub', 'iss'];

/** How a user signed in, carried by this server's user tokens (claims `amr`, `sso_org`, `idp`). */
export interface SignInFacts {
  /** RFC 8176 authentication method references reported by the identity provider. */
  amr?: readonly string[];
  /** The organization whose identity provider signed the user in (SSO sign-in only). */
  ssoOrganizationId?: string;
  /** That provider: its OIDC issuer or SAML entity id. */
  identityProvider?: string;
}

/** A user token signed by this server: for development (`npm run token`), tests, and the end of an SSO sign-in (with `signIn`). */
export async function mintUserToken(
  key: SigningKey,
  settings: TokenSettings,
  user: { email: string; name?: string },
  signIn: SignInFacts = {},
): Promise<string> {
  const email = user.email.trim().toLowerCase();
  const facts = {
    ...(signIn.amr?.length ? { amr: [...signIn.amr] } : {}),
    ...(signIn.ssoOrganizationId ? { sso_org: signIn.ssoOrganizationId } : {}),
    ...(signIn.identityProvider ? { idp: signIn.identityProvider } : {}),
  };
  return new SignJWT({ email, email_verified: true, ...(user.name ? { name: user.name } : {}), ...facts })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setSubject(`email:${email}`)
    .setIssuedAt()
    .setExpirationTime(`${settings.ttlSeconds}s`)
    .sign(key.privateKey);
}

/**
 * A service client's access token, shaped after RFC 9068: `sub` and `client_id` are the client,
 * `org` its organization, `scope` the granted scopes (space-separated), `sver` binds it to the
 * current secret, `jti` makes every token unique.
 */
export async function mintClientToken(
  key: SigningKey,
  settings: Pick<TokenSettings, 'issuer' | 'audience'>,
  client: { clientId: string; organizationId: string; scopes: readonly string[]; secretVersion: string; ttlSeconds: number },
): Promise<string> {
  return new SignJWT({ client_id: client.clientId, org: client.organizationId, scope: client.scopes.join(' '), sver: client.secretVersion })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: CLIENT_TOKEN_TYPE })
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setSubject(client.clientId)
    .setIssuedAt()
    .setExpirationTime(`${client.ttlSeconds}s`)
    .setJti(randomUUID())
    .sign(key.privateKey);
}

export type TokenVerifier = (token: string) => Promise<VerifiedToken>;

/** Verifies bearer tokens of this server and, when configured, of one external OIDC issuer. */
export function createTokenVerifier(key: SigningKey, settings: TokenSettings, oidc?: OidcSettings): TokenVerifier {
  const localKeys = createLocalJWKSet({ keys: [key.publicJwk] });
  const remoteKeys: JWTVerifyGetKey | undefined = oidc ? createRemoteJWKSet(new URL(oidc.jwksUrl)) : undefined;

  return async (token) => {
    const issuer = peekIssuer(token);
    try {
      if (oidc && remoteKeys && issuer === oidc.issuer) {
        const { payload } = await jwtVerify(token, remoteKeys, {
          issuer: oidc.issuer,
          audience: oidc.audience,
          algorithms: EXTERNAL_ALGORITHMS,
          requiredClaims: REQUIRED_CLAIMS,
        });
        return identityFrom(payload, false);
      }
      const { payload, protectedHeader } = await jwtVerify(token, localKeys, {
        issuer: settings.issuer,
        audience: settings.audience,
        algorithms: [key.alg],
        requiredClaims: REQUIRED_CLAIMS,
      });
      // Only this server's own tokens can be client tokens; an external token's client_id means nothing here.
      if (payload.client_id !== undefined || protectedHeader.typ === CLIENT_TOKEN_TYPE) return clientTokenFrom(payload, protectedHeader.typ);
      return identityFrom(payload, true);
    } catch (error) {
      if (error instanceof UnauthenticatedError) throw error;
      throw new UnauthenticatedError(describeJoseError(error));
    }
  };
}

function peekIssuer(token: string): string | undefined {
  try {
    const { iss } = decodeJwt(token);
    return typeof iss === 'string' ? iss : undefined;
  } catch {
    throw new UnauthenticatedError('Malformed bearer token');
  }
}

function identityFrom(payload: JWTPayload, local: boolean): VerifiedIdentity {
  if (!payload.sub || !payload.iss) throw new UnauthenticatedError('Token lacks sub or iss');
  const email = typeof payload.email === 'string' ? payload.email.trim().toLowerCase() : undefined;
  const name = typeof payload.name === 'string' ? payload.name : undefined;
  // OIDC providers send email_verified as a boolean, a few as the string "true".
  const emailVerified = payload.email_verified === true || payload.email_verified === 'true';
  const amr = Array.isArray(payload.amr) ? payload.amr.filter((method): method is string => typeof method === 'string') : [];
  // Only this server's own tokens can say that an organization's provider signed the user in.
  const ssoOrganizationId = local && typeof payload.sso_org === 'string' ? payload.sso_org : null;
  const identityProvider = local && typeof payload.idp === 'string' ? payload.idp : payload.iss;
  return { issuer: payload.iss, subject: payload.sub, email, emailVerified, name, local, amr, ssoOrganizationId, identityProvider, expiresAt: payload.exp! };
}

function clientTokenFrom(payload: JWTPayload, typ: string | undefined): VerifiedClientToken {
  const { client_id: clientId, org, scope, sver } = payload;
  const wellFormed =
    typ === CLIENT_TOKEN_TYPE &&
    typeof clientId === 'string' &&
    payload.sub === clientId &&
    typeof org === 'string' &&
    typeof scope === 'string' &&
    typeof sver === 'string';
  if (!wellFormed) throw new UnauthenticatedError('Malformed service-client token');
  return { kind: 'client', clientId, organizationId: org, scopes: scope.split(' ').filter(Boolean), secretVersion: sver, expiresAt: payload.exp! };
}

function describeJoseError(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'Token expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `Token rejected: ${error.claim} claim is not accepted`;
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'Token signature is invalid';
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'Token algorithm is not allowed';
  if (error instanceof joseErrors.JWKSNoMatchingKey) return 'Token was not signed by a trusted key';
  return 'Invalid bearer token';
}
