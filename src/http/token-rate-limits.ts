import { createHash } from 'node:crypto';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Config } from '../config.js';
import { consume, secondsUntil, type LimiterFactory } from './rate-limiters.js';

// POST /oauth/token checks a client secret against the database, and anyone can ask it to as fast
// as the server answers. Every request counts against its address (TOKEN_REQUESTS_PER_ADDRESS a
// minute, successes included). A wrong secret or an unknown client id counts against three
// budgets per TOKEN_FAILURE_WINDOW_SECONDS, and while one is spent attempts are refused before
// any secret is looked at:
// - the client id's (any address): one client guessed at from many addresses;
// - the address's (any client id): one address guessing at many clients;
// - the client id from this address, the smallest: a misconfigured service is stopped alone,
//   before it spends the budget of an address it shares with others (a NAT).
// Client ids count whether or not they exist, so a refusal says nothing about that. A success
// spends nothing and resets nothing: a reset would let an attacker with a client of its own clear
// its address's failures. The budgets are read before a check and charged after a failure (the
// library's pattern for logins), not reserved beforehand: a reservation would refuse honest
// replicas fetching tokens all at once. The price: attempts already in flight when a budget runs
// out are still checked, so an attacker gets up to its concurrency more (bounded by the requests
// per address).

/** Why a token request is refused, and when to come back. */
export interface Refusal {
  retryAfterSeconds: number;
  reason: string;
}

export interface TokenEndpointLimits {
  /** Counts a request from the address, before anything is read. */
  admitRequest(address: string): Promise<Refusal | null>;
  /** Before a secret is checked: refused while a failure budget of the client id, the address or the pair is spent. */
  admitAttempt(clientId: string, address: string): Promise<Refusal | null>;
  /** A wrong secret or an unknown client id. */
  recordFailure(clientId: string, address: string): Promise<void>;
}

interface FailureBudget {
  limiter: RateLimiterAbstract;
  key: (client: string, address: string) => string;
}

/** A client id as a key: bounded, whatever an attacker sends (up to 512 characters). */
const clientKey = (clientId: string) => createHash('sha256').update(clientId, 'utf8').digest('base64url');

export function tokenEndpointLimits(settings: Config['rateLimits'], newLimiter: LimiterFactory): TokenEndpointLimits {
  const requests = newLimiter('token-requests', settings.tokenRequestsPerAddress, 60);
  const { perClientAddress, perAddress, perClient, windowSeconds } = settings.tokenFailures;
  const candidates = [
    { limiter: newLimiter('token-failures-client-address', perClientAddress, windowSeconds), key: (client: string, address: string) => `${client}|${address}` },
    { limiter: newLimiter('token-failures-address', perAddress, windowSeconds), key: (_client: string, address: string) => address },
    { limiter: newLimiter('token-failures-client', perClient, windowSeconds), key: (client: string) => client },
  ];
  const budgets = candidates.filter((budget): budget is FailureBudget => budget.limiter !== null);

  return {
    async admitRequest(address) {
      const retryAfterSeconds = requests && (await consume(requests, address));
      return retryAfterSeconds ? { retryAfterSeconds, reason: `Too many token requests from this address: retry after ${retryAfterSeconds} seconds` } : null;
    },
    async admitAttempt(clientId, address) {
      const client = clientKey(clientId);
      const waits = await Promise.all(
        budgets.map(async ({ limiter, key }) => {
          const count = await limiter.get(key(client, address));
          return count && count.consumedPoints >= limiter.points ? count.msBeforeNext : 0;
        }),
      );
      const longest = Math.max(0, ...waits);
      if (longest <= 0) return null;
      const retryAfterSeconds = secondsUntil(longest);
      return { retryAfterSeconds, reason: `Too many failed client authentications: retry after ${retryAfterSeconds} seconds` };
    },
    async recordFailure(clientId, address) {
      const client = clientKey(clientId);
      await Promise.all(budgets.map(({ limiter, key }) => limiter.penalty(key(client, address))));
    },
  };
}
