import { z } from 'zod';
import { visibleGroups, visiblePolicies } from '../auth/visibility.js';
import { APPLICATION_SCOPE_NAME_MAX, isApplicationScopeName, sortAllScopes } from '../auth/application-scope-names.js';
import { BUILT_IN_POLICY_MESSAGE } from '../auth/rules/escalation.js';
import { isScope, SCOPE_NAME_MAX } from '../auth/scopes.js';
import { visibleMembers } from '../auth/visibility.js';
import type { Context } from '../context.js';
import type { Policy } from '../db/generated/prisma/client.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import { ensureApplicationScopesUsable } from './application-scope-grants.js';
import { diffFields } from './audit.js';
import type { Tx } from './transaction.js';
import { changeOrganization, type Change, type ChangeOptions, type Unit } from './unit-of-work.js';
import { description, displayName, parseInput, text } from './validate.js';

// Custom policies: named sets of catalog scopes that an organization attaches to members and
// groups. Every change needs policy:write and, by invariant 2, every scope involved (the
// policy.* actions of auth/permissions.ts). Built-in policies (the roles) are refused with FORBIDDEN.

const policyName = displayName(100);
const scopeName = text(Math.max(SCOPE_NAME_MAX, APPLICATION_SCOPE_NAME_MAX)).refine(
  (value) => isScope(value) || isApplicationScopeName(value),
  'is not a scope of the catalog (see the `scopes` query) nor an application scope (app:<alias>/<label>)',
);

const CreateInput = z.object({
  name: policyName,
  description: description.nullish(),
  scopes: z
    .array(scopeName)
    .max(100, 'must list at most 100 scopes')
    .transform((scopes) => sortAllScopes(scopes)),
});
const UpdateInput = z.object({ name: policyName.optional(), description: description.nullish() });
const ScopeInput = z.object({ scope: scopeName });

/** Who holds a policy's scopes changes with it: the caller may be among them, so its standing is read again. */
const CHANGES_STANDINGS: ChangeOptions = { changesStandings: true };

/** Creates a custom policy with scopes the caller holds. Returns its id. */
export async function createPolicy(ctx: Context, organizationId: string, input: z.input<typeof CreateInput>): Promise<string> {
  const data = parseInput(CreateInput, input);
  return changeOrganization(ctx, organizationId, 'policy.create', async (unit) => {
    await ensureApplicationScopesUsable(unit.tx, organizationId, data.scopes, 'scopes');
    unit.require('policy.create', data.scopes);
    await ensureNameFree(unit.tx, organizationId, data.name);
    const policy = await unit.tx.policy.create({ data: { organizationId, name: data.name, description: data.description ?? null, scopes: data.scopes } });
    return {
      result: policy.id,
      audit: {
        action: 'policy.create',
        targetType: 'Policy',
        targetId: policy.id,
        changes: { name: policy.name, description: policy.description, scopes: policy.scopes },
      },
    };
  });
}

/** Renames or describes a custom policy whose scopes the caller all holds. */
export async function updatePolicy(ctx: Context, policyId: string, input: z.input<typeof UpdateInput>): Promise<string> {
  const patch = parseInput(UpdateInput, input);
  const organizationId = await organizationOfPolicy(ctx, policyId);
  return changeOrganization(ctx, organizationId, 'policy.change', async (unit) => {
    const policy = await changeablePolicy(unit, policyId);
    if (patch.name !== undefined && patch.name !== policy.name) await ensureNameFree(unit.tx, organizationId, patch.name, policyId);
    const changes = diffFields(policy, patch);
    await unit.tx.policy.update({ where: { id: policyId }, data: patch });
    return { result: policyId, audit: { action: 'policy.update', targetType: 'Policy', targetId: policyId, changes } };
  });
}

