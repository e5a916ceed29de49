import type { IncomingMessage } from 'node:http';
import { isIPv4, isIPv6 } from 'node:net';

// Where a request comes from, for the per-address rate limits. X-Forwarded-For is written by
// whoever sends it: only the entries appended by the operator's own proxies (TRUST_PROXY_HOPS of
// them, counted from the server) can be believed, and with no proxy configured none is read.

/** The address of requests that arrive without a socket (app.fetch in tests, other runtimes): they share one count. */
export const UNKNOWN_ADDRESS = 'unknown';

/** What node:http puts in yoga's server context; absent when the app is called through fetch. */
interface NodeServerContext {
  req?: Pick<IncomingMessage, 'socket'>;
}

/**
 * The client's address: the socket's peer, or, behind `trustedHops` proxies that each append the
 * address they received the request from to X-Forwarded-For, the entry that many hops back (the
 * nearest entry when there are fewer). IPv6 addresses count per /64, the block one subscriber gets.
 */
export function clientAddress(serverContext: unknown, headers: Headers, trustedHops: number): string {
  const peer = (serverContext as NodeServerContext | undefined)?.req?.socket?.remoteAddress;
  if (!peer) return UNKNOWN_ADDRESS;
  const chain = [peer];
  if (trustedHops > 0) chain.push(...forwardedFor(headers).reverse());
  return addressKey(chain[Math.min(trustedHops, chain.length - 1)]!);
}

/** The X-Forwarded-For entries, nearest last; repeated headers are one list (RFC 9110 §5.3). */
function forwardedFor(headers: Headers): string[] {
  return (headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
}

/** One key per client: IPv4 as is (also when IPv4-mapped), IPv6 by its /64 prefix; anything else bounded, as written. */
function addressKey(address: string): string {
  // Some proxies write a port: "[2001:db8::1]:443", "192.0.2.1:443"; a zone (%eth0) is not part of the address.
  const bare = address
    .replace(/^\[|\](:\d+)?$/g, '')
    .replace(/^(\d+\.\d+\.\d+\.\d+):\d+$/, '$1')
    .replace(/%.*$/, '')
    .toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(bare)?.[1];
  if (mapped && isIPv4(mapped)) return mapped;
  if (isIPv4(bare)) return bare;
  if (isIPv6(bare)) return `${ipv6Groups(bare).slice(0, 4).join(':')}::/64`;
  return bare.slice(0, 64);
}

/** The eight 16-bit groups of a valid IPv6 address (an embedded IPv4 tail counts as two). */
function ipv6Groups(address: string): string[] {
  const groupsOf = (part: string) =>
    part ? part.split(':').flatMap((group) => (group.includes('.') ? ['0', '0'] : [Number.parseInt(group, 16).toString(16)])) : [];
  const [head = '', tail] = address.split('::');
  const front = groupsOf(head);
  const back = tail === undefined ? [] : groupsOf(tail);
  return [...front, ...Array<string>(8 - front.length - back.length).fill('0'), ...back];
}
