import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { expectData, type RequestOptions, type TestApp } from '../helpers/app.js';
import { gid } from '../helpers/fixtures.js';
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

const who = (as: string | RequestOptions | undefined): RequestOptions => (typeof as === 'string' ? { as } : (as ?? {}));

/** Runs a mutation as a user (email) or with request options; returns the union value and the request id. */
export async function run(t: TestApp, document: string, input: Record<string, unknown>, as?: string | RequestOptions) {
  const requestId = randomUUID();
  const options = who(as);
  const response = await t.gql(document, { input }, { ...options, headers: { ...options.headers, 'x-request-id': requestId } });
  return { response, result: expectData<any>(response).result, requestId };
}

/** Everything a region mutation could touch, to show that a refused one changed nothing. */
export async function snapshot(t: TestApp) {
  const [regions, users, audit] = await Promise.all([t.prisma.region.findMany({ orderBy: { id: 'asc' } }), t.prisma.user.count(), t.prisma.auditLog.count()]);
  return { regions, users, audit };
}

/** Runs the mutation, expects the typed error `typename` and an unchanged database. */
export async function expectRefused(t: TestApp, document: string, input: Record<string, unknown>, as: string | RequestOptions | undefined, typename: string) {
  const before = await snapshot(t);
  const { result } = await run(t, document, input, as);
  expect(result, JSON.stringify(result)).toMatchObject({ __typename: typename });
  expect(await snapshot(t)).toEqual(before);
  return result;
}

/** Runs the mutation, expects the payload and exactly one new audit entry, which it returns. */
export async function expectAudited(
  t: TestApp,
  document: string,
  input: Record<string, unknown>,
  as: string,
  expected: { payload: string; action: string; organizationId: string | null; targetType: string; targetId?: string },
) {
  const before = new Set((await t.prisma.auditLog.findMany({ select: { id: true } })).map((e) => e.id));
  const { result, requestId } = await run(t, document, input, as);
  expect(result.__typename, JSON.stringify(result)).toBe(expected.payload);
  const entries = (await t.prisma.auditLog.findMany()).filter((e) => !before.has(e.id));
  expect(entries).toHaveLength(1);
  const actor = await t.prisma.user.findUniqueOrThrow({ where: { email: as } });
  expect(entries[0]).toMatchObject({
    action: expected.action,
    actorType: 'USER',
    actorId: actor.id,
    requestId,
    organizationId: expected.organizationId,
    targetType: expected.targetType,
    ...(expected.targetId ? { targetId: expected.targetId } : {}),
  });
  return { result, entry: entries[0]! };
}

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
