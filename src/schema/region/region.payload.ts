import { builder } from '../builder.js';
import { changedRow, changedRowsPayload, globalIdOf } from '../shared/payload.js';

/** A mutation payload with the region after the change. */
export const regionPayload = changedRowsPayload({ region: ['Region', 'regionId', 'The region after the change.'] });

/** Payload of deleteRegion: the id the private region had, and its organization. */
export const DeleteRegionPayload = builder.objectRef<{ regionId: string; organizationId: string }>('DeleteRegionPayload').implement({
  description: 'The private region was deleted.',
  fields: (t) => ({
    deletedRegionId: globalIdOf(t, 'Region', 'regionId', 'Global id the region had.'),
    organization: changedRow(t, 'Organization', 'organizationId', 'The organization the region belonged to.'),
  }),
});

/** Payload of deletePublicRegion. */
export const DeletePublicRegionPayload = builder.objectRef<{ regionId: string }>('DeletePublicRegionPayload').implement({
  description: 'The public region was deleted.',
  fields: (t) => ({ deletedRegionId: globalIdOf(t, 'Region', 'regionId', 'Global id the region had.') }),
});
