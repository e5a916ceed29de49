import { SignJWT } from 'jose';
import type { SigningKey } from './keys.js';
import { verifyLinkToken } from './link-token.js';

// The accept link of an invitation email. Its token is a JWT of the server's key with its own
// audience and type (an API token is no accept token, and the other way round), naming the
// invitation and the send it belongs to (the invitation's linkNonce: a resend replaces it, so
// older links stop working), and expiring with the invitation. It authorizes nothing by itself:
// the invitee still signs in, and the accept mutation checks that the invitation is addressed to
// the caller, still pending, and on the same send.

export const ACCEPT_TOKEN_AUDIENCE = 'orgraph:invitation-accept';
const ACCEPT_TOKEN_TYPE = 'orgraph-invitation+jwt';

export interface AcceptTokenKeys {
  signingKey: SigningKey;
  /** `iss` of the server's tokens. */
  issuer: string;
}

/** What an accept token names. */
export interface AcceptTokenClaims {
  invitationId: string;
  linkNonce: string;
}

/** A token for the invitation's current send, valid until the invitation expires. */
export async function signAcceptToken(keys: AcceptTokenKeys, claims: AcceptTokenClaims, expiresAt: Date): Promise<string> {
  return new SignJWT({ nonce: claims.linkNonce })
    .setProtectedHeader({ alg: keys.signingKey.alg, kid: keys.signingKey.kid, typ: ACCEPT_TOKEN_TYPE })
    .setIssuer(keys.issuer)
    .setAudience(ACCEPT_TOKEN_AUDIENCE)
    .setSubject(claims.invitationId)
    .setIssuedAt()
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(keys.signingKey.privateKey);
}

/** The link of the email: the accept URL with the token in its `token` query parameter. */
export function acceptLink(acceptUrl: string, token: string): string {
  const url = new URL(acceptUrl);
  url.searchParams.set('token', token);
  return url.toString();
}

/** The claims of a valid, unexpired accept token of this server; null for anything else. */
export async function verifyAcceptToken(keys: AcceptTokenKeys, token: string): Promise<AcceptTokenClaims | null> {
  const payload = await verifyLinkToken(keys.signingKey, token, {
    issuer: keys.issuer,
    audience: ACCEPT_TOKEN_AUDIENCE,
    typ: ACCEPT_TOKEN_TYPE,
    requiredClaims: ['exp', 'sub', 'nonce'],
  });
  if (typeof payload?.sub !== 'string' || typeof payload.nonce !== 'string') return null;
  return { invitationId: payload.sub, linkNonce: payload.nonce };
}
