import { z } from 'zod';
import type { Context } from '../context.js';
import { NotFoundError } from '../errors.js';
import { actorWithScope, requireUser } from './actor.js';
import { diffFields, recordAudit } from './audit.js';
import { inTransaction } from './transaction.js';
import { description, organizationName, parseInput } from './validate.js';

const CreateInput = z.object({ name: organizationName, description: description.nullish() });
const UpdateInput = z.object({
  name: organizationName.optional(),
  description: description.nullish(),
  active: z.boolean().optional(),
});

/** Creates an organization; the creator becomes its OWNER. Returns the new id. */
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
  await actorWithScope(ctx, organizationId, 'organization.update');
  return inTransaction(ctx, async (tx) => {
    const before = await tx.organization.findUnique({ where: { id: organizationId } });
    if (!before) throw new NotFoundError('Organization');
    const changes = diffFields(before, patch);
    await tx.organization.update({ where: { id: organizationId }, data: patch });
    await recordAudit(tx, ctx, { organizationId, action: 'organization.update', targetType: 'Organization', targetId: organizationId, changes });
    return organizationId;
  });
}

/** Deletes the organization with its memberships and invitations; the audit trail stays. */
export async function deleteOrganization(ctx: Context, organizationId: string): Promise<string> {
  await actorWithScope(ctx, organizationId, 'organization.delete');
  return inTransaction(ctx, async (tx) => {
    const deleted = await tx.organization.deleteMany({ where: { id: organizationId } });
    if (deleted.count === 0) throw new NotFoundError('Organization');
    await recordAudit(tx, ctx, { organizationId, action: 'organization.delete', targetType: 'Organization', targetId: organizationId });
    return organizationId;
  });
}
