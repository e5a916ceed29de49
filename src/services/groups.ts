import { z } from 'zod';
import { visibleGroups } from '../auth/visibility.js';
import type { PolicyFacts } from '../auth/rules/escalation.js';
import { visibleMembers } from '../auth/visibility.js';
import type { Context } from '../context.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { diffFields } from './audit.js';
import { sameOrganization } from './policies.js';
import type { Tx } from './transaction.js';
import { changeOrganization, type Unit } from './unit-of-work.js';
import { description, displayName, parseInput } from './validate.js';

// Groups: sets of members who share the group's policies. Every change needs group:write;
// changing who is in a group, or deleting it, also needs every scope its policies grant
// (invariant 2), and a rank at least the member's: the group.manage and group.manageMember
// actions of auth/permissions.ts.

const groupName = displayName(100);
const CreateInput = z.object({ name: groupName, description: description.nullish() });
const UpdateInput = z.object({ name: groupName.optional(), description: description.nullish() });

/** The include that loads a group's policies as the no-escalation rules see them. */
export const GROUP_POLICIES = { policies: { select: { policy: { select: { organizationId: true, scopes: true } } } } } as const;

/** The policies of a group read with GROUP_POLICIES, as the rules take them. */
export function groupPolicyFacts(group: { policies: { policy: PolicyFacts }[] }): PolicyFacts[] {
  return group.policies.map((attached) => attached.policy);
}

/** Creates a group. Returns its id. */
export async function createGroup(ctx: Context, organizationId: string, input: z.input<typeof CreateInput>): Promise<string> {
  const data = parseInput(CreateInput, input);
  return changeOrganization(ctx, organizationId, 'group.create', async ({ tx }) => {
    await ensureNameFree(tx, organizationId, data.name);
    const group = await tx.group.create({ data: { organizationId, name: data.name, description: data.description ?? null } });
    return {
      result: group.id,
      audit: { action: 'group.create', targetType: 'Group', targetId: group.id, changes: { name: group.name, description: group.description } },
    };
  });
}

/** Renames or describes a group. */
export async function updateGroup(ctx: Context, groupId: string, input: z.input<typeof UpdateInput>): Promise<string> {
  const patch = parseInput(UpdateInput, input);
  const organizationId = await organizationOfGroup(ctx, groupId);
  return changeOrganization(ctx, organizationId, 'group.update', async ({ tx }) => {
    const group = await tx.group.findFirst({ where: { id: groupId, organizationId } });
    if (!group) throw new NotFoundError('Group');
    if (patch.name !== undefined && patch.name !== group.name) await ensureNameFree(tx, organizationId, patch.name, groupId);
    const changes = diffFields(group, patch);
    await tx.group.update({ where: { id: groupId }, data: patch });
    return { result: groupId, audit: { action: 'group.update', targetType: 'Group', targetId: groupId, changes } };
  });
}

/** Deletes a group: its members lose its policies at once. Needs every scope the group grants. */
export async function deleteGroup(ctx: Context, groupId: string): Promise<{ groupId: string; organizationId: string }> {
  const organizationId = await organizationOfGroup(ctx, groupId);
  return changeOrganization(
    ctx,
    organizationId,
    'group.manage',
    async (unit) => {
      const group = await groupWithPolicies(unit, groupId);
      unit.require('group.manage', groupPolicyFacts(group));
      const members = await unit.tx.groupMember.count({ where: { groupId } });
      await unit.tx.group.delete({ where: { id: groupId } });
      return {
        result: { groupId, organizationId },
        audit: { action: 'group.delete', targetType: 'Group', targetId: groupId, changes: { name: group.name, members, policies: group.policies.length } },
      };
    },
    { changesStandings: true },
  );
}

/** Puts a member of the group's organization into the group. */
export async function addGroupMember(ctx: Context, groupId: string, memberId: string): Promise<void> {
  await changeGroupMembership(ctx, groupId, memberId, 'group.add_member', async (tx) => {
    const existing = await tx.groupMember.findUnique({ where: { groupId_memberId: { groupId, memberId } } });
    if (existing) throw new ConflictError('The member is already in this group');
    await tx.groupMember.create({ data: { groupId, memberId } });
  });
}

/** Takes a member out of a group. */
export async function removeGroupMember(ctx: Context, groupId: string, memberId: string): Promise<void> {
  await changeGroupMembership(ctx, groupId, memberId, 'group.remove_member', async (tx) => {
    const removed = await tx.groupMember.deleteMany({ where: { groupId, memberId } });
    if (removed.count === 0) throw new ConflictError('The member is not in this group');
  });
}

/**
 * The frame of adding and removing a group member: reads the group and the member under the
 * organization's lock, checks the group.manageMember rule, then applies the change. The member
 * gains or loses the group's policies, which may be the caller itself: its standing is read again.
 */
async function changeGroupMembership(ctx: Context, groupId: string, memberId: string, audited: string, apply: (tx: Tx) => Promise<void>): Promise<void> {
  const organizationId = await organizationOfGroupAndMember(ctx, groupId, memberId);
  await changeOrganization(
    ctx,
    organizationId,
    'group.manageMember',
    async (unit) => {
      const group = await groupWithPolicies(unit, groupId);
      const member = await unit.tx.member.findFirst({ where: { id: memberId, organizationId }, select: { userId: true, role: true } });
      if (!member) throw new NotFoundError('Member');
      unit.require('group.manageMember', { groupPolicies: groupPolicyFacts(group), member });
      await apply(unit.tx);
      return { result: undefined, audit: { action: audited, targetType: 'Group', targetId: groupId, changes: { memberId } } };
    },
    { changesStandings: true },
  );
}

/** The group, with its policies, read under the organization's lock. */
async function groupWithPolicies(unit: Unit, groupId: string) {
  const group = await unit.tx.group.findFirst({ where: { id: groupId, organizationId: unit.organizationId }, include: GROUP_POLICIES });
  if (!group) throw new NotFoundError('Group');
  return group;
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
