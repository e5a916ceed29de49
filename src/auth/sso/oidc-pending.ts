import { EncryptJWT, jwtDecrypt } from 'jose';
import type { SigningKey } from '../keys.js';
import { secretEncryptionKey } from '../../services/sealed-secret.js';

// A sign-in between /start and /callback: the state, nonce and PKCE verifier it must be finished
// with, and where its token goes. Kept in a cookie of the browser that started it, encrypted and
// authenticated (JWE, dir + A256GCM: a changed byte fails decryption), for ten minutes:
// - any replica finishes it (they share the key) without a table, a write per attempt or a cleanup job;
// - it is bound to the browser that started it: a callback link sent to someone else (login CSRF)
//   finds no cookie there;
// - it is single-use in effect: the callback clears the cookie, and the provider accepts its
//   authorization code once (a replayed callback fails the code exchange).

/** Lifetime of a started sign-in. */
export const PENDING_TTL_SECONDS = 600;

/** The cookie's name; its path is the organization's callback, so it goes nowhere else. */
export const PENDING_COOKIE = 'orgraph_oidc';

export interface PendingSignIn {
  organizationId: string;
  state: string;
  nonce: string;
  codeVerifier: string;
  /** The page the token goes to (its fragment), or null for the server's own token page. */
  returnTo: string | null;
}

export function pendingKey(secretKey: string | undefined, signingKey: SigningKey): Uint8Array {
  return secretEncryptionKey(secretKey, signingKey, 'sso pending sign-in');
}

export async function sealPending(key: Uint8Array, pending: PendingSignIn): Promise<string> {
  return new EncryptJWT({ ...pending })
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
    .setIssuedAt()
    .setExpirationTime(`${PENDING_TTL_SECONDS}s`)
    .encrypt(key);
}

/** The pending sign-in, or null when the cookie is missing, altered, expired or of another organization. */
export async function openPending(key: Uint8Array, sealed: string | undefined, organizationId: string): Promise<PendingSignIn | null> {
  if (!sealed) return null;
  try {
    const { payload } = await jwtDecrypt(sealed, key, { keyManagementAlgorithms: ['dir'], contentEncryptionAlgorithms: ['A256GCM'] });
    const pending = payload as unknown as PendingSignIn;
    const complete = [pending.state, pending.nonce, pending.codeVerifier].every((value) => typeof value === 'string' && value.length > 0);
    return complete && pending.organizationId === organizationId ? pending : null;
  } catch {
    return null;
  }
}
