/**
 * A SAML sign-in this server refuses, with the reason (for the person and for whoever configures
 * the identity provider). `status`: 401 when the response proves nothing (signature, audience,
 * time, InResponseTo, recipient), 403 when it proves an identity the organization may not sign in,
 * 400 for a request that is not a SAML sign-in at all.
 */
export class SamlSignInRefused extends Error {
  constructor(
    message: string,
    readonly status: 400 | 401 | 403 = 401,
  ) {
    super(message);
  }
}
