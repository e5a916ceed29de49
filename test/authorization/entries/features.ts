import type { Entry } from '../entry-kit.js';
import { mutation, nextUnique, WRITERS } from '../entry-kit.js';

// Feature flags: feature:write (owners, admins, clients with the scope).
export const ENTRIES: Record<string, Entry> = {
  'Mutation.addFeatures': mutation('addFeatures', 'AddFeaturesInput', 'feature:write', WRITERS, (_t, f) => ({
    organizationId: f.org,
    names: [`flag-${nextUnique()}`],
  })),
  'Mutation.removeFeature': mutation('removeFeature', 'RemoveFeatureInput', 'feature:write', WRITERS, async (t, f) => {
    const feature = await t.prisma.feature.create({ data: { organizationId: f.orgId, name: `flag-${nextUnique()}` } });
    return { organizationId: f.org, name: feature.name };
  }),
};
