import ipaddr from 'ipaddr.js';

// Where an organization's OIDC issuer comes from. Google and Microsoft Entra ID are OIDC providers
// with a fixed issuer (Microsoft's per tenant); any other provider is given by its issuer URL and
// found through discovery. GitHub is not offered: its sign-in is OAuth 2.0 without OpenID Connect
// (no ID token, no issuer whose signature could be verified), so nothing would vouch for a person.

export type OidcPreset = 'GENERIC' | 'GOOGLE' | 'MICROSOFT';

export const GOOGLE_ISSUER = 'https://accounts.google.com';

/**
 * Microsoft's issuer for one tenant (directory) id. Only a tenant id: `common`, `organizations`
 * or a domain name would discover a different issuer than the ID tokens carry, or accept any
 * tenant's users.
 */
export function microsoftIssuer(tenantId: string): string {
  return `https://login.microsoftonline.com/${tenantId}/v2.0`;
}

/** The issuer of a preset: the given URL for GENERIC, the provider's own for the others. */
export function presetIssuer(preset: OidcPreset, given: { issuer?: string | null; tenantId?: string | null }): string | null {
  if (preset === 'GOOGLE') return GOOGLE_ISSUER;
  if (preset === 'MICROSOFT') return given.tenantId ? microsoftIssuer(given.tenantId) : null;
  return given.issuer ?? null;
}

/** Whether the URL's host is loopback by definition (localhost, 127.0.0.0/8, ::1). */
export function isLoopbackUrl(url: URL): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  return ipaddr.isValid(host) && ipaddr.process(host).range() === 'loopback';
}

/** Why an issuer URL cannot be used, or null: https only, http to loopback only with SSO_ALLOW_LOOPBACK. */
export function refusedIssuer(issuer: string, allowLoopback: boolean): string | null {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    return 'must be an absolute URL';
  }
  if (url.username || url.password || url.search || url.hash) return 'must not carry credentials, a query or a fragment';
  if (url.protocol === 'https:') return null;
  if (url.protocol !== 'http:' || !isLoopbackUrl(url)) return 'must be an https URL';
  return allowLoopback ? null : 'must be an https URL (http to a loopback address needs SSO_ALLOW_LOOPBACK)';
}
