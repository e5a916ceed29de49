import { z } from 'zod';
import type { Context } from '../context.js';
import { requireUser } from './actor.js';
import { diffFields, recordAudit } from './audit.js';
import { inTransaction } from './transaction.js';
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
 * work: there is no organization to lock nor a standing in it yet (its action is user.self).
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

/**
 * Deletes the organization with everything in it (the foreign keys cascade: memberships,
 * invitations, groups, stacks…); the audit trail stays. The caller's standing goes with it.
 */
export async function deleteOrganization(ctx: Context, organizationId: string): Promise<string> {
  const work = async ({ tx }: Unit) => {
    await tx.organization.delete({ where: { id: organizationId } });
    return { result: organizationId, audit: { action: 'organization.delete', targetType: 'Organization', targetId: organizationId } };
  };
  return changeOrganization(ctx, organizationId, 'organization.delete', work, { changesStandings: true });
}