/** Deletes a custom policy whose scopes the caller all holds; it is detached from every member and group at once. */
export async function deletePolicy(ctx: Context, policyId: string): Promise<{ policyId: string; organizationId: string }> {
  const organizationId = await organizationOfPolicy(ctx, policyId);
  return changeOrganization(
    ctx,
    organizationId,
    'policy.change',
    async (unit) => {
      const policy = await changeablePolicy(unit, policyId);
      const [members, groups] = await Promise.all([unit.tx.memberPolicy.count({ where: { policyId } }), unit.tx.groupPolicy.count({ where: { policyId } })]);
      await unit.tx.policy.delete({ where: { id: policyId } });
      return {
        result: { policyId, organizationId },
        audit: {
          action: 'policy.delete',
          targetType: 'Policy',
          targetId: policyId,
          changes: { name: policy.name, scopes: policy.scopes, detachedFromMembers: members, detachedFromGroups: groups },
        },
      };
    },
    CHANGES_STANDINGS,
  );
}

/** Adds a scope the caller holds to a custom policy whose scopes it all holds. */
export async function addPolicyScope(ctx: Context, policyId: string, input: z.input<typeof ScopeInput>): Promise<string> {
  const { scope } = parseInput(ScopeInput, input);
  const organizationId = await organizationOfPolicy(ctx, policyId);
  return changeOrganization(
    ctx,
    organizationId,
    'policy.change',
    async (unit) => {
      const policy = await changeablePolicy(unit, policyId);
      await ensureApplicationScopesUsable(unit.tx, organizationId, [scope], 'scope');
      const scopes = sortAllScopes([...policy.scopes, scope]);
      // The policy as it will be: the new scope must be held too.
      unit.require('policy.change', { ...policy, scopes });
      if (policy.scopes.includes(scope)) throw new ConflictError(`The policy already has the scope ${scope}`);
      return changeScopes(unit.tx, policy, scopes, 'policy.add_scope');
    },
    CHANGES_STANDINGS,
  );
}

/** Removes a scope from a custom policy whose scopes the caller all holds. */
export async function removePolicyScope(ctx: Context, policyId: string, input: z.input<typeof ScopeInput>): Promise<string> {
  const { scope } = parseInput(ScopeInput, input);
  const organizationId = await organizationOfPolicy(ctx, policyId);
  return changeOrganization(
    ctx,
    organizationId,
    'policy.change',
    async (unit) => {
      const policy = await changeablePolicy(unit, policyId);
      if (!policy.scopes.includes(scope)) throw new ConflictError(`The policy does not have the scope ${scope}`);
      return changeScopes(
        unit.tx,
        policy,
        policy.scopes.filter((s) => s !== scope),
        'policy.remove_scope',
      );
    },
    CHANGES_STANDINGS,
  );
}

/** Attaches a custom policy to a member of its organization: needs all its scopes and a rank at least the member’s. */
export async function attachPolicyToMember(ctx: Context, policyId: string, memberId: string): Promise<void> {
  await changeMemberAttachment(ctx, policyId, memberId, 'policy.attach_member', async (tx) => {
    const existing = await tx.memberPolicy.findUnique({ where: { memberId_policyId: { memberId, policyId } } });
    if (existing) throw new ConflictError('The policy is already attached to this member');
    await tx.memberPolicy.create({ data: { memberId, policyId } });
  });
}

/** Detaches a custom policy from a member: needs all its scopes and a rank at least the member’s. */
export async function detachPolicyFromMember(ctx: Context, policyId: string, memberId: string): Promise<void> {
  await changeMemberAttachment(ctx, policyId, memberId, 'policy.detach_member', async (tx) => {
    const removed = await tx.memberPolicy.deleteMany({ where: { memberId, policyId } });
    if (removed.count === 0) throw new ConflictError('The policy is not attached to this member');
  });
}

