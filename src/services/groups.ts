import { z } from 'zod';
import { visibleGroups } from '../auth/permission-visibility.js';
import { visibleMembers } from '../auth/visibility.js';
import type { Context } from '../context.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { lockAsActor } from './actor.js';
import { diffFields, recordAudit } from './audit.js';
import { cannotChangeMemberAccess, cannotManageGroup } from './permission-rules.js';
import { sameOrganization } from './policies.js';
import { inTransaction, type Tx } from './transaction.js';
import { description, parseInput } from './validate.js';

// Groups: sets of members who share the group's policies. Every change needs group:write;
// changing who is in a group, or deleting it, also needs every scope its policies grant
// (invariant 2, permission-rules.ts), and a rank at least the member's.

const groupName = z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');
const CreateInput = z.object({ name: groupName, description: description.nullish() });
const UpdateInput = z.object({ name: groupName.optional(), description: description.nullish() });

/** The include that loads a group's policies as the no-escalation rules see them. */
export const GROUP_POLICIES = { policies: { select: { policy: { select: { organizationId: true, scopes: true } } } } } as const;

/** Creates a group. Returns its id. */
export async function createGroup(ctx: Context, organizationId: string, input: z.input<typeof CreateInput>): Promise<string> {
  const data = parseInput(CreateInput, input);
  return inTransaction(ctx, async (tx) => {
    await lockAsActor(tx, ctx, organizationId, 'group.update');
    await ensureNameFree(tx, organizationId, data.name);
    const group = await tx.group.create({ data: { organizationId, name: data.name, description: data.description ?? null } });
    await recordAudit(tx, ctx, { organizationId, action: 'group.create', targetType: 'Group', targetId: group.id, changes: { name: group.name, description: group.description } });
    return group.id;
  });
}

/** Renames or describes a group. */
export async function updateGroup(ctx: Context, groupId: string, input: z.input<typeof UpdateInput>): Promise<string> {
  const patch = parseInput(UpdateInput, input);
  const organizationId = await organizationOfGroup(ctx, groupId);
  return inTransaction(ctx, async (tx) => {
    await lockAsActor(tx, ctx, organizationId, 'group.update');
    const group = await tx.group.findFirst({ where: { id: groupId, organizationId } });
    if (!group) throw new NotFoundError('Group');
    if (patch.name !== undefined && patch.name !== group.name) await ensureNameFree(tx, organizationId, patch.name, groupId);
    const changes = diffFields(group, patch);
    await tx.group.update({ where: { id: groupId }, data: patch });
    await recordAudit(tx, ctx, { organizationId, action: 'group.update', targetType: 'Group', targetId: groupId, changes });
    return groupId;
  });
}

/** Deletes a group: its members lose its policies at once. Needs every scope the group grants. */
export async function deleteGroup(ctx: Context, groupId: string): Promise<{ groupId: string; organizationId: string }> {
  const organizationId = await organizationOfGroup(ctx, groupId);
  return inTransaction(ctx, async (tx) => {
    const { group } = await lockGroupForManagement(tx, ctx, organizationId, groupId);
    const members = await tx.groupMember.count({ where: { groupId } });
    await tx.group.delete({ where: { id: groupId } });
    await recordAudit(tx, ctx, {
      organizationId,
      action: 'group.delete',
      targetType: 'Group',
      targetId: groupId,
      changes: { name: group.name, members, policies: group.policies.length },
    });
    return { groupId, organizationId };
  }).finally(() => ctx.access.forget(organizationId));
}

/** Puts a member of the group's organization into the group. */
export async function addGroupMember(ctx: Context, groupId: string, memberId: string): Promise<void> {
  const organizationId = await organizationOfGroupAndMember(ctx, groupId, memberId);
  await inTransaction(ctx, async (tx) => {
    await lockForMembershipChange(tx, ctx, organizationId, groupId, memberId);
    const existing = await tx.groupMember.findUnique({ where: { groupId_memberId: { groupId, memberId } } });
    if (existing) throw new ConflictError('The member is already in this group');
    await tx.groupMember.create({ data: { groupId, memberId } });
    await recordAudit(tx, ctx, { organizationId, action: 'group.add_member', targetType: 'Group', targetId: groupId, changes: { memberId } });
  }).finally(() => ctx.access.forget(organizationId));
}

/** Takes a member out of a group. */
export async function removeGroupMember(ctx: Context, groupId: string, memberId: string): Promise<void> {
  const organizationId = await organizationOfGroupAndMember(ctx, groupId, memberId);
  await inTransaction(ctx, async (tx) => {
    await lockForMembershipChange(tx, ctx, organizationId, groupId, memberId);
    const removed = await tx.groupMember.deleteMany({ where: { groupId, memberId } });
    if (removed.count === 0) throw new ConflictError('The member is not in this group');
    await recordAudit(tx, ctx, { organizationId, action: 'group.remove_member', targetType: 'Group', targetId: groupId, changes: { memberId } });
  }).finally(() => ctx.access.forget(organizationId));
}

/** Locks the organization; reads the caller (group:write) and the group with its policies; checks the group rule. */
async function lockGroupForManagement(tx: Tx, ctx: Context, organizationId: string, groupId: string) {
  const actor = await lockAsActor(tx, ctx, organizationId, 'group.update');
  const group = await tx.group.findFirst({ where: { id: groupId, organizationId }, include: GROUP_POLICIES });
  if (!group) throw new NotFoundError('Group');
  const denied = cannotManageGroup(
    actor,
    group.policies.map((p) => p.policy),
  );
  if (denied) throw denied;
  return { actor, group };
}

async function lockForMembershipChange(tx: Tx, ctx: Context, organizationId: string, groupId: string, memberId: string) {
  const { actor } = await lockGroupForManagement(tx, ctx, organizationId, groupId);
  const member = await tx.member.findFirst({ where: { id: memberId, organizationId } });
  if (!member) throw new NotFoundError('Member');
  const denied = cannotChangeMemberAccess(actor, member);
  if (denied) throw denied;
}

/** Unique per organization, case-insensitively. */
async function ensureNameFree(tx: Tx, organizationId: string, name: string, exceptId?: string): Promise<void> {
  const clash = await tx.group.findFirst({
    where: { organizationId, name: { equals: name, mode: 'insensitive' }, ...(exceptId ? { id: { not: exceptId } } : {}) },
    select: { id: true },
  });
  if (clash) throw new ConflictError(`A group named “${name}” already exists in the organization`);
}

async function organizationOfGroup(ctx: Context, groupId: string): Promise<string> {
  const group = await ctx.prisma.group.findFirst({ where: { id: groupId, ...visibleGroups(ctx.principal) }, select: { organizationId: true } });
  if (!group) throw new NotFoundError('Group');
  return group.organizationId;
}

async function organizationOfGroupAndMember(ctx: Context, groupId: string, memberId: string): Promise<string> {
  const organizationId = await organizationOfGroup(ctx, groupId);
  const member = await ctx.prisma.member.findFirst({ where: { id: memberId, ...visibleMembers(ctx.principal) }, select: { organizationId: true } });
  if (!member) throw new NotFoundError('Member');
  if (member.organizationId !== organizationId) throw sameOrganization('memberId', 'the group’s');
  return organizationId;
}
