import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { denial } from '../auth/permissions.js';
import { verifyAcceptToken } from '../auth/invitation-link.js';
import { visibleInvitations } from '../auth/visibility.js';
import type { Context } from '../context.js';
import { Role } from '../db/generated/prisma/enums.js';
import { ConflictError, type DomainError, NotFoundError, ValidationError } from '../errors.js';
import { requireUser } from './actor.js';
import { recordAudit } from './audit.js';
import { effectiveStatus } from './invitation-status.js';
import { requireFreeSeat } from './seats.js';
import { inTransaction, lockOrganization, type Tx } from './transaction.js';
import { changeOrganization, type Unit } from './unit-of-work.js';
import { email, invitationMessage, parseInput, personName, validationError } from './validate.js';

const InviteInput = z.object({ email, role: z.enum(Role), message: invitationMessage.nullish(), firstName: personName.nullish() });
/** One invitee; `delegation` marks an onboarding-delegation invitation (onboarding-delegation.ts). */
export type Invite = z.infer<typeof InviteInput> & { delegation?: { stepAtDelegation: string | null } };

/** The outcome of one address: the invitation (new or the pending one returned again), or why not. */
export type InviteOutcome =
  | { email: string; invitationId: string; created: boolean; roleChange?: { from: Role; to: Role } }
  | { email: string; error: DomainError };

/** Invites one address; inviting a pending address again returns its invitation. */
export async function inviteMember(
  ctx: Context,
  organizationId: string,
  input: z.input<typeof InviteInput>,
): Promise<{ invitationId: string; created: boolean }> {
  const invite = parseInput(InviteInput, input);
  return changeOrganization(ctx, organizationId, 'invitation.create', async (unit) => {
    const outcome = await inviteOne(unit, ctx, invite);
    if ('error' in outcome) throw outcome.error;
    return {
      result: { invitationId: outcome.invitationId, created: outcome.created },
      audit: {
        action: outcome.created ? 'invitation.create' : 'invitation.reuse',
        targetType: 'Invitation',
        targetId: outcome.invitationId,
        changes: { email: invite.email, role: outcome.roleChange ?? invite.role },
      },
    };
  });
}

/**
 * Invites many addresses in one transaction and one audit entry; each address gets its own
 * outcome. A batch that invites nobody changes nothing and writes no audit entry.
 */
export async function inviteMembers(ctx: Context, organizationId: string, inputs: z.input<typeof InviteInput>[]): Promise<InviteOutcome[]> {
  const limit = ctx.settings.maxBulkInvitations;
  if (inputs.length === 0 || inputs.length > limit) {
    throw new ValidationError(`Send between 1 and ${limit} invitations at once`, [
      { path: ['input', 'invitations'], message: `must have 1 to ${limit} items` },
    ]);
  }
  return changeOrganization(ctx, organizationId, 'invitation.create', async (unit) => {
    const outcomes: InviteOutcome[] = [];
    for (const [index, raw] of inputs.entries()) {
      const invitee = parseInvitee(raw, index);
      outcomes.push('error' in invitee ? invitee : await inviteOne(unit, ctx, invitee));
    }
    const audit = bulkAudit(organizationId, outcomes);
    return { result: outcomes, audit };
  });
}

/**
 * The one entry of a bulk invitation: every invitation it returns, the new ones (the ones that are
 * emailed), and the roles it changed on pending ones. Null when every address failed: nothing was
 * written, so there is nothing to record.
 */
function bulkAudit(organizationId: string, outcomes: InviteOutcome[]) {
  const invited = outcomes.flatMap((o) => ('invitationId' in o ? [o] : []));
  if (invited.length === 0) return null;
  const roleChanges = Object.fromEntries(invited.flatMap((o) => (o.roleChange ? [[o.invitationId, o.roleChange]] : [])));
  const changes = {
    invitationIds: invited.map((o) => o.invitationId),
    createdInvitationIds: invited.filter((o) => o.created).map((o) => o.invitationId),
    ...(Object.keys(roleChanges).length ? { roleChanges } : {}),
  };
  return { action: 'invitation.bulk_create', targetType: 'Organization', targetId: organizationId, changes };
}

