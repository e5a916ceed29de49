import DataLoader from 'dataloader';
import type { PrismaClient } from '../db/client.js';
import type { Member } from '../db/generated/prisma/client.js';
import type { MemberStatus, Role } from '../db/generated/prisma/enums.js';
import { ForbiddenError, NotFoundError } from '../errors.js';
import type { Principal } from './principal.js';
import { ROLE_SCOPES, type Scope } from './scopes.js';

/** The caller's standing in one organization where it is an active member. */
export interface Standing {
  memberId: string;
  role: Role;
  scopes: ReadonlySet<Scope>;
}

/** The caller's standing with its whole membership row (Organization.viewerMember serves it). */
export interface StandingWithMember extends Standing {
  member: Member;
}

/** A membership row as the standing sees it; inactive memberships grant nothing. */
export function standingOf<Row extends { id: string; role: Role; status: MemberStatus }>(row: Row | null): (Standing & { member: Row }) | null {
  if (!row || row.status !== 'ACTIVE') return null;
  return { memberId: row.id, role: row.role, scopes: ROLE_SCOPES[row.role], member: row };
}

/** NOT_FOUND for outsiders (the organization does not exist for them), FORBIDDEN without the scope. */
export function requireScope(standing: Standing | null, scope: Scope): Standing {
  if (!standing) throw new NotFoundError('Organization');
  if (!standing.scopes.has(scope)) throw new ForbiddenError(`This needs the ${scope} scope in the organization`);
  return standing;
}

/**
 * Per-request answers to "does this principal hold scope S in organization O". The caller's
 * memberships are loaded once per request for all organizations a query touches (DataLoader).
 */
export class AccessControl {
  private readonly standings: DataLoader<string, StandingWithMember | null>;

  constructor(
    prisma: PrismaClient,
    readonly principal: Principal | null,
  ) {
    this.standings = new DataLoader(async (organizationIds) => {
      if (!principal) return organizationIds.map(() => null);
      const rows = await prisma.member.findMany({ where: { userId: principal.userId, organizationId: { in: [...organizationIds] } } });
      const byOrg = new Map(rows.map((row) => [row.organizationId, row]));
      return organizationIds.map((id) => standingOf(byOrg.get(id) ?? null));
    });
  }

  /** The caller's standing in the organization, or null when it is not an active member. */
  standing(organizationId: string): Promise<StandingWithMember | null> {
    return this.standings.load(organizationId);
  }

  async hasScope(organizationId: string, scope: Scope): Promise<boolean> {
    return (await this.standing(organizationId))?.scopes.has(scope) ?? false;
  }

  async require(organizationId: string, scope: Scope): Promise<Standing> {
    return requireScope(await this.standing(organizationId), scope);
  }

  /** Call after a write that changes the caller's own membership, so later checks see it. */
  forget(organizationId: string): void {
    this.standings.clear(organizationId);
  }
}
