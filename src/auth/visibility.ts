import { Prisma } from '../db/generated/prisma/client.js';
import { userOf, type Principal } from './principal.js';
import { signInSatisfiedWhere, sqlSignInSatisfied } from './sign-in-requirements.js';

// THE tenant filters, beside the action table (permissions.ts): they go into every `where`, so
// what a principal cannot see is simply not found. Which rows of a visible organization the
// caller may read is the action table's answer, asked by each type's rule.
// A nil UUID stands in for "nobody" so that an anonymous caller never yields an empty filter.
const NOBODY = '00000000-0000-0000-0000-000000000000';

function viewerId(principal: Principal | null): string {
  return userOf(principal)?.userId ?? NOBODY;
}

/**
 * Organizations where the principal is an active member (every role holds organization:read) whose
 * token meets the membership's SSO and MFA requirements (sign-in-requirements.ts); for a service
 * client, its own organization when it holds organization:read.
 */
export function visibleOrganizations(principal: Principal | null): Prisma.OrganizationWhereInput {
  // Under AND, so that spreading this filter next to an `id` (organization(id:)) narrows it instead of replacing it.
  if (principal?.kind === 'client') return { AND: [{ id: principal.scopes.has('organization:read') ? principal.organizationId : NOBODY }] };
  const user = userOf(principal);
  return { members: { some: { userId: viewerId(principal), status: 'ACTIVE', ...(user ? signInSatisfiedWhere(user) : {}) } } };
}

/** Members of organizations the principal can see. */
export function visibleMembers(principal: Principal | null): Prisma.MemberWhereInput {
  return { organization: visibleOrganizations(principal) };
}

/**
 * Members the principal may read (member:read): what node(id:) finds of a Member, and what makes
 * a user visible. Every role holds member:read; a service client must hold it beside
 * organization:read, or a Member's or User's id would give away what `members` refuses it.
 */
export function readableMembers(principal: Principal | null): Prisma.MemberWhereInput {
  if (principal?.kind === 'client' && !principal.scopes.has('member:read')) return { AND: [{ organizationId: NOBODY }] };
  return visibleMembers(principal);
}

/** The principal itself and the users it shares an organization with (as members it may read). */
export function visibleUsers(principal: Principal | null): Prisma.UserWhereInput {
  return { OR: [{ id: viewerId(principal) }, { memberships: { some: readableMembers(principal) } }] };
}

/** Invitations of organizations the principal can see, and invitations addressed to it. */
export function visibleInvitations(principal: Principal | null): Prisma.InvitationWhereInput {
  const user = userOf(principal);
  const addressedToViewer: Prisma.InvitationWhereInput[] = user ? [{ email: user.email }] : [];
  return { OR: [{ organization: visibleOrganizations(principal) }, ...addressedToViewer] };
}

/** `visibleOrganizations` in SQL, for the read path's statements: the organization whose id is `organizationId` is visible. */
export function sqlVisibleOrganization(principal: Principal | null, organizationId: Prisma.Sql): Prisma.Sql {
  if (principal?.kind === 'client') return Prisma.sql`${organizationId} = ${principal.scopes.has('organization:read') ? principal.organizationId : NOBODY}`;
  const user = userOf(principal);
  const signedInEnough = user ? Prisma.sql` AND ${sqlSignInSatisfied(user, 'v')}` : Prisma.empty;
  return Prisma.sql`EXISTS (SELECT 1 FROM "Member" v WHERE v."organizationId" = ${organizationId} AND v."userId" = ${viewerId(principal)} AND v."status" = 'ACTIVE'${signedInEnough})`;
}

/**
 * Custom policies of organizations the principal can see, and the built-in ones (the roles,
 * shared by every organization) for any authenticated principal.
 */
export function visiblePolicies(principal: Principal | null): Prisma.PolicyWhereInput {
  const own: Prisma.PolicyWhereInput = { organization: visibleOrganizations(principal) };
  return principal ? { OR: [{ organizationId: null }, own] } : own;
}

/** Groups of organizations the principal can see. */
export function visibleGroups(principal: Principal | null): Prisma.GroupWhereInput {
  return { organization: visibleOrganizations(principal) };
}

/** Stacks of organizations the principal can see, deleted ones included (reads also apply `notPurged`). */
export function visibleStacks(principal: Principal | null): Prisma.StackWhereInput {
  return { organization: visibleOrganizations(principal) };
}

/** Public regions for any signed-in principal; private ones of the organizations it can see (region:read is checked on the type). */
export function visibleRegions(principal: Principal | null): Prisma.RegionWhereInput {
  if (!principal) return { id: NOBODY };
  return { OR: [{ organizationId: null }, { organization: visibleOrganizations(principal) }] };
}

/** Licenses serving an organization the principal can see (one that serves none is seen by nobody). */
export function visibleLicenses(principal: Principal | null): Prisma.LicenseWhereInput {
  return { organization: { is: visibleOrganizations(principal) } };
}
