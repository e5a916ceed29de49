import { type CacheProvider, generateServiceProviderMetadata, SAML, ValidateInResponseTo } from '@node-saml/node-saml';
import { ssoCallbackUrl } from './urls.js';

// This server as a SAML service provider of one organization: its entity id and assertion
// consumer service (ACS) URL, and node-saml set up with the organization's identity provider.

/** The organization's identity provider, as stored (AuthProvider of type SAML). */
export interface SamlIdentityProvider {
  /** The provider's entity id: the Issuer of its assertions. */
  entityId: string;
  /** Where the AuthnRequest goes (HTTP-Redirect binding). */
  ssoUrl: string;
  /** The provider's signing certificate, PEM. */
  certificate: string;
}

export interface SamlSettings {
  /** How long a sign-in may take between start and the provider's response. */
  requestTtlSeconds: number;
  /** Clock difference tolerated between the provider and this server (NotBefore, NotOnOrAfter). */
  clockSkewSeconds: number;
}

/** Our entity id for an organization: also the URL of our metadata, so an administrator can paste either. */
export function samlEntityIdOf(publicUrl: string, organizationId: string): string {
  return `${publicUrl}/sso/${encodeURIComponent(organizationId)}/saml/metadata`;
}

/** Where the provider posts its response (the ACS URL): the SSO callback URL. */
export const samlAcsUrlOf = ssoCallbackUrl;

/**
 * node-saml for one organization. Signed assertions only (a signed Response around an unsigned
 * assertion is not enough); the audience must be our entity id; InResponseTo must name a request
 * of ours (`store`), so provider-initiated sign-ins are refused. No NameID format and no
 * authentication context are requested: the provider sends what it is configured to send.
 */
export function samlServiceProvider(
  publicUrl: string,
  organizationId: string,
  provider: SamlIdentityProvider,
  settings: SamlSettings,
  store: CacheProvider,
  /** The id of the AuthnRequest this instance will make (start of a sign-in). */
  requestId?: () => string,
): SAML {
  const entityId = samlEntityIdOf(publicUrl, organizationId);
  return new SAML({
    issuer: entityId,
    audience: entityId,
    callbackUrl: samlAcsUrlOf(publicUrl, organizationId),
    entryPoint: provider.ssoUrl,
    idpCert: provider.certificate,
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: false,
    validateInResponseTo: ValidateInResponseTo.always,
    requestIdExpirationPeriodMs: settings.requestTtlSeconds * 1000,
    acceptedClockSkewMs: settings.clockSkewSeconds * 1000,
    cacheProvider: store,
    identifierFormat: null,
    disableRequestedAuthnContext: true,
    ...(requestId ? { generateUniqueId: requestId } : {}),
  });
}

/** Our SP metadata for the organization, for the identity provider's administrator to import. */
export function samlServiceProviderMetadata(publicUrl: string, organizationId: string): string {
  return generateServiceProviderMetadata({
    issuer: samlEntityIdOf(publicUrl, organizationId),
    callbackUrl: samlAcsUrlOf(publicUrl, organizationId),
    wantAssertionsSigned: true,
  });
}
