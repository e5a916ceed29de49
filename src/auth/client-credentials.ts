import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { PrismaClient } from '../db/client.js';
import { UnauthenticatedError } from '../errors.js';
import type { ClientPrincipal } from './principal.js';
import { isScope, type Scope } from './scopes.js';
import type { VerifiedClientToken } from './tokens.js';

// Service-client secrets (invariant 7): 32 random bytes, shown once, stored as a SHA-256 hash.
// A plain fast hash is enough here: unlike passwords, the secret has 256 bits of entropy, so
// there is nothing to guess; what matters is that the database never holds the secret itself.

/** How many trailing characters of a secret stay readable, to recognise it. */
export const SECRET_VISIBLE_CHARS = 4;

export interface NewSecret {
  /** The secret itself: returned to the caller once, never stored. */
  secret: string;
  secretHash: string;
  secretLastChars: string;
}

/** A fresh secret: 32 random bytes, base64url (43 characters), with its hash and last characters. */
export function generateClientSecret(): NewSecret {
  const secret = randomBytes(32).toString('base64url');
  return { secret, secretHash: hashSecret(secret), secretLastChars: secret.slice(-SECRET_VISIBLE_CHARS) };
}

/** SHA-256 of the secret, hex. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

// Compared against when the client id is unknown, so that case costs the same as a wrong secret.
const UNKNOWN_CLIENT_HASH = hashSecret(randomBytes(32).toString('base64url'));

/** Whether `secret` hashes to `storedHash`, in constant time; a null hash (unknown client) never matches. */
export function secretMatches(secret: string, storedHash: string | null): boolean {
  const expected = Buffer.from(storedHash ?? UNKNOWN_CLIENT_HASH, 'hex');
  const actual = createHash('sha256').update(secret, 'utf8').digest();
  return expected.length === actual.length && timingSafeEqual(expected, actual) && storedHash !== null;
}

/**
 * Binds a token to the secret it was issued for: a short fingerprint of the stored hash. When the
 * secret is rotated the fingerprint changes, so every token issued for the old secret stops
 * working at once. (A hash of a hash of 256 random bits reveals nothing about the secret.)
 */
export function secretVersion(secretHash: string): string {
  return createHash('sha256').update('orgraph client token binding\0').update(secretHash).digest('base64url').slice(0, 22);
}

/**
 * The principal of a verified client token, checked against the client as it is now (one lookup
 * by primary key per request): a deleted client or a rotated secret makes its tokens invalid at
 * once, and the token's scopes count only while the client still has them.
 */
export async function resolveOrganizationClientPrincipal(prisma: PrismaClient, token: VerifiedClientToken): Promise<ClientPrincipal> {
  const client = await prisma.client.findUnique({
    where: { id: token.clientId },
    select: { organizationId: true, scopes: true, secretHash: true },
  });
  if (!client || client.organizationId !== token.organizationId) throw new UnauthenticatedError('This service client no longer exists');
  if (secretVersion(client.secretHash) !== token.secretVersion) {
    throw new UnauthenticatedError('The client secret was rotated after this token was issued: request a new token');
  }
  const current = new Set(client.scopes);
  const scopes = new Set<Scope>(token.scopes.filter((scope): scope is Scope => isScope(scope) && current.has(scope)));
  return { kind: 'client', clientId: token.clientId, organizationId: client.organizationId, scopes, application: null };
}
