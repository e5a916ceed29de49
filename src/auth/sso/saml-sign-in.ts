import { randomBytes } from 'node:crypto';
import type { PrismaClient } from '../../db/client.js';
import { ForbiddenError } from '../../errors.js';
import { completeSignIn, type SignedIn, type SignInDeps } from './complete-sign-in.js';
import { samlSignedInIdentity } from './saml-identity.js';
import { SamlSignInRefused } from './saml-refused.js';
import { SamlRequestStore } from './saml-request-store.js';
import { type SamlIdentityProvider, type SamlSettings, samlAcsUrlOf, samlServiceProvider } from './saml-service-provider.js';

// SAML sign-in through an organization's identity provider: start (an AuthnRequest, remembered)
// and finish (the provider's POSTed response, checked, then completeSignIn).

export interface SamlSignInDeps extends SignInDeps {
  publicUrl: string;
  saml: SamlSettings;
}

/** The organization's SAML identity provider; null when it has none, or an OIDC one. */
export async function samlIdentityProviderOf(prisma: PrismaClient, organizationId: string): Promise<SamlIdentityProvider | null> {
  const provider = await prisma.authProvider.findUnique({
    where: { organizationId },
    select: { type: true, samlEntityId: true, samlSsoUrl: true, samlCertificate: true },
  });
  if (provider?.type !== 'SAML' || !provider.samlEntityId || !provider.samlSsoUrl || !provider.samlCertificate) return null;
  return { entityId: provider.samlEntityId, ssoUrl: provider.samlSsoUrl, certificate: provider.samlCertificate };
}

/**
 * The provider's sign-in URL with a new AuthnRequest (HTTP-Redirect binding). The request is
 * remembered with `returnTo` until its response comes back or it expires. RelayState carries the
 * request's id: the binding allows 80 bytes, too few for a return URL, which stays on the server.
 */
export async function startSamlSignIn(deps: SamlSignInDeps, organizationId: string, provider: SamlIdentityProvider, returnTo: string | null): Promise<string> {
  // An xs:ID: starts with a letter or underscore.
  const requestId = `_${randomBytes(20).toString('hex')}`;
  const store = new SamlRequestStore(deps.prisma, organizationId, { returnTo, ttlSeconds: deps.saml.requestTtlSeconds });
  const serviceProvider = samlServiceProvider(deps.publicUrl, organizationId, provider, deps.saml, store, () => requestId);
  return serviceProvider.getAuthorizeUrlAsync(requestId, undefined, {});
}

/** A finished SAML sign-in, and where its token goes (null: this server's own page). */
export interface SamlSignedIn extends SignedIn {
  returnTo: string | null;
}

/** Validates the provider's response (base64 SAMLResponse) and signs its person in; SamlSignInRefused says why not. */
export async function finishSamlSignIn(
  deps: SamlSignInDeps,
  organizationId: string,
  provider: SamlIdentityProvider,
  samlResponse: string,
): Promise<SamlSignedIn> {
  const store = new SamlRequestStore(deps.prisma, organizationId, { ttlSeconds: deps.saml.requestTtlSeconds });
  const serviceProvider = samlServiceProvider(deps.publicUrl, organizationId, provider, deps.saml, store);
  const profile = await serviceProvider.validatePostResponseAsync({ SAMLResponse: samlResponse }).then(
    ({ profile }) => profile,
    (error: unknown) => {
      // node-saml refuses with plain Errors whose messages say why; a database failure stays one.
      if (store.failure !== undefined) throw store.failure;
      throw new SamlSignInRefused(`The identity provider's response was refused: ${error instanceof Error ? error.message : String(error)}`);
    },
  );
  if (!profile) throw new SamlSignInRefused('The identity provider did not sign anyone in');
  const identity = await samlSignedInIdentity(profile, {
    organizationId,
    providerEntityId: provider.entityId,
    acsUrl: samlAcsUrlOf(deps.publicUrl, organizationId),
  });
  const signedIn = await completeSignIn(deps, identity).catch((error: unknown) => {
    throw error instanceof ForbiddenError ? new SamlSignInRefused(error.message, 403) : error;
  });
  return { ...signedIn, returnTo: store.takenRequest?.returnTo ?? null };
}
