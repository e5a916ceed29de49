import type { TestApp } from '../helpers/app.js';
import { gid } from '../helpers/fixtures.js';
import { expectAuditedMutation, expectRefusedMutation, runMutation, type Caller } from '../helpers/mutations.js';
import { rawId } from '../members/support.js';

// Shared documents and setup for the region tests. Each mutation is aliased `result` so that
// `run` returns the union value whatever the mutation.

export { rawId };

const FAILURE = `... on Error { code message } ... on NotFoundError { resource } ... on ValidationError { fields { path message } }`;
export const REGION = `id name public baseUrl versions organization { id } viewerCan { update delete }`;

const mutation = (field: string, inputType: string, payload: string) =>
  `mutation($input: ${inputType}!) { result: ${field}(input: $input) { __typename ${FAILURE} ${payload} } }`;

export const CREATE_PRIVATE = mutation('createPrivateRegion', 'CreatePrivateRegionInput', `... on CreatePrivateRegionPayload { region { ${REGION} } }`);
export const DELETE_REGION = mutation('deleteRegion', 'RegionIdInput', `... on DeleteRegionPayload { deletedRegionId organization { id } }`);
export const CREATE_PUBLIC = mutation('createPublicRegion', 'CreatePublicRegionInput', `... on CreatePublicRegionPayload { region { ${REGION} } }`);
export const UPDATE_PUBLIC = mutation('updatePublicRegion', 'UpdatePublicRegionInput', `... on UpdatePublicRegionPayload { region { ${REGION} } }`);
export const DELETE_PUBLIC = mutation('deletePublicRegion', 'RegionIdInput', `... on DeletePublicRegionPayload { deletedRegionId }`);

export const REGION_BY_ID = `query($id: ID!) { region(id: $id) { ${REGION} } }`;

/** Runs a mutation as a user (email) or with request options; returns the union value and the request id. */
export const run = runMutation;

/** Everything a region mutation could touch, to show that a refused one changed nothing. */
export async function snapshot(t: TestApp) {
  const [regions, users, audit] = await Promise.all([t.prisma.region.findMany({ orderBy: { id: 'asc' } }), t.prisma.user.count(), t.prisma.auditLog.count()]);
  return { regions, users, audit };
}

/** Runs the mutation, expects the typed error `typename` and an unchanged database. */
export const expectRefused = (t: TestApp, document: string, input: Record<string, unknown>, as: Caller, typename: string) =>
  expectRefusedMutation(t, snapshot, document, input, as, typename);

/** Runs the mutation, expects the payload and exactly one new audit entry, which it returns. */
export const expectAudited = expectAuditedMutation;

let count = 0;

/** A region made directly in the database (setup, not under test); global id. organizationId null: public. */
export async function newRegion(t: TestApp, organizationId: string | null, versions = ['v1.0.0', 'v1.1.0'], name?: string): Promise<string> {
  const region = await t.prisma.region.create({ data: { organizationId, name: name ?? `region-${++count}`, versions } });
  return gid('Region', region.id);
}

/** A stack row in the region (setup: the stacks domain is not under test here). */
export async function newStack(t: TestApp, organizationId: string, region: string, version: string, deletedAt: Date | null = null) {
  return t.prisma.stack.create({ data: { organizationId, regionId: rawId(region), name: `stack-${++count}`, version, deletedAt } });
}
