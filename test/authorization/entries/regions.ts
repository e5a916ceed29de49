import type { TestApp } from '../../helpers/app.js';
import { gid } from '../../helpers/fixtures.js';
import type { Entry } from '../entry-kit.js';
import { mutation, nextUnique, platformMutation, send, WRITERS } from '../entry-kit.js';
import type { Fixture, Who } from '../principals.js';
import { PRINCIPALS } from '../principals.js';

// Regions: an organization's private ones (region:read / region:write there) and the public
// ones, which every signed-in principal sees and only platform admins change.

/** A fresh region made directly (setup, not under test): the fixture's private one, or a public one. */
async function freshRegion(t: TestApp, f: Fixture | null): Promise<string> {
  const region = await t.prisma.region.create({ data: { organizationId: f?.orgId ?? null, name: `matrix-region-${nextUnique()}`, versions: ['v1.0.0'] } });
  return gid('Region', region.id);
}

const SIGNED_IN: Who[] = PRINCIPALS.filter((who) => who !== 'anonymous');

const regionIds = new Map<Fixture, string>();

export const ENTRIES: Record<string, Entry> = {
  'Query.region': {
    scope: 'region:read',
    allowed: ['owner', 'admin', 'member', 'clientWithScope'],
    run: async (t, f, who) => {
      regionIds.set(f, await freshRegion(t, f));
      return send(t, f, who, 'region:read', `query($id: ID!) { region(id: $id) { id } }`, { id: regionIds.get(f) });
    },
    granted: (response, f) => (response.data as { region?: { id: string } | null } | undefined)?.region?.id === regionIds.get(f),
  },
  // Public regions are for every signed-in principal, users and service clients alike.
  'Query.publicRegions': {
    scope: null,
    allowed: SIGNED_IN,
    run: (t, f, who) => send(t, f, who, null, `{ publicRegions(first: 5) { totalCount edges { node { id } } } }`),
    granted: (response) => (response.data as { publicRegions?: unknown } | undefined)?.publicRegions != null && !response.errors,
  },

  'Mutation.createPrivateRegion': mutation('createPrivateRegion', 'CreatePrivateRegionInput', 'region:write', WRITERS, (_t, f) => ({
    organizationId: f.org,
    name: `private-${nextUnique()}`,
    versions: ['v1.0.0'],
  })),
  'Mutation.deleteRegion': mutation('deleteRegion', 'RegionIdInput', 'region:write', WRITERS, async (t, f) => ({ regionId: await freshRegion(t, f) })),
  'Mutation.createPublicRegion': platformMutation('createPublicRegion', 'CreatePublicRegionInput', () => ({
    name: `public-${nextUnique()}`,
    versions: ['v1.0.0'],
  })),
  'Mutation.updatePublicRegion': platformMutation('updatePublicRegion', 'UpdatePublicRegionInput', async (t) => ({
    regionId: await freshRegion(t, null),
    versions: ['v1.0.0', 'v1.1.0'],
  })),
  'Mutation.deletePublicRegion': platformMutation('deletePublicRegion', 'RegionIdInput', async (t) => ({ regionId: await freshRegion(t, null) })),
};
