/**
 * What an organization's identity provider asserted about a person, once the protocol's checks
 * passed (OIDC: state, nonce, PKCE, ID token signature; SAML: signature, audience, recipient).
 * Both protocols end in completeSignIn (complete-sign-in.ts) with one of these.
 */
export interface SignedInIdentity {
  organizationId: string;
  protocol: 'oidc' | 'saml';
  /** The provider: its OIDC issuer, or its SAML entity id. */
  issuer: string;
  /** The provider's stable id of the person (OIDC `sub`, SAML NameID). */
  subject: string;
  email: string | null;
  /** Whether the provider vouches for the email (OIDC `email_verified`; a SAML provider for its own domain). */
  emailVerified: boolean;
  name: string | null;
  /** RFC 8176 authentication method references (`pwd`, `otp`, `mfa`, `hwk`, …); empty when the provider does not say. */
  amr: string[];
  /** The groups the provider asserts (an OIDC `groups` claim); absent when it sends none. */
  groups?: string[];
}