/** One address of a bulk invitation, or why it is malformed (with its path in the input). */
function parseInvitee(raw: z.input<typeof InviteInput>, index: number): Invite | { email: string; error: ValidationError } {
  const parsed = InviteInput.safeParse(raw);
  if (parsed.success) return parsed.data;
  const fields = parsed.error.issues.map((i) => ({ path: ['input', 'invitations', String(index), ...i.path.map(String)], message: i.message }));
  return { email: raw.email, error: validationError(fields) };
}

/** Invites one address inside the caller's unit: rank check, membership check, pending reuse. */
export async function inviteOne(unit: Unit, ctx: Context, invite: Invite): Promise<InviteOutcome> {
  const { tx, organizationId } = unit;
  const denied = denial(unit.standing, invite.delegation ? 'invitation.delegateOnboarding' : 'invitation.create', invite.role);
  if (denied) return { email: invite.email, error: denied };
  const member = await tx.member.findFirst({ where: { organizationId, user: { email: invite.email } }, select: { id: true } });
  if (member) return { email: invite.email, error: new ConflictError(`${invite.email} is already a member`) };
  const pending = await tx.invitation.findUnique({ where: { organizationId_pendingEmail: { organizationId, pendingEmail: invite.email } } });
  if (pending && effectiveStatus(pending) === 'PENDING') {
    // A delegation is an admin-level invitation of its own kind: an ordinary pending one is not silently turned into it.
    if (invite.delegation && !pending.isDelegation)
      return { email: invite.email, error: new ConflictError(`${invite.email} already has a pending invitation; cancel it to delegate onboarding`) };
    return reusePending(unit, invite, pending);
  }
  if (pending) await tx.invitation.update({ where: { id: pending.id }, data: { status: 'EXPIRED', pendingEmail: null } });
  const created = await tx.invitation.create({
    data: {
      organizationId,
      email: invite.email,
      pendingEmail: invite.email,
      role: invite.role,
      message: invite.message ?? null,
      firstName: invite.firstName ?? null,
      isDelegation: Boolean(invite.delegation),
      stepAtDelegation: invite.delegation?.stepAtDelegation ?? null,
      invitedById: unit.userId,
      expiresAt: expiryFromNow(ctx),
    },
  });
  return { email: invite.email, invitationId: created.id, created: true };
}

/**
 * Inviting a pending address again returns its invitation, with the role asked for now: the
 * caller may grant that role (checked above) and may manage the pending invitation at its current
 * role (an ADMIN does not lower an OWNER's invitation). A delegation keeps its ADMIN role: an
 * ordinary invitation over it with another role is a conflict. No email is sent again (resend is
 * the way to that).
 */
async function reusePending(unit: Unit, invite: Invite, pending: InvitationRow): Promise<InviteOutcome> {
  const reused = { email: invite.email, invitationId: pending.id, created: false } as const;
  if (pending.role === invite.role) return reused;
  if (pending.isDelegation && !invite.delegation)
    return { email: invite.email, error: new ConflictError(`${invite.email} has a pending onboarding delegation; cancel it to invite with another role`) };
  const denied = denial(unit.standing, 'invitation.manage', pending.role);
  if (denied) return { email: invite.email, error: denied };
  await unit.tx.invitation.update({ where: { id: pending.id }, data: { role: invite.role } });
  return { ...reused, roleChange: { from: pending.role, to: invite.role } };
}

/** Gives a pending, unexpired invitation a new expiry and a new accept link (earlier links stop working); the email goes again. */
export async function resendInvitation(ctx: Context, invitationId: string): Promise<string> {
  return manageInvitation(ctx, invitationId, 'invitation.resend', async (tx, invitation) => {
    const expiresAt = expiryFromNow(ctx);
    await tx.invitation.update({ where: { id: invitation.id }, data: { expiresAt, linkNonce: randomUUID() } });
    return { expiresAt: { from: invitation.expiresAt, to: expiresAt } };
  });
}

