import type { Principal } from '../auth/principal.js';
import { consume, RateLimitedError, type LimiterFactory } from './rate-limiters.js';

// GRAPHQL_REQUESTS_PER_PRINCIPAL: GraphQL requests a minute per user, per service client, and per
// address for anonymous callers. Off (0) by default: on PostgreSQL every counted request costs one
// more statement, a write.

/** Counts a GraphQL request of the principal; throws a RateLimitedError once it is over the limit. */
export type PrincipalRateLimit = (principal: Principal | null, address: string) => Promise<void>;

function principalKey(principal: Principal | null, address: string): string {
  if (!principal) return `address:${address}`;
  return principal.kind === 'user' ? `user:${principal.userId}` : `client:${principal.clientId}`;
}

export function principalRateLimit(requestsPerMinute: number, newLimiter: LimiterFactory): PrincipalRateLimit {
  const limiter = newLimiter('graphql-requests', requestsPerMinute, 60);
  if (!limiter) return async () => {};
  return async (principal, address) => {
    const retryAfterSeconds = await consume(limiter, principalKey(principal, address));
    if (retryAfterSeconds) throw new RateLimitedError(retryAfterSeconds);
  };
}
