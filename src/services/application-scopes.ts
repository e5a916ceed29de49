import { z } from 'zod';
import { requirePlatformAdmin } from '../auth/platform-admin.js';
import type { Context } from '../context.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { removeApplicationScopeFromPolicies } from './application-scope-policies.js';
import { lockApplication } from './applications.js';
import { recordAudit } from './audit.js';
import { inTransaction, type Tx } from './transaction.js';
import { description, parseInput, requiredText } from './validate.js';

// The scopes an application defines, and their delegations: holding a scope also grants the
// scopes it delegates to, transitively. Delegations stay inside one application and never form
// a cycle (a cycle would make the scopes of the loop equivalent: one scope, spelled twice).
// Platform admins only; every change locks the application (applications.ts, lockApplication).

const label = requiredText(100).regex(
  /^[A-Za-z0-9][A-Za-z0-9:._-]*$/,
  'must start with a letter or digit and hold only letters, digits and : . _ - (e.g. ledger:read)',
);

const CreateInput = z.object({ label, description: description.nullish() });

/** Adds a scope to an application. Returns its id. */
export async function createApplicationScope(ctx: Context, applicationId: string, input: z.input<typeof CreateInput>): Promise<string> {
  requirePlatformAdmin(ctx);
  const data = parseInput(CreateInput, input);
  return inTransaction(ctx, async (tx) => {
    await lockApplication(tx, applicationId);
    // Unique per application, case-insensitively: `Read` and `read` would be told apart by nobody.
    const clash = await tx.applicationScope.findFirst({ where: { applicationId, label: { equals: data.label, mode: 'insensitive' } }, select: { id: true } });
    if (clash) throw new ConflictError(`The application already has a scope “${data.label}”`);
    const scope = await tx.applicationScope.create({ data: { applicationId, label: data.label, description: data.description ?? null } });
    await recordAudit(tx, ctx, {
      organizationId: null,
      action: 'application.scope.create',
      targetType: 'ApplicationScope',
      targetId: scope.id,
      changes: { applicationId, label: scope.label, description: scope.description },
    });
    return scope.id;
  });
}

/** Deletes a scope with every delegation from and to it. */
export async function deleteApplicationScope(ctx: Context, scopeId: string): Promise<{ scopeId: string; applicationId: string }> {
  requirePlatformAdmin(ctx);
  const applicationId = await applicationOfScope(ctx, scopeId);
  return inTransaction(ctx, async (tx) => {
    const application = await lockApplication(tx, applicationId);
    const scope = await scopeIn(tx, applicationId, scopeId);
    const [delegatesTo, delegatedFrom] = await Promise.all([
      tx.applicationScopeDelegation.count({ where: { scopeId } }),
      tx.applicationScopeDelegation.count({ where: { delegatesToId: scopeId } }),
    ]);
    await tx.applicationScope.delete({ where: { id: scopeId } });
    // No policy keeps naming a scope that no longer exists.
    const policies = await removeApplicationScopeFromPolicies(tx, application.alias, scope.label);
    await recordAudit(tx, ctx, {
      organizationId: null,
      action: 'application.scope.delete',
      targetType: 'ApplicationScope',
      targetId: scopeId,
      changes: { applicationId, label: scope.label, delegatesTo, delegatedFrom, removedFromPolicies: policies },
    });
    return { scopeId, applicationId };
  });
}

/**
 * Makes `scopeId` also grant `delegatesToId`. Both must be scopes of the same application, not
 * the same scope, and the new delegation must not close a cycle (VALIDATION); CONFLICT when it exists.
 */
export async function addApplicationScopeDelegation(ctx: Context, scopeId: string, delegatesToId: string): Promise<void> {
  requirePlatformAdmin(ctx);
  if (scopeId === delegatesToId) throw invalidTarget('a scope cannot delegate to itself');
  const applicationId = await applicationOfPair(ctx, scopeId, delegatesToId);
  await inTransaction(ctx, async (tx) => {
    await lockApplication(tx, applicationId);
    const [scope, target] = [await scopeIn(tx, applicationId, scopeId), await scopeIn(tx, applicationId, delegatesToId)];
    const existing = await tx.applicationScopeDelegation.findUnique({ where: { scopeId_delegatesToId: { scopeId, delegatesToId } } });
    if (existing) throw new ConflictError(`“${scope.label}” already delegates to “${target.label}”`);
    const loop = await pathBetween(tx, applicationId, delegatesToId, scopeId);
    if (loop) {
      const labels = await labelsOf(tx, [scopeId, ...loop]);
      throw invalidTarget(`this delegation would make a cycle: ${labels.join(' → ')}`);
    }
    await tx.applicationScopeDelegation.create({ data: { scopeId, delegatesToId } });
    await recordAudit(tx, ctx, {
      organizationId: null,
      action: 'application.scope.delegation.add',
      targetType: 'ApplicationScope',
      targetId: scopeId,
      changes: { applicationId, label: scope.label, delegatesToId, delegatesToLabel: target.label },
    });
  });
}

