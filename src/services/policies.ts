import { z } from 'zod';
import { visibleGroups, visiblePolicies } from '../auth/permission-visibility.js';
import { isScope } from '../auth/scopes.js';
import { visibleMembers } from '../auth/visibility.js';
import type { Context } from '../context.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import { lockAsActor } from './actor.js';
import { diffFields, recordAudit } from './audit.js';
import type { Actor } from './member-rules.js';
import { BUILT_IN_POLICY_MESSAGE, cannotChangeMemberAccess, cannotChangePolicy, cannotGrantScopes, sortScopes } from './permission-rules.js';
import { inTransaction, type Tx } from './transaction.js';
import { description, parseInput } from './validate.js';

// Custom policies: named sets of catalog scopes that an organization attaches to members and
// groups. Every change needs policy:write and, by invariant 2, every scope involved
// (permission-rules.ts). Built-in policies (the roles) are refused with FORBIDDEN.

export const policyName = z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');
export const scopeName = z
  .string()
  .trim()
  .refine((value) => isScope(value), 'is not a scope of the catalog (see the `scopes` query)');

const CreateInput = z.object({
  name: policyName,
  description: description.nullish(),
  scopes: z
    .array(scopeName)
    .max(100, 'must list at most 100 scopes')
    .transform((scopes) => sortScopes(scopes)),
});
const UpdateInput = z.object({ name: policyName.optional(), description: description.nullish() });
const ScopeInput = z.object({ scope: scopeName });

/** Creates a custom policy with scopes the caller holds. Returns its id. */
export async function createPolicy(ctx: Context, organizationId: string, input: z.input<typeof CreateInput>): Promise<string> {
  const data = parseInput(CreateInput, input);
  return inTransaction(ctx, async (tx) => {
    const actor = await lockAsActor(tx, ctx, organizationId, 'policy.change');
    throwIf(cannotGrantScopes(actor, data.scopes));
    await ensureNameFree(tx, organizationId, data.name);
    const policy = await tx.policy.create({ data: { organizationId, name: data.name, description: data.description ?? null, scopes: data.scopes } });
    await recordAudit(tx, ctx, {
      organizationId,
      action: 'policy.create',
      targetType: 'Policy',
      targetId: policy.id,
      changes: { name: policy.name, description: policy.description, scopes: policy.scopes },
    });
    return policy.id;
  });
}

/** Renames or describes a custom policy whose scopes the caller all holds. */
export async function updatePolicy(ctx: Context, policyId: string, input: z.input<typeof UpdateInput>): Promise<string> {
  const patch = parseInput(UpdateInput, input);
  const organizationId = await organizationOfPolicy(ctx, policyId);
  return inTransaction(ctx, async (tx) => {
    const { policy } = await lockPolicy(tx, ctx, organizationId, policyId);
    if (patch.name !== undefined && patch.name !== policy.name) await ensureNameFree(tx, organizationId, patch.name, policyId);
    const changes = diffFields(policy, patch);
    await tx.policy.update({ where: { id: policyId }, data: patch });
    await recordAudit(tx, ctx, { organizationId, action: 'policy.update', targetType: 'Policy', targetId: policyId, changes });
    return policyId;
  });
}

/** Deletes a custom policy whose scopes the caller all holds; it is detached from every member and group at once. */
export async function deletePolicy(ctx: Context, policyId: string): Promise<{ policyId: string; organizationId: string }> {
  const organizationId = await organizationOfPolicy(ctx, policyId);
  return inTransaction(ctx, async (tx) => {
    const { policy } = await lockPolicy(tx, ctx, organizationId, policyId);
    const [members, groups] = await Promise.all([tx.memberPolicy.count({ where: { policyId } }), tx.groupPolicy.count({ where: { policyId } })]);
    await tx.policy.delete({ where: { id: policyId } });
    await recordAudit(tx, ctx, {
      organizationId,
      action: 'policy.delete',
      targetType: 'Policy',
      targetId: policyId,
      changes: { name: policy.name, scopes: policy.scopes, detachedFromMembers: members, detachedFromGroups: groups },
    });
    return { policyId, organizationId };
  }).finally(() => ctx.access.forget(organizationId));
}

