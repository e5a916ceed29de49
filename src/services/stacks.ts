import { z } from 'zod';
import type { Principal } from '../auth/principal.js';
import { visibleMembers, visibleOrganizations } from '../auth/visibility.js';
import type { Context } from '../context.js';
import { Prisma, type Stack } from '../db/generated/prisma/client.js';
import { column, utcNow } from '../db/sql-fragments.js';
import { DEFAULT_STACK_MODULES, STACK_MODULES } from '../db/stack-modules.js';
import type { StackRole, StackStatus } from '../db/generated/prisma/enums.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { lockAsActor } from './actor.js';
import { diffFields, recordAudit } from './audit.js';
import type { Actor } from './member-rules.js';
import { sameOrganization } from './policies.js';
import { holdRegionVersions } from './regions.js';
import {
  cannotChangeStack,
  cannotManageStackAccess,
  cannotRestoreStack,
  cannotSetStargate,
  cannotSetStatus,
  cannotUpgrade,
  purgeCutoff,
  stackRank,
  type StackActor,
} from './stack-rules.js';
import { inTransaction, type Tx } from './transaction.js';
import { parseInput } from './validate.js';

// Stacks: deployments of the product in a region, owned by one organization. Reading needs
// stack:read, every change stack:write. Deleting is soft: a deleted stack refuses every change
// but restoreStack, which works within the retention period (settings.stackRetentionDays);
// after it, the stack is gone for good: no read shows it any more.

const stackName = z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');
const version = z.string().trim().min(1, 'must not be empty').max(50, 'must be at most 50 characters');
const CreateInput = z.object({ name: stackName, version: version.nullish() });
const UpdateInput = z.object({ name: stackName });
const UpgradeInput = z.object({ version });
const ModuleInput = z.object({ module: z.enum(STACK_MODULES, { error: `must be one of ${STACK_MODULES.join(', ')}` }) });

/** Stacks of organizations the principal can see, deleted ones included (reads also apply `notPurged`). */
export function visibleStacks(principal: Principal | null): Prisma.StackWhereInput {
  return { organization: visibleOrganizations(principal) };
}

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
  return inTransaction(ctx, async (tx) => {
    await lockAsActor(tx, ctx, organizationId, 'stack.update');
    await holdRegionVersions(tx, regionId);
    const region = await tx.region.findFirst({ where: { id: regionId, OR: [{ organizationId: null }, { organizationId }] } });
    if (!region) throw new NotFoundError('Region');
    const chosen = data.version ?? region.versions.at(-1);
    if (!chosen) throw new ValidationError('input.regionId: the region offers no version yet', [{ path: ['input', 'regionId'], message: 'the region offers no version yet' }]);
    if (!region.versions.includes(chosen)) {
      const message = `the region does not offer "${chosen}" (it offers ${region.versions.join(', ')})`;
      throw new ValidationError(`input.version: ${message}`, [{ path: ['input', 'version'], message }]);
    }
    await ensureNameFree(tx, organizationId, data.name);
    const stack = await tx.stack.create({
      data: { organizationId, regionId, name: data.name, version: chosen, modules: { create: DEFAULT_STACK_MODULES.map((name) => ({ name, version: chosen })) } },
    });
    await recordAudit(tx, ctx, {
      organizationId,
      action: 'stack.create',
      targetType: 'Stack',
      targetId: stack.id,
      changes: { name: stack.name, regionId, version: chosen, modules: DEFAULT_STACK_MODULES },
    });
    return stack.id;
  });
}

/** Renames a stack. */
export async function updateStack(ctx: Context, stackId: string, input: z.input<typeof UpdateInput>): Promise<string> {
  const patch = parseInput(UpdateInput, input);
  return changeStack(ctx, stackId, await organizationOfStack(ctx, stackId), async (tx, { stack, actor }) => {
    refuse(cannotChangeStack(actor.standing, stack));
    if (patch.name !== stack.name) await ensureNameFree(tx, stack.organizationId, patch.name, stackId);
    await tx.stack.update({ where: { id: stackId }, data: patch });
    return { action: 'stack.update', changes: diffFields(stack, patch) };
  });
}

