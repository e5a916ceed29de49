import { z } from 'zod';
import { userOf } from '../auth/principal.js';
import { visibleMembers } from '../auth/visibility.js';
import type { Context } from '../context.js';
import type { Member } from '../db/generated/prisma/client.js';
import { Role, MemberStatus } from '../db/generated/prisma/enums.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { diffFields } from './audit.js';
import { requireFreeSeat } from './seats.js';
import type { Tx } from './transaction.js';
import { changeOrganization, type Unit } from './unit-of-work.js';
import { email, parseInput } from './validate.js';

const AddInput = z.object({ email, role: z.enum(Role) });
const UpdateInput = z.object({
  role: z.enum(Role).optional(),
  status: z.enum(MemberStatus).optional(),
  requiredMfaAuth: z.boolean().optional(),
  requiredSsoAuth: z.boolean().optional(),
});

type MemberPatch = z.infer<typeof UpdateInput>;

/** What removeMember and leaveOrganization return. */
export interface EndedMembership {
  memberId: string;
  organizationId: string;
}

/** Adds an existing user, found by email, to the organization as an ACTIVE member (a seat: CONFLICT when none is free). Returns the new member's id. */
export async function addMember(ctx: Context, organizationId: string, input: z.input<typeof AddInput>): Promise<string> {
  const data = parseInput(AddInput, input);
  return changeOrganization(ctx, organizationId, 'member.add', async (unit) => {
    unit.require('member.add', data.role);
    const user = await unit.tx.user.findUnique({ where: { email: data.email }, select: { id: true } });
    if (!user) throw new NotFoundError('User');
    const existing = await unit.tx.member.findUnique({ where: { organizationId_userId: { organizationId, userId: user.id } } });
    if (existing) throw new ConflictError('This user is already a member of the organization');
    await requireFreeSeat(unit.tx, organizationId);
    const member = await unit.tx.member.create({ data: { organizationId, userId: user.id, role: data.role } });
    return { result: member.id, audit: { action: 'member.add', targetType: 'Member', targetId: member.id, changes: { userId: user.id, role: data.role } } };
  });
}

/**
 * Changes a member's role, status or authentication requirements, within invariants 1 and 2.
 * Reactivating a suspended member takes a seat again: CONFLICT when none is free.
 */
export async function updateMember(ctx: Context, memberId: string, input: z.input<typeof UpdateInput>): Promise<string> {
  const patch = parseInput(UpdateInput, input);
  const target = await visibleMember(ctx, memberId);
  const work = async (unit: Unit) => {
    const member = await memberUnderLock(unit, memberId);
    if (patch.role) unit.require('member.changeRole', { member, role: patch.role });
    else unit.require('member.update', member);
    if (losesOwnership(member, patch)) await requireAnotherOwner(unit, member);
    if (patch.status === 'ACTIVE' && member.status !== 'ACTIVE') await requireFreeSeat(unit.tx, unit.organizationId);
    await unit.tx.member.update({ where: { id: memberId }, data: patch });
    return { result: memberId, audit: { action: 'member.update', targetType: 'Member', targetId: memberId, changes: diffFields(member, patch) } };
  };
  return changeOrganization(ctx, target.organizationId, 'member.update', work, { changesStandings: target.isCaller });
}

/** Removes a member; its group and stack access go with it, and its pending invitations are void. */
export async function removeMember(ctx: Context, memberId: string): Promise<EndedMembership> {
  const target = await visibleMember(ctx, memberId);
  const work = async (unit: Unit) => {
    const member = await memberUnderLock(unit, memberId);
    await requireAnotherOwner(unit, member);
    return endMembership(unit.tx, member, 'member.remove');
  };
  return changeOrganization(ctx, target.organizationId, 'member.remove', work, { changesStandings: target.isCaller });
}

/** The caller leaves the organization, unless it is the last owner. */
export async function leaveOrganization(ctx: Context, organizationId: string): Promise<EndedMembership> {
  const work = async (unit: Unit) => {
    // organization.leave is for users only: the standing carries the caller's membership, read under the lock.
    const member = unit.standing.member!;
    unit.require('organization.leave', { lastActiveOwner: await isLastActiveOwner(unit.tx, member) });
    return endMembership(unit.tx, member, 'member.leave');
  };
  return changeOrganization(ctx, organizationId, 'organization.leave', work, { changesStandings: true });
}

/** Deletes the membership; invitations its user sent are void (invariant 3). */
async function endMembership(tx: Tx, member: Member, auditAction: string) {
  const voided = await tx.invitation.updateMany({
    where: { organizationId: member.organizationId, invitedById: member.userId, status: 'PENDING' },
    data: { status: 'CANCELLED', pendingEmail: null, respondedAt: new Date() },
  });
  await tx.member.delete({ where: { id: member.id } });
  return {
    result: { memberId: member.id, organizationId: member.organizationId },
    audit: {
      action: auditAction,
      targetType: 'Member',
      targetId: member.id,
      changes: { userId: member.userId, role: member.role, invitationsVoided: voided.count },
    },
  };
}

/** A demotion or suspension that takes an active owner out of the owners. */
function losesOwnership(member: Member, patch: MemberPatch): boolean {
  return member.role === 'OWNER' && member.status === 'ACTIVE' && ((patch.role !== undefined && patch.role !== 'OWNER') || patch.status === 'SUSPENDED');
}

/**
 * member.remove's rule: within rank, and never the last active owner (invariant 1). A demotion or
 * suspension of an owner is its removal from the owners, so updateMember asks the same rule.
 */
async function requireAnotherOwner(unit: Unit, member: Member): Promise<void> {
  unit.require('member.remove', { ...member, lastActiveOwner: await isLastActiveOwner(unit.tx, member) });
}

/** Whether the member is the organization's only ACTIVE OWNER; counts only for an active owner. Call under the lock. */
export async function isLastActiveOwner(tx: Tx, member: Member): Promise<boolean> {
  if (member.role !== 'OWNER' || member.status !== 'ACTIVE') return false;
  const others = await tx.member.count({ where: { organizationId: member.organizationId, role: 'OWNER', status: 'ACTIVE', id: { not: member.id } } });
  return others === 0;
}

/** The member to change, read again under the organization's lock. */
async function memberUnderLock(unit: Unit, memberId: string): Promise<Member> {
  const member = await unit.tx.member.findFirst({ where: { id: memberId, organizationId: unit.organizationId } });
  if (!member) throw new NotFoundError('Member');
  return member;
}

/**
 * The member's organization, when the caller can see the member (else NOT_FOUND), and whether it
 * is the caller's own membership: only then can changing it change the caller's standing.
 */
async function visibleMember(ctx: Context, memberId: string): Promise<{ organizationId: string; isCaller: boolean }> {
  const member = await ctx.prisma.member.findFirst({
    where: { id: memberId, ...visibleMembers(ctx.principal) },
    select: { organizationId: true, userId: true },
  });
  if (!member) throw new NotFoundError('Member');
  return { organizationId: member.organizationId, isCaller: member.userId === userOf(ctx.principal)?.userId };
}