/** Adds a scope the caller holds to a custom policy whose scopes it all holds. */
export async function addPolicyScope(ctx: Context, policyId: string, input: z.input<typeof ScopeInput>): Promise<string> {
  const { scope } = parseInput(ScopeInput, input);
  const organizationId = await organizationOfPolicy(ctx, policyId);
  return inTransaction(ctx, async (tx) => {
    const { actor, policy } = await lockPolicy(tx, ctx, organizationId, policyId);
    throwIf(cannotGrantScopes(actor, [scope]));
    if (policy.scopes.includes(scope)) throw new ConflictError(`The policy already has the scope ${scope}`);
    return changeScopes(tx, ctx, policy, sortScopes([...policy.scopes, scope]), 'policy.add_scope');
  }).finally(() => ctx.access.forget(organizationId));
}

/** Removes a scope from a custom policy whose scopes the caller all holds. */
export async function removePolicyScope(ctx: Context, policyId: string, input: z.input<typeof ScopeInput>): Promise<string> {
  const { scope } = parseInput(ScopeInput, input);
  const organizationId = await organizationOfPolicy(ctx, policyId);
  return inTransaction(ctx, async (tx) => {
    const { policy } = await lockPolicy(tx, ctx, organizationId, policyId);
    if (!policy.scopes.includes(scope)) throw new ConflictError(`The policy does not have the scope ${scope}`);
    return changeScopes(
      tx,
      ctx,
      policy,
      policy.scopes.filter((s) => s !== scope),
      'policy.remove_scope',
    );
  }).finally(() => ctx.access.forget(organizationId));
}

/** Attaches a custom policy to a member of its organization: needs all its scopes and a rank at least the member’s. */
export async function attachPolicyToMember(ctx: Context, policyId: string, memberId: string): Promise<void> {
  const organizationId = await organizationOfPolicyAndMember(ctx, policyId, memberId);
  await inTransaction(ctx, async (tx) => {
    const { actor } = await lockPolicy(tx, ctx, organizationId, policyId);
    await lockMember(tx, actor, organizationId, memberId);
    const existing = await tx.memberPolicy.findUnique({ where: { memberId_policyId: { memberId, policyId } } });
    if (existing) throw new ConflictError('The policy is already attached to this member');
    await tx.memberPolicy.create({ data: { memberId, policyId } });
    await recordAudit(tx, ctx, { organizationId, action: 'policy.attach_member', targetType: 'Policy', targetId: policyId, changes: { memberId } });
  }).finally(() => ctx.access.forget(organizationId));
}

/** Detaches a custom policy from a member: needs all its scopes and a rank at least the member’s. */
export async function detachPolicyFromMember(ctx: Context, policyId: string, memberId: string): Promise<void> {
  const organizationId = await organizationOfPolicyAndMember(ctx, policyId, memberId);
  await inTransaction(ctx, async (tx) => {
    const { actor } = await lockPolicy(tx, ctx, organizationId, policyId);
    await lockMember(tx, actor, organizationId, memberId);
    const removed = await tx.memberPolicy.deleteMany({ where: { memberId, policyId } });
    if (removed.count === 0) throw new ConflictError('The policy is not attached to this member');
    await recordAudit(tx, ctx, { organizationId, action: 'policy.detach_member', targetType: 'Policy', targetId: policyId, changes: { memberId } });
  }).finally(() => ctx.access.forget(organizationId));
}

/** Attaches a custom policy to a group of its organization: needs all the policy's scopes. */
export async function attachPolicyToGroup(ctx: Context, policyId: string, groupId: string): Promise<void> {
  const organizationId = await organizationOfPolicyAndGroup(ctx, policyId, groupId);
  await inTransaction(ctx, async (tx) => {
    await lockPolicy(tx, ctx, organizationId, policyId);
    await lockGroup(tx, organizationId, groupId);
    const existing = await tx.groupPolicy.findUnique({ where: { groupId_policyId: { groupId, policyId } } });
    if (existing) throw new ConflictError('The policy is already attached to this group');
    await tx.groupPolicy.create({ data: { groupId, policyId } });
    await recordAudit(tx, ctx, { organizationId, action: 'policy.attach_group', targetType: 'Policy', targetId: policyId, changes: { groupId } });
  }).finally(() => ctx.access.forget(organizationId));
}

/** Detaches a custom policy from a group: needs all the policy's scopes. */
export async function detachPolicyFromGroup(ctx: Context, policyId: string, groupId: string): Promise<void> {
  const organizationId = await organizationOfPolicyAndGroup(ctx, policyId, groupId);
  await inTransaction(ctx, async (tx) => {
    await lockPolicy(tx, ctx, organizationId, policyId);
    await lockGroup(tx, organizationId, groupId);
    const removed = await tx.groupPolicy.deleteMany({ where: { groupId, policyId } });
    if (removed.count === 0) throw new ConflictError('The policy is not attached to this group');
    await recordAudit(tx, ctx, { organizationId, action: 'policy.detach_group', targetType: 'Policy', targetId: policyId, changes: { groupId } });
  }).finally(() => ctx.access.forget(organizationId));
}

