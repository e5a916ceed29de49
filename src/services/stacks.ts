import { z } from 'zod';
import { stackRank, type StackAccessChange } from '../auth/rules/stack-access.js';
import { visibleMembers, visibleStacks } from '../auth/visibility.js';
import type { Context } from '../context.js';
import { Prisma, type Stack } from '../db/generated/prisma/client.js';
import { column, utcNow } from '../db/sql-fragments.js';
import { DEFAULT_STACK_MODULES, STACK_MODULES } from '../db/stack-modules.js';
import type { StackRole, StackStatus } from '../db/generated/prisma/enums.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { diffFields, type AuditEntry } from './audit.js';
import { sameOrganization } from './policies.js';
import { VERSION_MAX } from './region-versions.js';
import { holdRegionVersions } from './regions.js';
import { cannotChangeStack, cannotRestoreStack, cannotSetStargate, cannotSetStatus, cannotUpgrade, purgeCutoff } from './stack-rules.js';
import type { Tx } from './transaction.js';
import { changeOrganization, type Unit } from './unit-of-work.js';
import { displayName, parseInput, requiredText } from './validate.js';

// Stacks: deployments of the product in a region, owned by one organization. Reading needs
// stack:read, every change stack:write. Deleting is soft: a deleted stack refuses every change
// but restoreStack, which works within the retention period (settings.stackRetentionDays);
// after it, the stack is gone for good: no read shows it any more.

const stackName = displayName(100);
const version = requiredText(VERSION_MAX);
const CreateInput = z.object({ name: stackName, version: version.nullish() });
const UpdateInput = z.object({ name: stackName });
const UpgradeInput = z.object({ version });
const ModuleInput = z.object({ module: z.enum(STACK_MODULES, { error: `must be one of ${STACK_MODULES.join(', ')}` }) });

/** Live stacks and deleted ones still within the retention period: what reads show. */
export function notPurged(ctx: Context, now = new Date()): Prisma.StackWhereInput {
  return { OR: [{ deletedAt: null }, { deletedAt: { gt: purgeCutoff(now, ctx.settings.stackRetentionDays) } }] };
}

/** `notPurged` in SQL, on the stacks aliased `alias` (for the read path's statements). */
export function sqlNotPurged(ctx: Context, alias: string): Prisma.Sql {
  const cutoff = Prisma.sql`${utcNow} - make_interval(days => ${ctx.settings.stackRetentionDays})`;
  return Prisma.sql`(${column(alias, 'deletedAt')} IS NULL OR ${column(alias, 'deletedAt')} > ${cutoff})`;
}

/** Creates a stack in a public region or a private region of the organization. Returns its id. */
export async function createStack(ctx: Context, organizationId: string, regionId: string, input: z.input<typeof CreateInput>): Promise<string> {
  const data = parseInput(CreateInput, input);
  return changeOrganization(ctx, organizationId, 'stack.create', async ({ tx }) => {
    await holdRegionVersions(tx, regionId);
    const region = await tx.region.findFirst({ where: { id: regionId, OR: [{ organizationId: null }, { organizationId }] } });
    if (!region) throw new NotFoundError('Region');
    const chosen = data.version ?? region.versions.at(-1);
    if (!chosen)
      throw new ValidationError('input.regionId: the region offers no version yet', [
        { path: ['input', 'regionId'], message: 'the region offers no version yet' },
      ]);
    if (!region.versions.includes(chosen)) {
      const message = `the region does not offer "${chosen}" (it offers ${region.versions.join(', ')})`;
      throw new ValidationError(`input.version: ${message}`, [{ path: ['input', 'version'], message }]);
    }
    await ensureNameFree(tx, organizationId, data.name);
    const stack = await tx.stack.create({
      data: {
        organizationId,
        regionId,
        name: data.name,
        version: chosen,
        modules: { create: DEFAULT_STACK_MODULES.map((name) => ({ name, version: chosen })) },
      },
    });
    return {
      result: stack.id,
      audit: {
        action: 'stack.create',
        targetType: 'Stack',
        targetId: stack.id,
        changes: { name: stack.name, regionId, version: chosen, modules: DEFAULT_STACK_MODULES },
      },
    };
  });
}

/** Renames a stack. */
export async function updateStack(ctx: Context, stackId: string, input: z.input<typeof UpdateInput>): Promise<string> {
  const patch = parseInput(UpdateInput, input);
  return changeStack(ctx, stackId, await organizationOfStack(ctx, stackId), 'stack.update', async ({ tx }, stack) => {
    refuse(cannotChangeStack(stack));
    if (patch.name !== stack.name) await ensureNameFree(tx, stack.organizationId, patch.name, stackId);
    await tx.stack.update({ where: { id: stackId }, data: patch });
    return { action: 'stack.update', changes: diffFields(stack, patch) };
  });
}

