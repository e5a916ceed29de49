import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkChallenge, LOOKUP_TIMEOUT_MS } from '../../src/services/domain-verification.js';
import { FakeDns } from './fake-dns.js';

// The DNS check itself, without the app: record names, chunked records and a lookup that hangs.

afterEach(() => vi.useRealTimers());

describe('checkChallenge', () => {
  it('looks up _orgraph-challenge.<domain> and joins each record’s chunks', async () => {
    const dns = new FakeDns();
    dns.publish('_orgraph-challenge.example.com', ['orgraph-verification=', 'abc']);
    expect(await checkChallenge(dns.resolveTxt, 'example.com', 'orgraph-verification=abc')).toEqual({ found: true });
    // Chunks of different records are never joined together.
    dns.publish('_orgraph-challenge.example.com', ['orgraph-verification='], ['abc']);
    expect(await checkChallenge(dns.resolveTxt, 'example.com', 'orgraph-verification=abc')).toMatchObject({ found: false });
    expect(dns.lookups).toEqual(['_orgraph-challenge.example.com', '_orgraph-challenge.example.com']);
  });

  it('gives up on a lookup that hangs', async () => {
    vi.useFakeTimers();
    const pending = checkChallenge(() => new Promise<string[][]>(() => {}), 'example.com', 'x');
    await vi.advanceTimersByTimeAsync(LOOKUP_TIMEOUT_MS);
    expect(await pending).toEqual({ found: false, reason: expect.stringContaining('ETIMEOUT') });
  });
});
