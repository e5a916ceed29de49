import type { Role } from '../db/generated/prisma/enums.js';
import type { SignedInIdentity } from '../auth/sso/signed-in-identity.js';
import type { Context } from '../context.js';
import { ConflictError } from '../errors.js';
import { requireFreeSeat } from './seats.js';
import { changeOrganizationAsSystem } from './unit-of-work.js';

// Just-in-time provisioning: someone the organization's own provider signed in, with an email the
// provider vouches for on a VERIFIED domain of that organization with JIT switched on, becomes an
// ACTIVE member with the domain's default role. Only the organization signed into: its provider
// speaks for its domains, and another organization with the same person's domain decides through
// its own provider. Once: an existing membership, ACTIVE or SUSPENDED, is left as it is (signing
// in does not undo a suspension). Within the license's seats: over them the sign-in still succeeds,
// without a membership, and the outcome says why.

/** What JIT provisioning did at a sign-in. */
export type MembershipOutcome =
  /** A membership was created now. */
  | 'created'
  /** The user already had a membership (ACTIVE or SUSPENDED), left as it was. */
  | 'existing'
  /** Not a member, and not provisioned: JIT is off, or the email is not vouched for on a verified domain with JIT. */
  | 'none'
  /** JIT applied, but every seat of the organization's license is taken. */
  | 'no_seat';

export const JIT_ACTOR = 'jit-provisioning';

/**
 * The role of someone the server adds on its own (JIT, a SCIM directory): the domain's default
 * role. Never OWNER: updateDomain refuses it, and it is held here too, since nobody chose this person.
 */
export function provisionedRole(domainDefaultRole: Role): Exclude<Role, 'OWNER'> {
  return domainDefaultRole === 'OWNER' ? 'MEMBER' : domainDefaultRole;
}

/** Provisions the signed-in user into the organization signed into, when the domain's rules say so. */
export interface Provisioning {
  outcome: MembershipOutcome;
  /** Why not, for `no_seat`: the seat numbers. */
  detail?: string;
}

export async function provisionJustInTime(
  ctx: Context,
  userId: string,
  identity: Pick<SignedInIdentity, 'organizationId' | 'email' | 'emailVerified' | 'issuer'>,
): Promise<Provisioning> {
  const organizationId = identity.organizationId;
  const domainName = identity.emailVerified ? identity.email?.split('@')[1]?.toLowerCase() : undefined;
  const domain = domainName
    ? await ctx.prisma.domain.findFirst({
        where: { organizationId, domain: domainName, verifiedAt: { not: null }, jitProvisioningEnabled: true },
        select: { id: true, domain: true, jitDefaultRole: true },
      })
    : null;
  if (!domain) {
    const member = await ctx.prisma.member.findUnique({ where: { organizationId_userId: { organizationId, userId } }, select: { id: true } });
    return { outcome: member ? 'existing' : 'none' };
  }
  return changeOrganizationAsSystem<Provisioning>(ctx, organizationId, JIT_ACTOR, async (tx) => {
    const existing = await tx.member.findUnique({ where: { organizationId_userId: { organizationId, userId } }, select: { id: true } });
    if (existing) return { result: { outcome: 'existing' }, audit: null };
    try {
      await requireFreeSeat(tx, organizationId);
    } catch (error) {
      if (error instanceof ConflictError) return { result: { outcome: 'no_seat' as const, detail: error.message }, audit: null };
      throw error;
    }
    const role = provisionedRole(domain.jitDefaultRole);
    const member = await tx.member.create({ data: { organizationId, userId, role, status: 'ACTIVE' }, select: { id: true } });
    return {
      result: { outcome: 'created' },
      audit: {
        action: 'member.provision',
        targetType: 'Member',
        targetId: member.id,
        changes: { userId, email: identity.email, role, status: 'ACTIVE', domainId: domain.id, identityProvider: identity.issuer },
      },
    };
  });
}

/**
 * The server's trusted external issuer (OIDC_ISSUER) is trusted for every organization, so the
 * first time one of its tokens is tied to a user (created, or linked by a verified email), JIT
 * applies in every organization with a verified, JIT-enabled domain of that email. Only then:
 * the request path stays free of writes afterwards; a domain switched to JIT later provisions the
 * user at their next sign-in through the organization's own provider.
 */
export async function provisionFirstSightOfTrustedIssuer(ctx: Context, user: { userId: string; email: string }, issuer: string): Promise<void> {
  const domain = user.email.split('@')[1]?.toLowerCase();
  if (!domain) return;
  const domains = await ctx.prisma.domain.findMany({
    where: { domain, verifiedAt: { not: null }, jitProvisioningEnabled: true },
    select: { organizationId: true },
  });
  for (const { organizationId } of domains) {
    await provisionJustInTime(ctx, user.userId, { organizationId, email: user.email, emailVerified: true, issuer });
  }
}