export async function cancelInvitation(ctx: Context, invitationId: string): Promise<string> {
  return manageInvitation(ctx, invitationId, 'invitation.cancel', async (tx, invitation) => {
    await tx.invitation.update({ where: { id: invitation.id }, data: { status: 'CANCELLED', pendingEmail: null, respondedAt: new Date() } });
    return { status: { from: 'PENDING', to: 'CANCELLED' } };
  });
}

type InvitationRow = NonNullable<Awaited<ReturnType<Tx['invitation']['findUnique']>>>;

/** An admin's change to a pending invitation (invitation.manage): rank check and pending check under the lock. */
async function manageInvitation(
  ctx: Context,
  invitationId: string,
  auditAction: string,
  change: (tx: Tx, invitation: InvitationRow) => Promise<Record<string, unknown>>,
): Promise<string> {
  const found = await findVisibleInvitation(ctx, invitationId);
  return changeOrganization(ctx, found.organizationId, 'invitation.manage', async (unit) => {
    const invitation = await unit.tx.invitation.findUnique({ where: { id: invitationId } });
    if (!invitation) throw new NotFoundError('Invitation');
    unit.require('invitation.manage', invitation.role);
    // EXPIRED is final like the others: a lapsed invitation is not revived; invite the address again.
    const status = effectiveStatus(invitation);
    if (status !== 'PENDING') throw new ConflictError(`The invitation is ${status.toLowerCase()}; only pending invitations change`);
    const changes = await change(unit.tx, invitation);
    return { result: invitation.id, audit: { action: auditAction, targetType: 'Invitation', targetId: invitation.id, changes } };
  });
}

// The invitee's answers stay outside the unit of work: the invitee has no standing in the
// organization yet (its action is user.self), so they lock the organization and audit themselves.

/** How the invitee names the invitation it accepts: its id, its email's link token, or its organization. */
export type AcceptTarget = { invitationId: string } | { token: string } | { organizationId: string };

/**
 * The invitee accepts: once, atomically, before expiry, while the inviter is still a member and a
 * seat of the organization's license is free. Returns the new member id.
 */
export async function acceptInvitation(ctx: Context, target: AcceptTarget): Promise<{ memberId: string; organizationId: string; invitationId: string }> {
  const { userId } = requireUser(ctx);
  const found = await findInvitationToAccept(ctx, target);
  return inTransaction(ctx, async (tx) => {
    await lockOrganization(tx, found.organizationId);
    const invitation = await respondablePendingInvitation(tx, found.id, found.linkNonce);
    // Void once the inviting user has left (a suspended one has not). A service client's
    // invitation has no inviting user: it stands while the client's organization does.
    const inviterStillMember = invitation.invitedById
      ? await tx.member.count({ where: { organizationId: invitation.organizationId, userId: invitation.invitedById } })
      : 1;
    if (!inviterStillMember) throw new ConflictError('The invitation is void: whoever sent it has left the organization');
    const existing = await tx.member.findUnique({ where: { organizationId_userId: { organizationId: invitation.organizationId, userId } } });
    if (existing) throw new ConflictError('You are already a member of this organization');
    // The new member is ACTIVE and takes a seat; when none is free the invitation stays pending.
    await requireFreeSeat(tx, invitation.organizationId);
    await tx.invitation.update({ where: { id: invitation.id }, data: { status: 'ACCEPTED', pendingEmail: null, respondedAt: new Date() } });
    const member = await tx.member.create({ data: { organizationId: invitation.organizationId, userId, role: invitation.role } });
    await recordAudit(tx, ctx, {
      organizationId: invitation.organizationId,
      action: 'invitation.accept',
      targetType: 'Invitation',
      targetId: invitation.id,
      changes: { status: { from: 'PENDING', to: 'ACCEPTED' }, memberId: member.id, role: invitation.role },
    });
    return { memberId: member.id, organizationId: invitation.organizationId, invitationId: invitation.id };
  }).finally(() => ctx.access.forget(found.organizationId));
}

