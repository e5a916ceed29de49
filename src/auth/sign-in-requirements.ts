import { Prisma } from '../db/generated/prisma/client.js';
import { column } from '../db/sql-fragments.js';
import type { UserPrincipal } from './principal.js';

// THE rule of SSO and MFA enforcement: whether the way a user signed in (the token's sign-in
// facts) meets what its membership in an organization requires. It is evaluated inside the
// statements that already read the membership (the standing, the visibility filters), so it costs
// no statement of its own. Two renderings of one rule, side by side because Prisma's `where` takes
// no SQL: `sqlSignInRefusal` for hand-written statements and `signInSatisfiedWhere` for Prisma's
// filters; test/enforcement/rule-forms.test.ts checks that they agree.
//
// SSO is required of a member when its membership has requiredSsoAuth, or when the organization
// has a VERIFIED domain with ssoEnforcement other than NONE equal to the domain of the user's email
// (a consultant with another email domain is not concerned). It is met by a token this server
// minted after a sign-in through that organization's own provider (sso_org), or by an external
// issuer's token whose issuer is the organization's OIDC provider. OWNERS are exempt from SSO (a
// broken provider must not lock every owner out), never from MFA.
// MFA is required when the membership has requiredMfaAuth, and met by a token whose `amr`
// (RFC 8176) says `mfa`, or names methods of two different factors (see SECOND_FACTOR_GROUPS).

/** Why a member's token does not give access to the organization. */
export type SignInRefusalReason = 'SSO_REQUIRED' | 'MFA_REQUIRED';

/** RFC 8176 methods by factor: something known, something held, something one is. */
const FACTORS: Record<string, 'knowledge' | 'possession' | 'inherence'> = {
  pwd: 'knowledge',
  pin: 'knowledge',
  kba: 'knowledge',
  hwk: 'possession',
  swk: 'possession',
  otp: 'possession',
  sms: 'possession',
  tel: 'possession',
  sc: 'possession',
  pop: 'possession',
  fpt: 'inherence',
  face: 'inherence',
  iris: 'inherence',
  retina: 'inherence',
  vbm: 'inherence',
};

/** Whether the methods prove a second factor: `mfa`, or methods of at least two different factors. */
export function hasSecondFactor(amr: readonly string[]): boolean {
  if (amr.includes('mfa')) return true;
  return new Set(amr.map((method) => FACTORS[method]).filter(Boolean)).size >= 2;
}

/** What the token proves, in the terms the rule compares with the membership. */
interface SignInFacts {
  secondFactor: boolean;
  /** The organization whose own provider signed the user in (this server's token). */
  ssoOrganizationId: string | null;
  /** An external issuer's token: its issuer, compared with the organization's OIDC provider. */
  externalIssuer: string | null;
  /** The lower-cased domain of the user's email, compared with the organization's enforcing domains. */
  emailDomain: string;
}

function factsOf(user: UserPrincipal): SignInFacts {
  const { amr, ssoOrganizationId, identityProvider } = user.signIn;
  return {
    secondFactor: hasSecondFactor(amr),
    ssoOrganizationId,
    externalIssuer: ssoOrganizationId === null ? identityProvider : null,
    emailDomain: (user.email.split('@')[1] ?? '').toLowerCase(),
  };
}

/**
 * SQL: NULL when the token meets the requirements of the membership aliased `member`, else the
 * reason ('SSO_REQUIRED' first: signing in through the provider may well bring the second factor).
 */
export function sqlSignInRefusal(user: UserPrincipal, member: string): Prisma.Sql {
  const facts = factsOf(user);
  const organizationId = column(member, 'organizationId');
  const ssoMet: Prisma.Sql[] = [Prisma.sql`${column(member, 'role')} = 'OWNER'`];
  if (facts.ssoOrganizationId) ssoMet.push(Prisma.sql`${organizationId} = ${facts.ssoOrganizationId}`);
  if (facts.externalIssuer) {
    ssoMet.push(
      Prisma.sql`EXISTS (SELECT 1 FROM "AuthProvider" ap WHERE ap."organizationId" = ${organizationId} AND ap."oidcIssuer" = ${facts.externalIssuer})`,
    );
  }
  const ssoRequired = Prisma.sql`(${column(member, 'requiredSsoAuth')} OR EXISTS (SELECT 1 FROM "Domain" ed WHERE ed."organizationId" = ${organizationId} AND ed."domain" = ${facts.emailDomain} AND ed."verifiedAt" IS NOT NULL AND ed."ssoEnforcement" <> 'NONE'))`;
  const mfaMissing = facts.secondFactor ? Prisma.sql`false` : column(member, 'requiredMfaAuth');
  return Prisma.sql`(CASE WHEN ${ssoRequired} AND NOT (${Prisma.join(ssoMet, ' OR ')}) THEN 'SSO_REQUIRED' WHEN ${mfaMissing} THEN 'MFA_REQUIRED' END)`;
}

/** SQL: the token meets the requirements of the membership aliased `member`. */
export function sqlSignInSatisfied(user: UserPrincipal, member: string): Prisma.Sql {
  return Prisma.sql`${sqlSignInRefusal(user, member)} IS NULL`;
}

/** The same rule as `sqlSignInSatisfied`, as a Prisma filter of the user's memberships. */
export function signInSatisfiedWhere(user: UserPrincipal): Prisma.MemberWhereInput {
  const facts = factsOf(user);
  const ssoMet: Prisma.MemberWhereInput[] = [{ role: 'OWNER' }];
  if (facts.ssoOrganizationId) ssoMet.push({ organizationId: facts.ssoOrganizationId });
  if (facts.externalIssuer) ssoMet.push({ organization: { authProvider: { is: { oidcIssuer: facts.externalIssuer } } } });
  const ssoNotRequired: Prisma.MemberWhereInput = {
    requiredSsoAuth: false,
    organization: { domains: { none: { domain: facts.emailDomain, verifiedAt: { not: null }, ssoEnforcement: { not: 'NONE' } } } },
  };
  return { AND: [{ OR: [ssoNotRequired, ...ssoMet] }, facts.secondFactor ? {} : { requiredMfaAuth: false }] };
}
