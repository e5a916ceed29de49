import DataLoader from 'dataloader';
import type { PrismaClient } from '../db/client.js';
import type { Member } from '../db/generated/prisma/client.js';
import type { Role } from '../db/generated/prisma/enums.js';
import { ForbiddenError, NotFoundError } from '../errors.js';
import type { ClientPrincipal, Principal } from './principal.js';
import { isScope, ROLE_SCOPES, roleRank, type Scope } from './scopes.js';

/** The caller's standing in one organization: an active member, or a service client there. */
export interface Standing {
  /** The caller's membership; null for a service client. */
  member: Member | null;
  /** The caller's role; null for a service client. */
  role: Role | null;
  /** Compared by the no-escalation rules: the role's rank, for a client the highest role its scopes cover (never OWNER). */
  rank: number;
  /** Effective scopes: role policy ∪ attached policies ∪ the policies of the member's groups. */
  scopes: ReadonlySet<Scope>;
}

/** The membership as loaded for authorization: the row and the scopes of its policies and groups' policies. */
type MembershipWithPolicies = Member & {
  policies: { policy: { scopes: string[] } }[];
  groups: { group: { policies: { policy: { scopes: string[] } }[] } }[];
};

const POLICY_SCOPES = { select: { policy: { select: { scopes: true } } } } as const;
/** The include that loads what effective scopes need; used inside and outside transactions. */
export const MEMBERSHIP_FOR_STANDING = { policies: POLICY_SCOPES, groups: { select: { group: { select: { policies: POLICY_SCOPES } } } } } as const;

/** A member's standing; inactive memberships grant nothing. */
export function standingOf(row: MembershipWithPolicies | null): Standing | null {
  if (!row || row.status !== 'ACTIVE') return null;
  const { policies, groups, ...member } = row;
  const scopes = new Set<Scope>(ROLE_SCOPES[row.role]);
  const attached = [...policies, ...groups.flatMap((g) => g.group.policies)];
  for (const { policy } of attached) for (const scope of policy.scopes) if (isScope(scope)) scopes.add(scope);
  return { member, role: row.role, rank: roleRank(row.role), scopes };
}

/** A service client's standing: its own scopes, and the rank of the highest role they cover below OWNER. */
export function clientStanding(scopes: ReadonlySet<Scope>): Standing {
  const covered = (['ADMIN', 'MEMBER', 'GUEST'] as const).find((role) => [...ROLE_SCOPES[role]].every((scope) => scopes.has(scope)));
  return { member: null, role: null, rank: covered ? roleRank(covered) : 0, scopes };
}

/**
 * A service client's standing in an organization: only its own, and only while it holds
 * organization:read (without it the organization is invisible to it, as in visibility.ts).
 */
export function clientStandingIn(client: ClientPrincipal, organizationId: string): Standing | null {
  return client.organizationId === organizationId && client.scopes.has('organization:read') ? clientStanding(client.scopes) : null;
}

/** NOT_FOUND for outsiders (the organization does not exist for them), FORBIDDEN without the scope. */
export function requireScope(standing: Standing | null, scope: Scope): Standing {
  if (!standing) throw new NotFoundError('Organization');
  if (!standing.scopes.has(scope)) throw new ForbiddenError(`This needs the ${scope} scope in the organization`);
  return standing;
}

/**
 * Per-request answers to "does this principal hold scope S in organization O". The caller's
 * memberships, with their policies and groups, are loaded once per request for all the
 * organizations a query touches (DataLoader): no per-field database round trips.
 */
export class AccessControl {
  private readonly standings: DataLoader<string, Standing | null>;

  constructor(
    prisma: PrismaClient,
    readonly principal: Principal | null,
  ) {
    this.standings = new DataLoader(async (organizationIds) => {
      if (!principal) return organizationIds.map(() => null);
      if (principal.kind === 'client') {
        return organizationIds.map((id) => clientStandingIn(principal, id));
      }
      const rows = await prisma.member.findMany({
        where: { userId: principal.userId, organizationId: { in: [...organizationIds] } },
        include: MEMBERSHIP_FOR_STANDING,
      });
      const byOrg = new Map(rows.map((row) => [row.organizationId, row]));
      return organizationIds.map((id) => standingOf(byOrg.get(id) ?? null));
    });
  }

  /** The caller's standing in the organization, or null when it has none there. */
  standing(organizationId: string): Promise<Standing | null> {
    return this.standings.load(organizationId);
  }

  async hasScope(organizationId: string, scope: Scope): Promise<boolean> {
    return (await this.standing(organizationId))?.scopes.has(scope) ?? false;
  }

  async require(organizationId: string, scope: Scope): Promise<Standing> {
    return requireScope(await this.standing(organizationId), scope);
  }

  /** Call after a write that changes the caller's own standing, so later checks see it. */
  forget(organizationId: string): void {
    this.standings.clear(organizationId);
  }
}