/**
 * The invitation the caller names, addressed to the caller. A link token must be valid and of the
 * invitation's latest send (linkNonce); whatever is wrong with it is NOT_FOUND, like an invitation
 * of someone else. By organization: the caller's pending invitation there.
 */
async function findInvitationToAccept(ctx: Context, target: AcceptTarget): Promise<{ id: string; organizationId: string; linkNonce?: string }> {
  if ('invitationId' in target) return { id: target.invitationId, ...(await findInvitationAddressedToCaller(ctx, target.invitationId)) };
  const { email: callerEmail } = requireUser(ctx);
  if ('organizationId' in target) {
    const pending = await ctx.prisma.invitation.findUnique({
      where: { organizationId_pendingEmail: { organizationId: target.organizationId, pendingEmail: callerEmail } },
      select: { id: true, organizationId: true },
    });
    if (!pending) throw new NotFoundError('Invitation');
    return pending;
  }
  const claims = await verifyAcceptToken({ signingKey: ctx.deps.signingKey, issuer: ctx.settings.tokenIssuer }, target.token);
  const invitation =
    claims &&
    (await ctx.prisma.invitation.findFirst({
      where: { id: claims.invitationId, email: callerEmail, linkNonce: claims.linkNonce },
      select: { id: true, organizationId: true },
    }));
  if (!invitation || !claims) throw new NotFoundError('Invitation');
  return { ...invitation, linkNonce: claims.linkNonce };
}

export async function declineInvitation(ctx: Context, invitationId: string): Promise<string> {
  const found = await findInvitationAddressedToCaller(ctx, invitationId);
  return inTransaction(ctx, async (tx) => {
    await lockOrganization(tx, found.organizationId);
    const invitation = await respondablePendingInvitation(tx, invitationId);
    await tx.invitation.update({ where: { id: invitation.id }, data: { status: 'DECLINED', pendingEmail: null, respondedAt: new Date() } });
    await recordAudit(tx, ctx, {
      organizationId: invitation.organizationId,
      action: 'invitation.decline',
      targetType: 'Invitation',
      targetId: invitation.id,
      changes: { status: { from: 'PENDING', to: 'DECLINED' } },
    });
    return invitation.id;
  });
}

/**
 * Re-read under the organization lock: final statuses never change, expiry is checked now. Named
 * by a link token (`linkNonce`), an invitation that is no longer pending or was sent again since is
 * NOT_FOUND: a used, expired or replaced link tells nothing.
 */
async function respondablePendingInvitation(tx: Tx, invitationId: string, linkNonce?: string): Promise<InvitationRow> {
  const invitation = await tx.invitation.findUnique({ where: { id: invitationId } });
  if (!invitation) throw new NotFoundError('Invitation');
  const status = effectiveStatus(invitation);
  if (linkNonce !== undefined && (status !== 'PENDING' || invitation.linkNonce !== linkNonce)) throw new NotFoundError('Invitation');
  if (status !== 'PENDING') throw new ConflictError(`The invitation is ${status.toLowerCase()}`);
  return invitation;
}

async function findInvitationAddressedToCaller(ctx: Context, invitationId: string) {
  const { email: callerEmail } = requireUser(ctx);
  const invitation = await ctx.prisma.invitation.findFirst({ where: { id: invitationId, email: callerEmail }, select: { organizationId: true } });
  if (!invitation) throw new NotFoundError('Invitation');
  return invitation;
}

async function findVisibleInvitation(ctx: Context, invitationId: string) {
  const invitation = await ctx.prisma.invitation.findFirst({
    where: { id: invitationId, ...visibleInvitations(ctx.principal) },
    select: { organizationId: true },
  });
  if (!invitation) throw new NotFoundError('Invitation');
  return invitation;
}

function expiryFromNow(ctx: Context): Date {
  return new Date(Date.now() + ctx.settings.invitationTtlDays * 24 * 60 * 60 * 1000);
}