/** Soft-deletes a stack: it is hidden from lists and can be restored within the retention period. */
export async function deleteStack(ctx: Context, stackId: string): Promise<{ stackId: string; organizationId: string }> {
  const organizationId = await organizationOfStack(ctx, stackId);
  await changeStack(ctx, stackId, organizationId, async (tx, { stack, actor }) => {
    refuse(cannotChangeStack(actor.standing, stack));
    const deletedAt = new Date();
    await tx.stack.update({ where: { id: stackId }, data: { deletedAt } });
    return { action: 'stack.delete', changes: { name: stack.name, deletedAt: deletedAt.toISOString() } };
  });
  return { stackId, organizationId };
}

/** Restores a deleted stack within the retention period, unless a live stack took its name meanwhile. */
export async function restoreStack(ctx: Context, stackId: string): Promise<string> {
  return changeStack(ctx, stackId, await organizationOfStack(ctx, stackId), async (tx, { stack, actor }) => {
    refuse(cannotRestoreStack(actor.standing, stack, new Date(), ctx.settings.stackRetentionDays));
    await ensureNameFree(tx, stack.organizationId, stack.name, stackId);
    await tx.stack.update({ where: { id: stackId }, data: { deletedAt: null } });
    return { action: 'stack.restore', changes: { deletedAt: { from: stack.deletedAt?.toISOString(), to: null } } };
  });
}

/** Enables (ACTIVE) or disables (DISABLED) a stack; CONFLICT when it already is. */
export async function setStackStatus(ctx: Context, stackId: string, status: StackStatus): Promise<string> {
  return changeStack(ctx, stackId, await organizationOfStack(ctx, stackId), async (tx, { stack, actor }) => {
    refuse(cannotSetStatus(actor.standing, stack, status));
    await tx.stack.update({ where: { id: stackId }, data: { status } });
    return { action: status === 'ACTIVE' ? 'stack.enable' : 'stack.disable', changes: { status: { from: stack.status, to: status } } };
  });
}

/** Turns Stargate on or off; CONFLICT when it already is. */
export async function setStargate(ctx: Context, stackId: string, enabled: boolean): Promise<string> {
  return changeStack(ctx, stackId, await organizationOfStack(ctx, stackId), async (tx, { stack, actor }) => {
    refuse(cannotSetStargate(actor.standing, stack, enabled));
    await tx.stack.update({ where: { id: stackId }, data: { stargateEnabled: enabled } });
    return { action: enabled ? 'stack.stargate.enable' : 'stack.stargate.disable', changes: { stargateEnabled: { from: stack.stargateEnabled, to: enabled } } };
  });
}

/** Upgrades a stack, and its modules, to a newer version its region offers. */
export async function upgradeStack(ctx: Context, stackId: string, input: z.input<typeof UpgradeInput>): Promise<string> {
  const { version: target } = parseInput(UpgradeInput, input);
  return changeStack(ctx, stackId, await organizationOfStack(ctx, stackId), async (tx, { stack, actor }) => {
    await holdRegionVersions(tx, stack.regionId);
    const region = await tx.region.findUniqueOrThrow({ where: { id: stack.regionId }, select: { versions: true } });
    refuse(cannotUpgrade(actor.standing, stack, region.versions, target));
    await tx.stack.update({ where: { id: stackId }, data: { version: target } });
    await tx.stackModule.updateMany({ where: { stackId }, data: { version: target } });
    return { action: 'stack.upgrade', changes: { version: { from: stack.version, to: target } } };
  });
}

