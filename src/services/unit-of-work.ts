import type { Standing } from '../auth/access.js';
import { clientStandingIn } from '../auth/access.js';
import { requireAction, requireStanding, type OrganizationActionName, type TargetArgs } from '../auth/permissions.js';
import { standingFromRecord, standingsOf } from '../auth/standing-statement.js';
import type { Context } from '../context.js';
import { textArray } from '../db/sql-fragments.js';
import { NotFoundError, UnauthenticatedError } from '../errors.js';
import { recordAudit, type AuditEntry } from './audit.js';
import { inTransaction, lockOrganization, type Tx } from './transaction.js';

// The one way to change an organization's data: one transaction that locks the organization and
// then reads the caller's standing under the lock, checks the action in the one table
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

/**
 * What a change returns: its result, and its one audit entry (the organization is the unit's);
 * null only when it changed nothing (a bulk invitation whose every address failed).
 */
export interface Change<T> {
  result: T;
  audit: Omit<AuditEntry, 'organizationId'> | null;
}

export interface ChangeOptions {
  /** The change may alter the caller's own standing (its role, policies, groups): read it again afterwards. */
  changesStandings?: boolean;
}

/**
 * Runs `work` as `action` in the organization. The action's scope is checked as soon as the
 * standing is read; its rule, which needs the target, is checked by `work` through `unit.require`.
 */
export async function changeOrganization<T>(
  ctx: Context,
  organizationId: string,
  action: OrganizationActionName,
  work: (unit: Unit) => Promise<Change<T>>,
  options: ChangeOptions = {},
): Promise<T> {
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
      if (audit) await recordAudit(tx, ctx, { organizationId, ...audit });
      return result;
    });
  } finally {
    if (options.changesStandings || !standing) ctx.access.forget(organizationId);
    else ctx.access.prime(organizationId, standing);
  }
}

/**
 * Locks the organization row, then reads the caller's standing (null: no standing). Two
 * statements, not one: under READ COMMITTED a statement reads the snapshot it started with, so a
 * standing read by the statement that waited for the lock would miss what the lock's previous
 * holder committed (the caller's own demotion or removal), and the caller would act on its old rank.
 */
async function lockWithStanding(tx: Tx, ctx: Context, organizationId: string): Promise<Standing | null> {
  const principal = ctx.principal;
  if (!principal) throw new UnauthenticatedError();
  if (!(await lockOrganization(tx, organizationId))) return null;
  if (principal.kind === 'client') return clientStandingIn(principal, organizationId);
  const [row] = await tx.$queryRaw<Record<string, unknown>[]>(standingsOf(principal, textArray([organizationId])));
  return row ? standingFromRecord(row) : null;
}

/**
 * A change the server makes on its own behalf (JIT provisioning, a SCIM directory): the same
 * transaction, organization lock and one audit entry as changeOrganization, with a SYSTEM actor
 * and no caller standing to check. Whoever calls it has authenticated the request by its own
 * means first (the provider's signed assertion, the domain's SCIM token).
 */
export async function changeOrganizationAsSystem<T>(ctx: Context, organizationId: string, actor: string, work: (tx: Tx) => Promise<Change<T>>): Promise<T> {
  return inTransaction(ctx, async (tx) => {
    if (!(await lockOrganization(tx, organizationId))) throw new NotFoundError('Organization');
    const { result, audit } = await work(tx);
    if (audit) await recordAudit(tx, ctx, { organizationId, ...audit, systemActor: actor });
    return result;
  });
}
