import { z } from 'zod';
import type { Context } from '../context.js';
import { ConflictError } from '../errors.js';
import { requireUser } from './actor.js';
import { diffFields, recordAudit } from './audit.js';
import { inTransaction, type Tx } from './transaction.js';
import { changeOrganization, type Unit } from './unit-of-work.js';
import { description, organizationName, parseInput } from './validate.js';

const CreateInput = z.object({ name: organizationName, description: description.nullish() });
const UpdateInput = z.object({
  name: organizationName.optional(),
  description: description.nullish(),
  active: z.boolean().optional(),
});

/**
 * Creates an organization; the creator becomes its OWNER. Returns the new id. Outside the unit of
 * work: there is no organization to lock nor a standing in it yet (its action is user.self). The
 * owner needs no seat check: a new organization has no license, and the free plan has no seat limit.
 */
export async function createOrganization(ctx: Context, input: z.input<typeof CreateInput>): Promise<string> {
  const { userId } = requireUser(ctx);
  const data = parseInput(CreateInput, input);
  return inTransaction(ctx, async (tx) => {
    const organization = await tx.organization.create({
      data: { name: data.name, description: data.description ?? null, members: { create: { userId, role: 'OWNER' } } },
    });
    await recordAudit(tx, ctx, {
      organizationId: organization.id,
      action: 'organization.create',
      targetType: 'Organization',
      targetId: organization.id,
      changes: { name: data.name, description: data.description ?? null },
    });
    return organization.id;
  });
}

export async function updateOrganization(ctx: Context, organizationId: string, input: z.input<typeof UpdateInput>): Promise<string> {
  const patch = parseInput(UpdateInput, input);
  return changeOrganization(ctx, organizationId, 'organization.update', async ({ tx }) => {
    const before = await tx.organization.findUniqueOrThrow({ where: { id: organizationId } });
    await tx.organization.update({ where: { id: organizationId }, data: patch });
    return {
      result: organizationId,
      audit: { action: 'organization.update', targetType: 'Organization', targetId: organizationId, changes: diffFields(before, patch) },
    };
  });
}

/** How many live stacks a refused deletion names. */
const NAMED_STACKS = 10;

/**
 * Deletes the organization with everything in it (the foreign keys cascade: memberships,
 * invitations, groups, deleted stacks…); the audit trail stays. The caller's standing goes with it.
 * CONFLICT while it has live (not deleted) stacks, naming them: a stack is deleted on its own,
 * with its retention window, never as a side effect.
 */
export async function deleteOrganization(ctx: Context, organizationId: string): Promise<string> {
  const work = async ({ tx }: Unit) => {
    await requireNoLiveStacks(tx, organizationId);
    await tx.organization.delete({ where: { id: organizationId } });
    return { result: organizationId, audit: { action: 'organization.delete', targetType: 'Organization', targetId: organizationId } };
  };
  return changeOrganization(ctx, organizationId, 'organization.delete', work, { changesStandings: true });
}

/** CONFLICT, naming up to NAMED_STACKS of them (name and id, by name), while the organization has live stacks. Call under its lock. */
async function requireNoLiveStacks(tx: Tx, organizationId: string): Promise<void> {
  const where = { organizationId, deletedAt: null };
  const stacks = await tx.stack.findMany({ where, select: { id: true, name: true }, orderBy: [{ name: 'asc' }, { id: 'asc' }], take: NAMED_STACKS + 1 });
  if (stacks.length === 0) return;
  const named = stacks.slice(0, NAMED_STACKS).map((stack) => `${stack.name} (${stack.id})`);
  const more = stacks.length > NAMED_STACKS ? `, and ${(await tx.stack.count({ where })) - NAMED_STACKS} more` : '';
  throw new ConflictError(`The organization still has live stacks: ${named.join(', ')}${more}. Delete them first (deleteStack)`);
}