/** Attaches a custom policy to a group of its organization: needs all the policy's scopes. */
export async function attachPolicyToGroup(ctx: Context, policyId: string, groupId: string): Promise<void> {
  await changeGroupAttachment(ctx, policyId, groupId, 'policy.attach_group', async (tx) => {
    const existing = await tx.groupPolicy.findUnique({ where: { groupId_policyId: { groupId, policyId } } });
    if (existing) throw new ConflictError('The policy is already attached to this group');
    await tx.groupPolicy.create({ data: { groupId, policyId } });
  });
}

/** Detaches a custom policy from a group: needs all the policy's scopes. */
export async function detachPolicyFromGroup(ctx: Context, policyId: string, groupId: string): Promise<void> {
  await changeGroupAttachment(ctx, policyId, groupId, 'policy.detach_group', async (tx) => {
    const removed = await tx.groupPolicy.deleteMany({ where: { groupId, policyId } });
    if (removed.count === 0) throw new ConflictError('The policy is not attached to this group');
  });
}

/** The frame of attaching and detaching a policy to a member: the policy.attachToMember rule on both, read under the lock. */
async function changeMemberAttachment(ctx: Context, policyId: string, memberId: string, audited: string, apply: (tx: Tx) => Promise<void>): Promise<void> {
  const organizationId = await organizationOfPolicyAndMember(ctx, policyId, memberId);
  await changeOrganization(
    ctx,
    organizationId,
    'policy.attachToMember',
    async (unit) => {
      const policy = await lockedPolicy(unit, policyId);
      const member = await unit.tx.member.findFirst({ where: { id: memberId, organizationId }, select: { userId: true, role: true } });
      if (!member) throw new NotFoundError('Member');
      unit.require('policy.attachToMember', { policy, member });
      await apply(unit.tx);
      return attachmentChange(audited, policyId, { memberId });
    },
    CHANGES_STANDINGS,
  );
}

/** The frame of attaching and detaching a policy to a group: the policy.change rule, the group read under the lock. */
async function changeGroupAttachment(ctx: Context, policyId: string, groupId: string, audited: string, apply: (tx: Tx) => Promise<void>): Promise<void> {
  const organizationId = await organizationOfPolicyAndGroup(ctx, policyId, groupId);
  await changeOrganization(
    ctx,
    organizationId,
    'policy.change',
    async (unit) => {
      await changeablePolicy(unit, policyId);
      const group = await unit.tx.group.findFirst({ where: { id: groupId, organizationId }, select: { id: true } });
      if (!group) throw new NotFoundError('Group');
      await apply(unit.tx);
      return attachmentChange(audited, policyId, { groupId });
    },
    CHANGES_STANDINGS,
  );
}

function attachmentChange(audited: string, policyId: string, changes: Record<string, unknown>): Change<void> {
  return { result: undefined, audit: { action: audited, targetType: 'Policy', targetId: policyId, changes } };
}

async function changeScopes(tx: Tx, policy: Policy, scopes: string[], audited: string): Promise<Change<string>> {
  await tx.policy.update({ where: { id: policy.id }, data: { scopes } });
  return { result: policy.id, audit: { action: audited, targetType: 'Policy', targetId: policy.id, changes: { scopes: { from: policy.scopes, to: scopes } } } };
}

/** The policy, read under the organization's lock. */
async function lockedPolicy(unit: Unit, policyId: string): Promise<Policy> {
  const policy = await unit.tx.policy.findFirst({ where: { id: policyId, organizationId: unit.organizationId } });
  if (!policy) throw new NotFoundError('Policy');
  return policy;
}

/** The policy, read under the organization's lock, once the policy.change rule allows changing it (custom, all its scopes held). */
async function changeablePolicy(unit: Unit, policyId: string): Promise<Policy> {
  const policy = await lockedPolicy(unit, policyId);
  unit.require('policy.change', policy);
  return policy;
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
  if (clash)
    throw new ConflictError(
      clash.organizationId === null ? `“${name}” is the name of a built-in policy` : `A policy named “${name}” already exists in the organization`,
    );
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