/** Soft-deletes a stack: it is hidden from lists and can be restored within the retention period. */
export async function deleteStack(ctx: Context, stackId: string): Promise<{ stackId: string; organizationId: string }> {
  const organizationId = await organizationOfStack(ctx, stackId);
  await changeStack(ctx, stackId, organizationId, 'stack.update', async ({ tx }, stack) => {
    refuse(cannotChangeStack(stack));
    const deletedAt = new Date();
    await tx.stack.update({ where: { id: stackId }, data: { deletedAt } });
    return { action: 'stack.delete', changes: { name: stack.name, deletedAt: deletedAt.toISOString() } };
  });
  return { stackId, organizationId };
}

/** Restores a deleted stack within the retention period, unless a live stack took its name meanwhile. */
export async function restoreStack(ctx: Context, stackId: string): Promise<string> {
  return changeStack(ctx, stackId, await organizationOfStack(ctx, stackId), 'stack.update', async ({ tx }, stack) => {
    refuse(cannotRestoreStack(stack, new Date(), ctx.settings.stackRetentionDays));
    await ensureNameFree(tx, stack.organizationId, stack.name, stackId);
    await tx.stack.update({ where: { id: stackId }, data: { deletedAt: null } });
    return { action: 'stack.restore', changes: { deletedAt: { from: stack.deletedAt?.toISOString(), to: null } } };
  });
}

/** Enables (ACTIVE) or disables (DISABLED) a stack; CONFLICT when it already is. */
export async function setStackStatus(ctx: Context, stackId: string, status: StackStatus): Promise<string> {
  return changeStack(ctx, stackId, await organizationOfStack(ctx, stackId), 'stack.update', async ({ tx }, stack) => {
    refuse(cannotSetStatus(stack, status));
    await tx.stack.update({ where: { id: stackId }, data: { status } });
    return { action: status === 'ACTIVE' ? 'stack.enable' : 'stack.disable', changes: { status: { from: stack.status, to: status } } };
  });
}

/** Turns Stargate on or off; CONFLICT when it already is. */
export async function setStargate(ctx: Context, stackId: string, enabled: boolean): Promise<string> {
  return changeStack(ctx, stackId, await organizationOfStack(ctx, stackId), 'stack.update', async ({ tx }, stack) => {
    refuse(cannotSetStargate(stack, enabled));
    await tx.stack.update({ where: { id: stackId }, data: { stargateEnabled: enabled } });
    return { action: enabled ? 'stack.stargate.enable' : 'stack.stargate.disable', changes: { stargateEnabled: { from: stack.stargateEnabled, to: enabled } } };
  });
}

/** Upgrades a stack, and its modules, to a newer version its region offers. */
export async function upgradeStack(ctx: Context, stackId: string, input: z.input<typeof UpgradeInput>): Promise<string> {
  const { version: target } = parseInput(UpgradeInput, input);
  return changeStack(ctx, stackId, await organizationOfStack(ctx, stackId), 'stack.update', async ({ tx }, stack) => {
    await holdRegionVersions(tx, stack.regionId);
    const region = await tx.region.findUniqueOrThrow({ where: { id: stack.regionId }, select: { versions: true } });
    refuse(cannotUpgrade(stack, region.versions, target));
    await tx.stack.update({ where: { id: stackId }, data: { version: target } });
    await tx.stackModule.updateMany({ where: { stackId }, data: { version: target } });
    return { action: 'stack.upgrade', changes: { version: { from: stack.version, to: target } } };
  });
}

/** Enables a module of the catalog on a stack, at the stack's version; CONFLICT when it is already enabled. */
export async function enableStackModule(ctx: Context, stackId: string, input: { module: string }): Promise<string> {
  const { module } = parseInput(ModuleInput, input);
  return changeStack(ctx, stackId, await organizationOfStack(ctx, stackId), 'stack.update', async ({ tx }, stack) => {
    refuse(cannotChangeStack(stack));
    const existing = await tx.stackModule.findUnique({ where: { stackId_name: { stackId, name: module } } });
    if (existing?.enabled) throw new ConflictError(`The module ${module} is already enabled`);
    await tx.stackModule.upsert({
      where: { stackId_name: { stackId, name: module } },
      create: { stackId, name: module, version: stack.version },
      update: { enabled: true, version: stack.version },
    });
    return { action: 'stack.module.enable', changes: { module, version: stack.version } };
  });
}

/** Disables a module of a stack; CONFLICT when it is not enabled. */
export async function disableStackModule(ctx: Context, stackId: string, input: { module: string }): Promise<string> {
  const { module } = parseInput(ModuleInput, input);
  return changeStack(ctx, stackId, await organizationOfStack(ctx, stackId), 'stack.update', async ({ tx }, stack) => {
    refuse(cannotChangeStack(stack));
    const changed = await tx.stackModule.updateMany({ where: { stackId, name: module, enabled: true }, data: { enabled: false } });
    if (changed.count === 0) throw new ConflictError(`The module ${module} is not enabled`);
    return { action: 'stack.module.disable', changes: { module } };
  });
}