/** Enables a module of the catalog on a stack, at the stack's version; CONFLICT when it is already enabled. */
export async function enableStackModule(ctx: Context, stackId: string, input: { module: string }): Promise<string> {
  const { module } = parseInput(ModuleInput, input);
  return changeStack(ctx, stackId, await organizationOfStack(ctx, stackId), async (tx, { stack, actor }) => {
    refuse(cannotChangeStack(actor.standing, stack));
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
  return changeStack(ctx, stackId, await organizationOfStack(ctx, stackId), async (tx, { stack, actor }) => {
    refuse(cannotChangeStack(actor.standing, stack));
    const changed = await tx.stackModule.updateMany({ where: { stackId, name: module, enabled: true }, data: { enabled: false } });
    if (changed.count === 0) throw new ConflictError(`The module ${module} is not enabled`);
    return { action: 'stack.module.disable', changes: { module } };
  });
}

/** Gives a member of the stack's organization a role on the stack (creates or replaces its access). */
export async function setStackUserAccess(ctx: Context, stackId: string, memberId: string, role: StackRole): Promise<string> {
  const organizationId = await organizationOfStackAndMember(ctx, stackId, memberId);
  return changeStack(ctx, stackId, organizationId, async (tx, { stack, actor }) => {
    const target = await accessTarget(tx, stack, memberId);
    refuse(cannotManageStackAccess(await stackActor(tx, actor, stackId), stack, target, role));
    await tx.stackUserAccess.upsert({ where: { stackId_memberId: { stackId, memberId } }, create: { stackId, memberId, role }, update: { role } });
    return { action: 'stack.access.set', changes: { memberId, role: { from: target.stackRole, to: role } } };
  });
}

/** Takes a member's access to the stack away; CONFLICT when it has none. */
export async function removeStackUserAccess(ctx: Context, stackId: string, memberId: string): Promise<string> {
  const organizationId = await organizationOfStackAndMember(ctx, stackId, memberId);
  return changeStack(ctx, stackId, organizationId, async (tx, { stack, actor }) => {
    const target = await accessTarget(tx, stack, memberId);
    refuse(cannotManageStackAccess(await stackActor(tx, actor, stackId), stack, target));
    if (!target.stackRole) throw new ConflictError('The member has no access to this stack');
    await tx.stackUserAccess.delete({ where: { stackId_memberId: { stackId, memberId } } });
    return { action: 'stack.access.remove', changes: { memberId, role: target.stackRole } };
  });
}

interface Change {
  action: string;
  changes: Record<string, unknown>;
}

/**
 * The frame of every stack mutation, once the stack was found among the caller's organizations
 * (organizationOfStack, else NOT_FOUND): locks its organization as the caller with stack:write,
 * re-reads the stack inside the lock, applies `work` and writes its one audit entry. Returns the
 * stack's id. The organization lock also serializes the name checks of its stacks.
 */
async function changeStack(ctx: Context, stackId: string, organizationId: string, work: (tx: Tx, found: { stack: Stack; actor: Actor }) => Promise<Change>): Promise<string> {
  return inTransaction(ctx, async (tx) => {
    const actor = await lockAsActor(tx, ctx, organizationId, 'stack.update');
    const stack = await tx.stack.findFirst({ where: { id: stackId, organizationId } });
    if (!stack) throw new NotFoundError('Stack');
    const { action, changes } = await work(tx, { stack, actor });
    await recordAudit(tx, ctx, { organizationId, action, targetType: 'Stack', targetId: stackId, changes });
    return stackId;
  });
}

function refuse(error: Error | null): void {
  if (error) throw error;
}

/** The caller on this stack: its standing and its stack rank (from its own access, read in the transaction). */
async function stackActor(tx: Tx, actor: Actor, stackId: string): Promise<StackActor> {
  const own = actor.standing.member ? await tx.stackUserAccess.findUnique({ where: { stackId_memberId: { stackId, memberId: actor.standing.member.id } } }) : null;
  return { ...actor, stackRole: stackRank(actor.standing, own?.role ?? null) };
}

async function accessTarget(tx: Tx, stack: Stack, memberId: string) {
  const member = await tx.member.findFirst({ where: { id: memberId, organizationId: stack.organizationId }, include: { stackAccess: { where: { stackId: stack.id } } } });
  if (!member) throw new NotFoundError('Member');
  return { role: member.role, stackRole: member.stackAccess[0]?.role ?? null };
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
