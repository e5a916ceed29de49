import type { Standing } from '../auth/access.js';
import { clientStandingIn } from '../auth/access.js';
import { requireAction, requireStanding, type OrganizationActionName, type TargetArgs } from '../auth/permissions.js';
import { standingFromRecord, standingColumns } from '../auth/standing-statement.js';
import type { Context } from '../context.js';
import { Prisma } from '../db/generated/prisma/client.js';
import { UnauthenticatedError } from '../errors.js';
import { recordAudit, type AuditEntry } from './audit.js';
import { inTransaction, type Tx } from './transaction.js';

// The one way to change an organization's data: one transaction that locks the organization and
// reads the caller's standing in the same statement, checks the action in the one table
// (auth/permissions.ts), runs the change, writes its one audit entry (invariant 5), and after
// the commit hands the standing to the payload's permission checks, so they cost no statement.

/** What a change runs with: its transaction, and the caller as it stands under the lock. */
export interface Unit {
  tx: Tx;
  organizationId: string;
  standing: Standing;
  /** The acting user's id; null for a service client. */
  userId: string | null;
  /** Checks an action's rule against a target read under the lock (FORBIDDEN and the like). */
  require<A extends OrganizationActionName>(action: A, ...target: TargetArgs<A>): void;
}

/** What a change returns: its result, and its one audit entry (the organization is the unit's). */
export interface Change<T> {
  result: T;
  audit: Omit<AuditEntry, 'organizationId'>;
}

export interface ChangeOptions {
  /** The change may alter the caller's own standing (its role, policies, groups): read it again afterwards. */
  changesStandings?: boolean;
}

/**
 * Runs `work` as `action` in the organization. The action's scope is checked as soon as the
 * standing is read; its rule, which needs the target, is checked by `work` through `unit.require`.
 */
export async function changeOrganization<T>(ctx: Context, organizationId: string, action: OrganizationActionName, work: (unit: Unit) => Promise<Change<T>>, options: ChangeOptions = {}): Promise<T> {
  let standing: Standing | null = null;
  try {
    return await inTransaction(ctx, async (tx) => {
      standing = requireStanding(await lockWithStanding(tx, ctx, organizationId), action);
      const unit: Unit = {
        tx,
        organizationId,
        standing,
        userId: standing.member?.userId ?? null,
        require: (name, ...target) => void requireAction(unit.standing, name, ...target),
      };
      const { result, audit } = await work(unit);
      await recordAudit(tx, ctx, { organizationId, ...audit });
      return result;
    });
  } finally {
    if (options.changesStandings || !standing) ctx.access.forget(organizationId);
    else ctx.access.prime(organizationId, standing);
  }
}

/** Locks the organization row and reads the caller's standing there, in one statement (null: no standing). */
async function lockWithStanding(tx: Tx, ctx: Context, organizationId: string): Promise<Standing | null> {
  const principal = ctx.principal;
  if (!principal) throw new UnauthenticatedError();
  if (principal.kind === 'client') {
    const locked = await tx.$queryRaw<unknown[]>`SELECT id FROM "Organization" WHERE id = ${organizationId} FOR UPDATE`;
    return locked.length > 0 ? clientStandingIn(principal, organizationId) : null;
  }
  const [row] = await tx.$queryRaw<Record<string, unknown>[]>(Prisma.sql`
    SELECT ${Prisma.join(standingColumns('m'))}
    FROM (SELECT id FROM "Organization" WHERE id = ${organizationId} FOR UPDATE) locked
    LEFT JOIN "Member" m ON m."organizationId" = locked.id AND m."userId" = ${principal.userId}`);
  return row ? standingFromRecord(row) : null;
}