/** Removes a delegation; CONFLICT when the scope does not delegate to that one. */
export async function removeApplicationScopeDelegation(ctx: Context, scopeId: string, delegatesToId: string): Promise<void> {
  requirePlatformAdmin(ctx);
  const applicationId = await applicationOfPair(ctx, scopeId, delegatesToId);
  await inTransaction(ctx, async (tx) => {
    await lockApplication(tx, applicationId);
    const [scope, target] = [await scopeIn(tx, applicationId, scopeId), await scopeIn(tx, applicationId, delegatesToId)];
    const removed = await tx.applicationScopeDelegation.deleteMany({ where: { scopeId, delegatesToId } });
    if (removed.count === 0) throw new ConflictError(`“${scope.label}” does not delegate to “${target.label}”`);
    await recordAudit(tx, ctx, {
      organizationId: null,
      action: 'application.scope.delegation.remove',
      targetType: 'ApplicationScope',
      targetId: scopeId,
      changes: { applicationId, label: scope.label, delegatesToId, delegatesToLabel: target.label },
    });
  });
}

/**
 * The scopes from `from` to `to` along existing delegations of the application (both ends
 * included), or null when `to` cannot be reached. One query: an application has few scopes.
 */
async function pathBetween(tx: Tx, applicationId: string, from: string, to: string): Promise<string[] | null> {
  const edges = await tx.applicationScopeDelegation.findMany({ where: { scope: { applicationId } }, select: { scopeId: true, delegatesToId: true } });
  const next = new Map<string, string[]>();
  for (const edge of edges) next.set(edge.scopeId, [...(next.get(edge.scopeId) ?? []), edge.delegatesToId]);
  const cameFrom = new Map<string, string | null>([[from, null]]);
  const queue = [from];
  while (queue.length > 0) {
    const current = queue.shift()!;
    if (current === to) {
      const path: string[] = [];
      for (let at: string | null = current; at !== null; at = cameFrom.get(at)!) path.unshift(at);
      return path;
    }
    for (const neighbour of next.get(current) ?? []) {
      if (!cameFrom.has(neighbour)) {
        cameFrom.set(neighbour, current);
        queue.push(neighbour);
      }
    }
  }
  return null;
}

async function labelsOf(tx: Tx, ids: string[]): Promise<string[]> {
  const scopes = await tx.applicationScope.findMany({ where: { id: { in: ids } }, select: { id: true, label: true } });
  const byId = new Map(scopes.map((s) => [s.id, s.label]));
  return ids.map((id) => byId.get(id) ?? id);
}

function invalidTarget(message: string): ValidationError {
  return new ValidationError(`input.delegatesToScopeId: ${message}`, [{ path: ['input', 'delegatesToScopeId'], message }]);
}

async function scopeIn(tx: Tx, applicationId: string, scopeId: string) {
  const scope = await tx.applicationScope.findFirst({ where: { id: scopeId, applicationId } });
  if (!scope) throw new NotFoundError('ApplicationScope');
  return scope;
}

async function applicationOfScope(ctx: Context, scopeId: string): Promise<string> {
  const scope = await ctx.prisma.applicationScope.findUnique({ where: { id: scopeId }, select: { applicationId: true } });
  if (!scope) throw new NotFoundError('ApplicationScope');
  return scope.applicationId;
}

/** The application of both scopes; VALIDATION when they belong to different applications. */
async function applicationOfPair(ctx: Context, scopeId: string, delegatesToId: string): Promise<string> {
  const [applicationId, targetApplicationId] = await Promise.all([applicationOfScope(ctx, scopeId), applicationOfScope(ctx, delegatesToId)]);
  if (applicationId !== targetApplicationId) throw invalidTarget('must be a scope of the same application');
  return applicationId;
}
