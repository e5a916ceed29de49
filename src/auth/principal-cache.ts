import { LRUCache } from 'lru-cache';
import type { UserPrincipal } from './principal.js';
import type { VerifiedIdentity } from './tokens.js';

// Which user a verified identity is, remembered for a short while so that most requests spend no
// statement on it. Only the identity's mapping to a user is remembered, which never changes (users
// are neither deleted nor re-keyed); what the user may do is read fresh on every request, so a
// removal or a suspension still takes effect on the very next one.

export type PrincipalCache = LRUCache<string, UserPrincipal>;

/** A cache of `ttlSeconds` (0: none) holding at most `max` identities. */
export function createPrincipalCache(ttlSeconds: number, max = 10_000): PrincipalCache | null {
  return ttlSeconds > 0 ? new LRUCache({ max, ttl: ttlSeconds * 1000 }) : null;
}

/** The identity's key: everything in it that decides which user it is. */
export function identityKey(identity: VerifiedIdentity): string {
  return JSON.stringify([identity.local, identity.issuer, identity.subject, identity.emailVerified ? identity.email : null]);
}
