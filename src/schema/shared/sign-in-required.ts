import type { SignInRefusalReason } from '../../auth/sign-in-requirements.js';
import { ssoSignInUrl } from '../../auth/sso/urls.js';
import type { SignInRequiredError } from '../../errors.js';

// What a refused sign-in tells the client, the same in a top-level error's extensions and in a
// mutation's typed ForbiddenError: why, and for SSO the URL that signs in through the organization's provider.

const REASONS: ReadonlySet<unknown> = new Set<SignInRefusalReason>(['SSO_REQUIRED', 'MFA_REQUIRED']);

/** The reason and, for SSO, the sign-in URL of a refused sign-in (a SignInRequiredError); nothing for any other error. */
export function signInRequirementOf(error: unknown, publicUrl: string): { reason?: SignInRefusalReason; signInUrl?: string } {
  // Read by its fields, not by instanceof: a typed error reaches its object type as plugin-errors'
  // proxy, whose prototypes are proxies too.
  if (typeof error !== 'object' || error === null) return {};
  const { reason, organizationId } = error as Partial<SignInRequiredError>;
  if (!REASONS.has(reason) || typeof organizationId !== 'string') return {};
  return { reason, ...(reason === 'SSO_REQUIRED' ? { signInUrl: ssoSignInUrl(publicUrl, organizationId) } : {}) };
}
