import { z } from 'zod';
import { visibleMembers } from '../auth/visibility.js';
import type { Context } from '../context.js';
import { Role, MemberStatus } from '../db/generated/prisma/enums.js';
import { ConflictError, InvariantViolationError, NotFoundError } from '../errors.js';
import { lockAsActor, requireUser } from './actor.js';
import { diffFields, recordAudit } from './audit.js';
import { cannotChangeRole, cannotGrantRole, cannotManageMember } from './member-rules.js';
import { inTransaction, lockOrganization, type Tx } from './transaction.js';
import { email, parseInput } from './validate.js';

const AddInput = z.object({ email, role: z.enum(Role) });
const UpdateInput = z.object({
  role: z.enum(Role).optional(),
  status: z.enum(MemberStatus).optional(),
  requiredMfaAuth: z.boolean().optional(),
  requiredSsoAuth: z.boolean().optional(),
});

/** Adds an existing user, found by email, to the organization. Returns the new member's id. */
export async function addMember(ctx: Context, organizationId: string, input: z.input<typeof AddInput>): Promise<string> {
  const data = parseInput(AddInput, input);
  return inTransaction(ctx, async (tx) => {
    const actor = await lockAsActor(tx, ctx, organizationId, 'member.update');
    const denied = cannotGrantRole(actor, data.role);
    if (denied) throw denied;
    const user = await tx.user.findUnique({ where: { email: data.email }, select: { id: true } });
    if (!user) throw new NotFoundError('User');
    const existing = await tx.member.findUnique({ where: { organizationId_userId: { organizationId, userId: user.id } } });
    if (existing) throw new ConflictError('This user is already a member of the organization');
    const member = await tx.member.create({ data: { organizationId, userId: user.id, role: data.role } });
    await recordAudit(tx, ctx, { organizationId, action: 'member.add', targetType: 'Member', targetId: member.id, changes: { userId: user.id, role: data.role } });
    return member.id;
  });
}

/** Changes a member's role, status or authentication requirements, within invariants 1 and 2. */
export async function updateMember(ctx: Context, memberId: string, input: z.input<typeof UpdateInput>): Promise<string> {
  const patch = parseInput(UpdateInput, input);
  const organizationId = await organizationOfMember(ctx, memberId);
  return inTransaction(ctx, async (tx) => {
    const { actor, target } = await lockForChange(tx, ctx, organizationId, memberId);
    const denied = patch.role ? cannotChangeRole(actor, target, patch.role) : cannotManageMember(actor, target);
    if (denied) throw denied;
    const losesOwnership = target.role === 'OWNER' && target.status === 'ACTIVE' && ((patch.role && patch.role !== 'OWNER') || patch.status === 'SUSPENDED');
    if (losesOwnership) await ensureAnotherOwner(tx, organizationId, memberId);
    const changes = diffFields(target, patch);
    await tx.member.update({ where: { id: memberId }, data: patch });
    await recordAudit(tx, ctx, { organizationId, action: 'member.update', targetType: 'Member', targetId: memberId, changes });
    return memberId;
  }).finally(() => ctx.access.forget(organizationId));
}

/** Removes a member; its group and stack access go with it, and its pending invitations are void. */
export async function removeMember(ctx: Context, memberId: string): Promise<{ memberId: string; organizationId: string }> {
  const organizationId = await organizationOfMember(ctx, memberId);
  return inTransaction(ctx, async (tx) => {
    const { actor, target } = await lockForChange(tx, ctx, organizationId, memberId);
    const denied = cannotManageMember(actor, target);
    if (denied) throw denied;
    await deleteMembership(tx, ctx, target, 'member.remove');
    return { memberId, organizationId };
  }).finally(() => ctx.access.forget(organizationId));
}

/** The caller leaves the organization, unless it is the last owner. */
export async function leaveOrganization(ctx: Context, organizationId: string): Promise<{ memberId: string; organizationId: string }> {
  const { userId } = requireUser(ctx);
  return inTransaction(ctx, async (tx) => {
    await lockOrganization(tx, organizationId);
    const membership = await tx.member.findUnique({ where: { organizationId_userId: { organizationId, userId } } });
    if (!membership) throw new NotFoundError('Organization');
    await deleteMembership(tx, ctx, membership, 'member.leave');
    return { memberId: membership.id, organizationId };
  }).finally(() => ctx.access.forget(organizationId));
}

async function deleteMembership(tx: Tx, ctx: Context, member: { id: string; organizationId: string; userId: string; role: Role; status: MemberStatus }, action: string) {
  if (member.role === 'OWNER' && member.status === 'ACTIVE') await ensureAnotherOwner(tx, member.organizationId, member.id);
  // Invitations sent by someone who left are void (invariant 3).
  const voided = await tx.invitation.updateMany({
    where: { organizationId: member.organizationId, invitedById: member.userId, status: 'PENDING' },
    data: { status: 'CANCELLED', pendingEmail: null, respondedAt: new Date() },
  });
  await tx.member.delete({ where: { id: member.id } });
  await recordAudit(tx, ctx, {
    organizationId: member.organizationId,
    action,
    targetType: 'Member',
    targetId: member.id,
    changes: { userId: member.userId, role: member.role, invitationsVoided: voided.count },
  });
}

/** Invariant 1: some other active owner must remain. Call with the organization locked. */
async function ensureAnotherOwner(tx: Tx, organizationId: string, memberId: string): Promise<void> {
  const others = await tx.member.count({ where: { organizationId, role: 'OWNER', status: 'ACTIVE', id: { not: memberId } } });
  if (others === 0) throw new InvariantViolationError('An organization must keep at least one owner: make someone else an owner first');
}

/** Locks the organization and reads, under the lock, the acting caller and the member to change. */
async function lockForChange(tx: Tx, ctx: Context, organizationId: string, memberId: string) {
  const actor = await lockAsActor(tx, ctx, organizationId, 'member.update');
  const target = await tx.member.findUnique({ where: { id: memberId } });
  if (!target) throw new NotFoundError('Member');
  return { actor, target };
}

async function organizationOfMember(ctx: Context, memberId: string): Promise<string> {
  const member = await ctx.prisma.member.findFirst({ where: { id: memberId, ...visibleMembers(ctx.principal) }, select: { organizationId: true } });
  if (!member) throw new NotFoundError('Member');
  return member.organizationId;
}
