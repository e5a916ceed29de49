import { Prisma } from '../db/generated/prisma/client.js';
import { userOf, type Principal } from './principal.js';

// Tenant filters that go into every `where`: what a principal cannot see is simply not found.
// A nil UUID stands in for "nobody" so that an anonymous caller never yields an empty filter.
const NOBODY = '00000000-0000-0000-0000-000000000000';

function viewerId(principal: Principal | null): string {
  return userOf(principal)?.userId ?? NOBODY;
}

/**
 * Organizations where the principal is an active member (every role holds organization:read);
 * for a service client, its own organization when it holds organization:read.
 */
export function visibleOrganizations(principal: Principal | null): Prisma.OrganizationWhereInput {
  // Under AND, so that spreading this filter next to an `id` (organization(id:)) narrows it instead of replacing it.
  if (principal?.kind === 'client') return { AND: [{ id: principal.scopes.has('organization:read') ? principal.organizationId : NOBODY }] };
  return { members: { some: { userId: viewerId(principal), status: 'ACTIVE' } } };
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
  return Prisma.sql`EXISTS (SELECT 1 FROM "Member" v WHERE v."organizationId" = ${organizationId} AND v."userId" = ${viewerId(principal)} AND v."status" = 'ACTIVE')`;
}
