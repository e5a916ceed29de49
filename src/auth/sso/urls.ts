// Where an organization's single sign-on starts and returns. One place, because three parts need
// them: the sign-in routes, the provider configuration shown to administrators (the redirect URI
// to register), and the FORBIDDEN answer of SSO enforcement (where the user should go instead).

/** The URL a browser opens to sign in through the organization's provider. */
export function ssoSignInUrl(publicUrl: string, organizationId: string): string {
  return `${publicUrl}/sso/${encodeURIComponent(organizationId)}/start`;
}

/** The OIDC redirect URI (and SAML assertion consumer service URL) to register at the provider. */
export function ssoCallbackUrl(publicUrl: string, organizationId: string): string {
  return `${publicUrl}/sso/${encodeURIComponent(organizationId)}/callback`;
}
