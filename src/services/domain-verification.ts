import { randomBytes } from 'node:crypto';
import type { TxtResolver } from '../context.js';

// Domain ownership is proven with a DNS TXT record: the organization publishes its domain's
// challenge at `_orgraph-challenge.<domain>`, and verifyDomain looks it up. Nothing else marks a
// domain verified. The lookup is network I/O: callers do it before their transaction.

/** Prefix of the DNS name that carries the challenge. */
export const CHALLENGE_LABEL = '_orgraph-challenge';

/** How long one lookup may take before it counts as failed. */
export const LOOKUP_TIMEOUT_MS = 5_000;

/** A fresh challenge: what the TXT record must carry (32 random bytes, base64url). */
export function newChallenge(): string {
  return `orgraph-verification=${randomBytes(32).toString('base64url')}`;
}

/** The DNS name whose TXT record must carry the challenge. */
export function challengeRecordName(domain: string): string {
  return `${CHALLENGE_LABEL}.${domain}`;
}

export type ChallengeCheck = { found: true } | { found: false; reason: string };

/**
 * Looks up the challenge record and reports whether one of its TXT records equals the challenge.
 * A record may come split into several strings (255-byte chunks): they are joined first. A lookup
 * error (no such name, no TXT data, time-out) is a "not found" with the reason, never a throw.
 */
export async function checkChallenge(resolveTxt: TxtResolver, domain: string, challenge: string): Promise<ChallengeCheck> {
  const name = challengeRecordName(domain);
  let records: string[][];
  try {
    records = await withTimeout(resolveTxt(name), LOOKUP_TIMEOUT_MS);
  } catch (error) {
    return { found: false, reason: `the DNS lookup of the TXT record ${name} failed (${lookupErrorCode(error)})` };
  }
  if (records.some((chunks) => chunks.join('').trim() === challenge)) return { found: true };
  return { found: false, reason: `no TXT record at ${name} carries the domain’s challenge` };
}

function lookupErrorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'lookup error';
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('DNS lookup timed out'), { code: 'ETIMEOUT' })), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
