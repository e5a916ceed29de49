import { expectRefusedWith, mutationDocument } from '../helpers/mutations.js';
import { snapshotOf } from '../helpers/no-change.js';

// Documents and checks of the region tests alone. Each mutation is aliased `result` so that
// runMutation (test/helpers/mutations.ts) returns the union value whatever the mutation.

export const REGION = `id name public baseUrl versions organization { id } viewerCan { update delete }`;

export const CREATE_PRIVATE = mutationDocument('createPrivateRegion', 'CreatePrivateRegionInput', `... on CreatePrivateRegionPayload { region { ${REGION} } }`);
export const DELETE_REGION = mutationDocument('deleteRegion', 'RegionIdInput', `... on DeleteRegionPayload { deletedRegionId organization { id } }`);
export const CREATE_PUBLIC = mutationDocument('createPublicRegion', 'CreatePublicRegionInput', `... on CreatePublicRegionPayload { region { ${REGION} } }`);
export const UPDATE_PUBLIC = mutationDocument('updatePublicRegion', 'UpdatePublicRegionInput', `... on UpdatePublicRegionPayload { region { ${REGION} } }`);
export const DELETE_PUBLIC = mutationDocument('deletePublicRegion', 'RegionIdInput', `... on DeletePublicRegionPayload { deletedRegionId }`);

export const REGION_BY_ID = `query($id: ID!) { region(id: $id) { ${REGION} } }`;

/** Runs the mutation, expects the typed error and an unchanged database: the regions, and no new user or audit entry. */
export const expectRefused = expectRefusedWith(snapshotOf(['region'], ['user']));
