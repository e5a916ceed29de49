import { LRUCache } from 'lru-cache';
import type { UserPrincipal } from './principal.js';
import type { VerifiedClientToken } from './tokens.js';

// Bearer tokens seen lately, so that most requests spend neither a signature check nor a
// statement on who is calling. A token is immutable: once verified it stays valid until it
// expires, which bounds how long it is remembered. For a user token the cache also holds its
// user, which never changes (users are neither deleted nor re-keyed); what the user may do is read
// fresh on every request, so a removal or a suspension takes effect on the very next one. A
// service client's token is remembered as verified only: the client itself is checked on every
// request (deleted, or its secret rotated, means refused at once).

/** A verified token: a user's, with its user, or a service client's. */
export type KnownToken = { user: UserPrincipal } | { client: VerifiedClientToken };

export type TokenCache = LRUCache<string, KnownToken>;

/** A cache remembering tokens for `ttlSeconds` at most (0: none), holding at most `max` of them. */
export function createTokenCache(ttlSeconds: number, max = 10_000): TokenCache | null {
  return ttlSeconds > 0 ? new LRUCache({ max, ttl: ttlSeconds * 1000 }) : null;
}

/** Remembers a verified token, never beyond its expiry (epoch seconds). */
export function remember(cache: TokenCache | null, raw: string, expiresAt: number, known: KnownToken): void {
  const untilExpiry = expiresAt * 1000 - Date.now();
  if (cache && untilExpiry > 0) cache.set(raw, known, { ttl: Math.min(cache.ttl, untilExpiry) });
}
