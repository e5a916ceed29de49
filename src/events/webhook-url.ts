import ipaddr from 'ipaddr.js';

// Where webhooks may be sent (SSRF). Only https, except http to loopback when
// WEBHOOK_ALLOW_LOOPBACK allows it (development); never to a loopback, private, link-local,
// unique-local, CGNAT, multicast, unspecified or otherwise non-public address unless a setting
// allows it. A URL is checked when it is saved (its literal address, if it names one) and each
// address its name resolves to is checked again at every delivery, where the request connects to
// the address that was checked (src/events/consumers/webhook-request.ts): a name that changed its
// answer since (DNS rebinding) is refused there.

export interface WebhookNetworkPolicy {
  allowLoopback: boolean;
  allowPrivateNetworks: boolean;
}

/** Hosts that are loopback by definition (RFC 6761), whatever DNS says. */
const isLoopbackName = (hostname: string) => hostname === 'localhost' || hostname.endsWith('.localhost');

/** The URL's host without IPv6 brackets or a final dot, lower-cased (the URL parser already turned `0x7f.1` into `127.0.0.1`). */
export const hostOf = (url: URL) =>
  url.hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();

/** Why an address may not be connected to under the policy, or null. */
export function refusedAddress(address: string, policy: WebhookNetworkPolicy): string | null {
  const parsed = ipaddr.process(address);
  const range = parsed.range();
  if (range === 'unicast') return null;
  if (range === 'loopback') return policy.allowLoopback ? null : `${address} is a loopback address (WEBHOOK_ALLOW_LOOPBACK allows it for development)`;
  if (range === 'unspecified' || range === 'multicast' || range === 'broadcast') return `${address} is a ${range} address`;
  return policy.allowPrivateNetworks ? null : `${address} is not a public address (${range}; WEBHOOK_ALLOW_PRIVATE_NETWORKS allows it)`;
}

/** Why a URL can never be delivered to under the policy, or null: what can be told without DNS. */
export function refusedUrl(text: string, policy: WebhookNetworkPolicy): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'must be an absolute URL';
  }
  if (url.username || url.password) return 'must not carry credentials';
  const host = hostOf(url);
  const literal = ipaddr.isValid(host) ? host : null;
  const loopback = isLoopbackName(host) || (literal !== null && ipaddr.process(literal).range() === 'loopback');
  if (url.protocol === 'http:') {
    if (!loopback) return 'must use https (http only to a loopback address, with WEBHOOK_ALLOW_LOOPBACK)';
    if (!policy.allowLoopback) return 'must use https (http to loopback needs WEBHOOK_ALLOW_LOOPBACK)';
    return null;
  }
  if (url.protocol !== 'https:') return 'must use https';
  if (isLoopbackName(host)) return policy.allowLoopback ? null : `${host} is a loopback name (WEBHOOK_ALLOW_LOOPBACK allows it for development)`;
  return literal ? refusedAddress(literal, policy) : null;
}