function throwIf(error: Error | null): void {
  if (error) throw error;
}

async function changeScopes(tx: Tx, ctx: Context, policy: { id: string; organizationId: string | null; scopes: string[] }, scopes: string[], action: string): Promise<string> {
  await tx.policy.update({ where: { id: policy.id }, data: { scopes } });
  await recordAudit(tx, ctx, { organizationId: policy.organizationId, action, targetType: 'Policy', targetId: policy.id, changes: { scopes: { from: policy.scopes, to: scopes } } });
  return policy.id;
}

/**
 * Locks the organization, reads the caller's standing (policy:write) and the policy under the
 * lock, and checks that the caller may change the policy (custom, all its scopes held).
 */
async function lockPolicy(tx: Tx, ctx: Context, organizationId: string, policyId: string) {
  const actor = await lockAsActor(tx, ctx, organizationId, 'policy.change');
  const policy = await tx.policy.findFirst({ where: { id: policyId, organizationId } });
  if (!policy) throw new NotFoundError('Policy');
  throwIf(cannotChangePolicy(actor, policy));
  return { actor, policy };
}

/** Reads, under the organization lock, a member whose access the actor changes (rank rule). */
async function lockMember(tx: Tx, actor: Actor, organizationId: string, memberId: string) {
  const member = await tx.member.findFirst({ where: { id: memberId, organizationId } });
  if (!member) throw new NotFoundError('Member');
  throwIf(cannotChangeMemberAccess(actor, member));
  return member;
}

async function lockGroup(tx: Tx, organizationId: string, groupId: string) {
  const group = await tx.group.findFirst({ where: { id: groupId, organizationId } });
  if (!group) throw new NotFoundError('Group');
  return group;
}

/** Unique per organization, case-insensitively, and distinct from the built-in policies' names. */
async function ensureNameFree(tx: Tx, organizationId: string, name: string, exceptId?: string): Promise<void> {
  const clash = await tx.policy.findFirst({
    where: {
      OR: [{ organizationId }, { organizationId: null }],
      name: { equals: name, mode: 'insensitive' },
      ...(exceptId ? { id: { not: exceptId } } : {}),
    },
    select: { organizationId: true },
  });
  if (clash) throw new ConflictError(clash.organizationId === null ? `“${name}” is the name of a built-in policy` : `A policy named “${name}” already exists in the organization`);
}

/** The organization of a policy the caller can see; FORBIDDEN for a built-in one, which nobody changes. */
async function organizationOfPolicy(ctx: Context, policyId: string): Promise<string> {
  const policy = await ctx.prisma.policy.findFirst({ where: { id: policyId, AND: [visiblePolicies(ctx.principal)] }, select: { organizationId: true } });
  if (!policy) throw new NotFoundError('Policy');
  if (policy.organizationId === null) throw new ForbiddenError(BUILT_IN_POLICY_MESSAGE);
  return policy.organizationId;
}

async function organizationOfPolicyAndMember(ctx: Context, policyId: string, memberId: string): Promise<string> {
  const member = await ctx.prisma.member.findFirst({ where: { id: memberId, ...visibleMembers(ctx.principal) }, select: { organizationId: true } });
  if (!member) throw new NotFoundError('Member');
  const organizationId = await organizationOfPolicy(ctx, policyId);
  if (organizationId !== member.organizationId) throw sameOrganization('policyId', 'the member’s');
  return organizationId;
}

async function organizationOfPolicyAndGroup(ctx: Context, policyId: string, groupId: string): Promise<string> {
  const group = await ctx.prisma.group.findFirst({ where: { id: groupId, ...visibleGroups(ctx.principal) }, select: { organizationId: true } });
  if (!group) throw new NotFoundError('Group');
  const organizationId = await organizationOfPolicy(ctx, policyId);
  if (organizationId !== group.organizationId) throw sameOrganization('policyId', 'the group’s');
  return organizationId;
}

/** Both objects are visible to the caller but belong to different organizations: an input mistake. */
export function sameOrganization(field: string, whose: string): ValidationError {
  const message = `must belong to ${whose} organization`;
  return new ValidationError(`input.${field}: ${message}`, [{ path: ['input', field], message }]);
}
