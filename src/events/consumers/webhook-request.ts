import { lookup as dnsLookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { hostOf, refusedAddress, refusedUrl, type WebhookNetworkPolicy } from '../webhook-url.js';

// One POST of a webhook delivery. The URL's name is resolved here and every address it resolves to
// is checked (webhook-url.ts); the connection then goes to the address that was checked, through
// the request's own `lookup`, so a name that answers differently the second time (DNS rebinding)
// cannot reach an address that was never checked. Redirects are not followed: a 3xx is a failure.

export type WebhookOutcome =
  | { kind: 'delivered'; statusCode: number }
  | { kind: 'failed'; statusCode: number | null; error: string }
  /** Never deliverable under the settings: recorded, not retried. */
  | { kind: 'refused'; error: string };

export interface WebhookRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
  policy: WebhookNetworkPolicy;
  timeoutMs: number;
}

/** Most bytes of an answer read (and thrown away) before the connection is closed. */
const MAX_ANSWER_BYTES = 64 * 1024;

export async function postWebhook(request: WebhookRequest): Promise<WebhookOutcome> {
  const refused = refusedUrl(request.url, request.policy);
  if (refused) return { kind: 'refused', error: `URL refused: ${refused}` };
  const url = new URL(request.url);
  const host = hostOf(url);
  let addresses: { address: string; family: number }[];
  try {
    addresses = ipaddr.isValid(host) ? [{ address: host, family: host.includes(':') ? 6 : 4 }] : await dnsLookup(host, { all: true, verbatim: true });
  } catch (error) {
    return { kind: 'failed', statusCode: null, error: `DNS lookup of ${host} failed: ${(error as NodeJS.ErrnoException).code ?? String(error)}` };
  }
  for (const { address } of addresses) {
    const problem = refusedAddress(address, request.policy);
    if (problem) return { kind: 'refused', error: `address refused: ${host} resolves to ${problem}` };
    // http is allowed to loopback only (refusedUrl): a loopback name must not resolve elsewhere.
    if (url.protocol === 'http:' && ipaddr.process(address).range() !== 'loopback')
      return { kind: 'refused', error: `address refused: http to ${address}, not a loopback address` };
  }
  const pinned = addresses[0];
  if (!pinned) return { kind: 'failed', statusCode: null, error: `DNS lookup of ${host} found no address` };
  return send(url, pinned, request);
}

function send(url: URL, pinned: { address: string; family: number }, request: WebhookRequest): Promise<WebhookOutcome> {
  const lookup: LookupFunction = (_hostname, options, callback) => {
    if (options.all) (callback as (error: null, addresses: { address: string; family: number }[]) => void)(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  };
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    const outgoing = client.request(
      url,
      {
        method: 'POST',
        headers: { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) },
        lookup,
        agent: false,
        signal: AbortSignal.timeout(request.timeoutMs),
      },
      (answer) => {
        const statusCode = answer.statusCode ?? 0;
        let read = 0;
        answer.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_ANSWER_BYTES) answer.destroy();
        });
        answer.on('error', () => {});
        answer.on('close', () => {
          if (statusCode >= 200 && statusCode < 300) resolve({ kind: 'delivered', statusCode });
          else if (statusCode >= 300 && statusCode < 400) resolve({ kind: 'failed', statusCode, error: `HTTP ${statusCode}: redirects are not followed` });
          else resolve({ kind: 'failed', statusCode, error: `HTTP ${statusCode}` });
        });
      },
    );
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      const timedOut = error.name === 'AbortError' || error.name === 'TimeoutError';
      resolve({
        kind: 'failed',
        statusCode: null,
        error: timedOut ? `no answer within ${request.timeoutMs} ms` : `${error.code ?? error.name}: ${error.message}`,
      });
    });
    outgoing.end(request.body);
  });
}
