import { z } from 'zod';
import { requirePlatformAdmin } from '../auth/platform-admin.js';
import type { Context } from '../context.js';
import { ConflictError } from '../errors.js';
import { recordAudit } from './audit.js';
import { inTransaction } from './transaction.js';
import { email, parseInput, personName } from './validate.js';

// Users are global: anyone with a valid token becomes one on first sight; platform admins can
// also create one ahead of time (POST /api/membership/users), e.g. to add it to organizations.

const CreateInput = z.object({ email, name: personName });

/** Creates a user. Platform admins only; CONFLICT when the (lower-cased) email is taken. Returns its id. */
export async function createUser(ctx: Context, input: z.input<typeof CreateInput>): Promise<string> {
  requirePlatformAdmin(ctx);
  const data = parseInput(CreateInput, input);
  return inTransaction(ctx, async (tx) => {
    // The unique email index settles a race (inTransaction turns it into CONFLICT as well).
    const existing = await tx.user.findUnique({ where: { email: data.email }, select: { id: true } });
    if (existing) throw new ConflictError(`A user with the email ${data.email} already exists`);
    const user = await tx.user.create({ data });
    await recordAudit(tx, ctx, {
      organizationId: null,
      action: 'user.create',
      targetType: 'User',
      targetId: user.id,
      changes: { email: user.email, name: user.name },
    });
    return user.id;
  });
}
