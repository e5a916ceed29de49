import DataLoader from 'dataloader';
import type { PrismaClient } from '../db/client.js';
import type { MemberStatus, Role } from '../db/generated/prisma/enums.js';
import { ForbiddenError, NotFoundError } from '../errors.js';
import type { Principal } from './principal.js';
import { ROLE_SCOPES, type Scope } from './scopes.js';

/** The caller's standing in one organization. */
export interface Standing {
  memberId: string;
  role: Role;
  status: MemberStatus;
  scopes: ReadonlySet<Scope>;
}

/**
 * Per-request answers to "does this principal hold scope S in organization O". The caller's
 * memberships are loaded once per request for all organizations a query touches (DataLoader).
 * An organization the caller does not actively belong to does not exist for it: NOT_FOUND.
 */
export class AccessControl {
  private readonly standings: DataLoader<string, Standing | null>;

  constructor(
    prisma: PrismaClient,
    readonly principal: Principal | null,
  ) {
    this.standings = new DataLoader(async (organizationIds) => {
      if (!principal) return organizationIds.map(() => null);
      const rows = await prisma.member.findMany({
        where: { userId: principal.userId, organizationId: { in: [...organizationIds] } },
        select: { id: true, organizationId: true, role: true, status: true },
      });
      const byOrg = new Map(rows.map((row) => [row.organizationId, row]));
      return organizationIds.map((id) => {
        const row = byOrg.get(id);
        if (!row) return null;
        const scopes = row.status === 'ACTIVE' ? ROLE_SCOPES[row.role] : new Set<Scope>();
        return { memberId: row.id, role: row.role, status: row.status, scopes };
      });
    });
  }

  /** The caller's active standing in the organization, or null when it is not an active member. */
  async standing(organizationId: string): Promise<Standing | null> {
    const standing = await this.standings.load(organizationId);
    return standing && standing.status === 'ACTIVE' ? standing : null;
  }

  async hasScope(organizationId: string, scope: Scope): Promise<boolean> {
    return (await this.standing(organizationId))?.scopes.has(scope) ?? false;
  }

  /** Throws NOT_FOUND for outsiders and FORBIDDEN for members without the scope. */
  async require(organizationId: string, scope: Scope): Promise<Standing> {
    const standing = await this.standing(organizationId);
    if (!standing) throw new NotFoundError('Organization');
    if (!standing.scopes.has(scope)) throw new ForbiddenError(`This needs the ${scope} scope in the organization`);
    return standing;
  }

  /** Call after a write that changes the caller's own membership, so later checks see it. */
  forget(organizationId: string): void {
    this.standings.clear(organizationId);
  }
}
