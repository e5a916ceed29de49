import { z } from 'zod';
import type { Context } from '../context.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { changeOrganization } from './unit-of-work.js';
import { parseInput, requiredText } from './validate.js';

// Feature flags of an organization: a set of names. Adding is idempotent per name (names already
// on are skipped and reported), but a call that adds nothing is a CONFLICT: a success always
// changes something and writes its one audit entry. Removing an absent name is NOT_FOUND.

/** Most names one addFeatures call takes. */
export const MAX_FEATURES_PER_CALL = 50;

const featureName = requiredText(64).regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be lower-case letters, digits, "-" or "_", starting with a letter or digit');

const AddInput = z.object({
  names: z
    .array(featureName)
    .min(1, 'must name at least one feature')
    .max(MAX_FEATURES_PER_CALL, `must have at most ${MAX_FEATURES_PER_CALL} names`)
    .transform((names) => [...new Set(names)]),
});
const RemoveInput = z.object({ name: featureName });

export interface AddedFeatures {
  organizationId: string;
  /** Names switched on by this call, in input order. */
  added: string[];
  /** Names of the input that were already on, left as they were. */
  alreadyPresent: string[];
}

/** Switches flags on; names already on are skipped. CONFLICT when every name was already on. */
export async function addFeatures(ctx: Context, organizationId: string, input: z.input<typeof AddInput>): Promise<AddedFeatures> {
  const { names } = parseInput(AddInput, input);
  return changeOrganization(ctx, organizationId, 'feature.manage', async ({ tx }) => {
    const existing = await tx.feature.findMany({ where: { organizationId, name: { in: names } }, select: { name: true } });
    const present = new Set(existing.map((feature) => feature.name));
    const added = names.filter((name) => !present.has(name));
    if (added.length === 0) throw new ConflictError(names.length === 1 ? `Feature “${names[0]}” is already on` : 'Every one of these features is already on');
    await tx.feature.createMany({ data: added.map((name) => ({ organizationId, name })) });
    const alreadyPresent = names.filter((name) => present.has(name));
    return {
      result: { organizationId, added, alreadyPresent },
      audit: { action: 'feature.add', targetType: 'Organization', targetId: organizationId, changes: { added, alreadyPresent } },
    };
  });
}

/** Switches one flag off; NOT_FOUND when it is not on. */
export async function removeFeature(
  ctx: Context,
  organizationId: string,
  input: z.input<typeof RemoveInput>,
): Promise<{ organizationId: string; name: string }> {
  const { name } = parseInput(RemoveInput, input);
  return changeOrganization(ctx, organizationId, 'feature.manage', async ({ tx }) => {
    const removed = await tx.feature.deleteMany({ where: { organizationId, name } });
    if (removed.count === 0) throw new NotFoundError('Feature');
    return {
      result: { organizationId, name },
      audit: { action: 'feature.remove', targetType: 'Organization', targetId: organizationId, changes: { removed: name } },
    };
  });
}
