import { createRequire } from 'node:module';

// Domains of consumer email services (gmail.com, outlook.com, …) belong to their provider, not to
// an organization: one that claimed one would let JIT provisioning and SSO enforcement reach
// every user of that service. The list is the maintained `email-providers` package's common.json
// (about 360 providers ranked in the Majestic Million's top 100,000), not its all.json (about
// 8,700 domains, with many small hosts whose names a real company may own). Even common.json
// names some organizations' own domains, so an operator can accept such a domain
// (CONSUMER_DOMAINS_ALLOWED). Only the domain itself is refused, not its subdomains: a subdomain
// is another mail domain, and verification proves the organization controls its DNS.

const require = createRequire(import.meta.url);
const CONSUMER_DOMAINS: ReadonlySet<string> = new Set(require('email-providers/common.json') as string[]);

/** Whether `domain` (lower-cased, ASCII) is a consumer email provider's that the operator has not accepted. */
export function isConsumerDomain(domain: string, allowed: ReadonlySet<string>): boolean {
  return CONSUMER_DOMAINS.has(domain) && !allowed.has(domain);
}