/** Gives a member of the stack's organization a role on the stack (creates or replaces its access). */
export async function setStackUserAccess(ctx: Context, stackId: string, memberId: string, role: StackRole): Promise<string> {
  const organizationId = await organizationOfStackAndMember(ctx, stackId, memberId);
  return changeStack(ctx, stackId, organizationId, 'stack.manageAccess', async (unit, stack) => {
    const change = await requireAccessChange(unit, stack, memberId, role);
    await unit.tx.stackUserAccess.upsert({ where: { stackId_memberId: { stackId, memberId } }, create: { stackId, memberId, role }, update: { role } });
    return { action: 'stack.access.set', changes: { memberId, role: { from: change.memberStackRole, to: role } } };
  });
}

/** Takes a member's access to the stack away; CONFLICT when it has none. */
export async function removeStackUserAccess(ctx: Context, stackId: string, memberId: string): Promise<string> {
  const organizationId = await organizationOfStackAndMember(ctx, stackId, memberId);
  return changeStack(ctx, stackId, organizationId, 'stack.manageAccess', async (unit, stack) => {
    const { memberStackRole } = await requireAccessChange(unit, stack, memberId);
    if (!memberStackRole) throw new ConflictError('The member has no access to this stack');
    await unit.tx.stackUserAccess.delete({ where: { stackId_memberId: { stackId, memberId } } });
    return { action: 'stack.access.remove', changes: { memberId, role: memberStackRole } };
  });
}

/** What a stack change writes to its audit entry (the stack is its target). */
type StackAudit = Pick<AuditEntry, 'action' | 'changes'>;

/**
 * The frame of every stack mutation, once the stack was found among the caller's organizations
 * (organizationOfStack, else NOT_FOUND): changes its organization as `action`, re-reads the stack
 * under the lock and applies `work`, whose audit entry targets the stack. Returns the stack's id.
 * The organization lock also serializes the name checks of its stacks.
 */
async function changeStack(
  ctx: Context,
  stackId: string,
  organizationId: string,
  action: 'stack.update' | 'stack.manageAccess',
  work: (unit: Unit, stack: Stack) => Promise<StackAudit>,
): Promise<string> {
  return changeOrganization(ctx, organizationId, action, async (unit) => {
    const stack = await unit.tx.stack.findFirst({ where: { id: stackId, organizationId } });
    if (!stack) throw new NotFoundError('Stack');
    const audit = await work(unit, stack);
    return { result: stackId, audit: { ...audit, targetType: 'Stack', targetId: stackId } };
  });
}

function refuse(error: Error | null): void {
  if (error) throw error;
}

/**
 * Reads, under the lock, the member whose access to the live stack changes and the caller's own
 * rank on the stack, and checks the stack.manageAccess rule; `role` is the role to give, absent
 * for a removal. Returns the change it checked.
 */
async function requireAccessChange(unit: Unit, stack: Stack, memberId: string, role?: StackRole): Promise<StackAccessChange> {
  const member = await unit.tx.member.findFirst({
    where: { id: memberId, organizationId: stack.organizationId },
    select: { userId: true, role: true, stackAccess: { where: { stackId: stack.id }, select: { role: true } } },
  });
  if (!member) throw new NotFoundError('Member');
  refuse(cannotChangeStack(stack));
  const change: StackAccessChange = {
    callerStackRole: await callerStackRole(unit, stack.id),
    member: { userId: member.userId, role: member.role },
    memberStackRole: member.stackAccess[0]?.role ?? null,
    role,
  };
  unit.require('stack.manageAccess', change);
  return change;
}

/** The caller's rank on the stack (stackRank), from its own access read under the lock. */
async function callerStackRole(unit: Unit, stackId: string): Promise<StackRole | null> {
  const memberId = unit.standing.member?.id;
  const own = memberId ? await unit.tx.stackUserAccess.findUnique({ where: { stackId_memberId: { stackId, memberId } }, select: { role: true } }) : null;
  return stackRank(unit.standing, own?.role ?? null);
}

/** Unique among the organization's live stacks, case-insensitively. */
async function ensureNameFree(tx: Tx, organizationId: string, name: string, exceptId?: string): Promise<void> {
  const clash = await tx.stack.findFirst({
    where: { organizationId, deletedAt: null, name: { equals: name, mode: 'insensitive' }, ...(exceptId ? { id: { not: exceptId } } : {}) },
    select: { id: true },
  });
  if (clash) throw new ConflictError(`A stack named “${name}” already exists in the organization`);
}

async function organizationOfStack(ctx: Context, stackId: string): Promise<string> {
  const stack = await ctx.prisma.stack.findFirst({ where: { id: stackId, ...visibleStacks(ctx.principal) }, select: { organizationId: true } });
  if (!stack) throw new NotFoundError('Stack');
  return stack.organizationId;
}

/** The stack's organization, which must also be the member's (else VALIDATION; NOT_FOUND when either is invisible). */
async function organizationOfStackAndMember(ctx: Context, stackId: string, memberId: string): Promise<string> {
  const organizationId = await organizationOfStack(ctx, stackId);
  const member = await ctx.prisma.member.findFirst({ where: { id: memberId, ...visibleMembers(ctx.principal) }, select: { organizationId: true } });
  if (!member) throw new NotFoundError('Member');
  if (member.organizationId !== organizationId) throw sameOrganization('memberId', 'the stack’s');
  return organizationId;
}
