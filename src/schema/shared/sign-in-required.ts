import type { SignInRefusalReason } from '../../auth/sign-in-requirements.js';
import { ssoSignInUrl } from '../../auth/sso/urls.js';
import { SignInRequiredError } from '../../errors.js';

// What a refused sign-in tells the client, the same in a top-level error's extensions and in a
// mutation's typed ForbiddenError: why, and for SSO the URL that signs in through the organization's provider.

/** The reason and, for SSO, the sign-in URL of a refused sign-in; nothing for any other error. */
export function signInRequirementOf(error: unknown, publicUrl: string): { reason?: SignInRefusalReason; signInUrl?: string } {
  if (!(error instanceof SignInRequiredError)) return {};
  return { reason: error.reason, ...(error.reason === 'SSO_REQUIRED' ? { signInUrl: ssoSignInUrl(publicUrl, error.organizationId) } : {}) };
}
