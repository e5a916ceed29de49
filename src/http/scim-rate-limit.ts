import { consume, type LimiterFactory } from './rate-limiters.js';

// SCIM_REQUESTS_PER_DOMAIN: SCIM requests a minute per domain (its token), counted once the token
// is accepted; over it, 429 with Retry-After, which Okta and Entra ID honour by backing off. Off
// (0) by default: a first sync of a large directory sends many requests in a row.

/** Counts a request of the domain: null when allowed, else the seconds until it would be. */
export function domainRateLimit(requestsPerMinute: number, newLimiter: LimiterFactory): (domainId: string) => Promise<number | null> {
  const limiter = newLimiter('scim-requests', requestsPerMinute, 60);
  if (!limiter) return async () => null;
  return (domainId) => consume(limiter, `domain:${domainId}`);
}
