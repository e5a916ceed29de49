import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodes, expectData, PLATFORM_ADMIN, type TestApp } from '../helpers/app.js';
import { clientToken } from '../helpers/client-tokens.js';
import { ALICE, createDemoAppWithAdmin, type Demo } from '../helpers/fixtures.js';
import { rawId } from '../helpers/ids.js';
import { expectAuditedMutation, runMutation } from '../helpers/mutations.js';
import { raceTitle } from '../helpers/race.js';
import { newRegion, newStack } from '../helpers/regions-and-stacks.js';
import { CREATE_PUBLIC, DELETE_PUBLIC, expectRefused, REGION_BY_ID, UPDATE_PUBLIC } from './support.js';

let t: TestApp;
let demo: Demo;
let acmeId: string;
beforeAll(async () => {
  ({ t, demo } = await createDemoAppWithAdmin());
  acmeId = rawId(demo.acme);
});
afterAll(() => t.close());

describe('createPublicRegion', () => {
  it('creates a public region, with one audit entry of no organization', async () => {
    const { result, entry } = await expectAuditedMutation(
      t,
      CREATE_PUBLIC,
      { name: 'eu-central-1', baseUrl: 'https://eu.example.test', versions: ['v2.1.0', 'v2.0.0'] },
      PLATFORM_ADMIN,
      {
        payload: 'CreatePublicRegionPayload',
        action: 'region.create',
        organizationId: null,
        targetType: 'Region',
      },
    );
    expect(result.region).toMatchObject({
      name: 'eu-central-1',
      public: true,
      organization: null,
      versions: ['v2.0.0', 'v2.1.0'],
      viewerCan: { update: true, delete: true },
    });
    expect(entry.targetId).toBe(rawId(result.region.id));
    // Every signed-in principal sees it, without the right to change it.
    expect(expectData(await t.gql(REGION_BY_ID, { id: result.region.id }, { as: ALICE })).region.viewerCan).toEqual({ update: false, delete: false });
  });

  it('refuses a name a public region has (case-insensitively), no versions, or invalid ones', async () => {
    await newRegion(t, null, ['v1.0.0'], 'ap-south-1');
    await expectRefused(t, CREATE_PUBLIC, { name: 'AP-South-1', versions: ['v1.0.0'] }, PLATFORM_ADMIN, 'ConflictError');
    const empty = await expectRefused(t, CREATE_PUBLIC, { name: 'empty', versions: [] }, PLATFORM_ADMIN, 'ValidationError');
    expect(empty.fields).toEqual([{ path: ['input', 'versions'], message: 'must offer at least one version' }]);
    const bad = await expectRefused(t, CREATE_PUBLIC, { name: 'bad', versions: ['v1', 'v1.0.0.0', 'v01.0.0'] }, PLATFORM_ADMIN, 'ValidationError');
    expect(bad.fields.map((f: { path: string[] }) => f.path.join('.'))).toEqual(['input.versions.0', 'input.versions.1', 'input.versions.2']);
  });

  it(raceTitle('lets one of two concurrent creations with the same name through'), async () => {
    const results = await Promise.all([1, 2].map(() => runMutation(t, CREATE_PUBLIC, { name: 'racy', versions: ['v1.0.0'] }, PLATFORM_ADMIN)));
    expect(results.map((r) => r.result.__typename).sort()).toEqual(['ConflictError', 'CreatePublicRegionPayload']);
    expect(await t.prisma.region.count({ where: { organizationId: null, name: 'racy' } })).toBe(1);
  });

  it('is for platform admins only: FORBIDDEN for users and service clients, UNAUTHENTICATED for anonymous callers', async () => {
    const input = { name: 'not-allowed', versions: ['v1.0.0'] };
    await expectRefused(t, CREATE_PUBLIC, input, ALICE, 'ForbiddenError');
    const client = await clientToken(t, acmeId, ['organization:read', 'region:read', 'region:write']);
    await expectRefused(t, CREATE_PUBLIC, input, { token: client }, 'ForbiddenError');
    expect(errorCodes(await t.gql(CREATE_PUBLIC, { input }))).toEqual(['UNAUTHENTICATED']);
    expect(await t.prisma.region.count({ where: { name: 'not-allowed' } })).toBe(0);
  });
});

describe('updatePublicRegion', () => {
  it('renames a public region and changes its versions, with one audit entry of the changes', async () => {
    const region = await newRegion(t, null, ['v1.0.0', 'v1.1.0'], 'old-name');
    const { result, entry } = await expectAuditedMutation(
      t,
      UPDATE_PUBLIC,
      { regionId: region, name: 'new-name', versions: ['v1.2.0', 'v1.1.0'] },
      PLATFORM_ADMIN,
      {
        payload: 'UpdatePublicRegionPayload',
        action: 'region.update',
        organizationId: null,
        targetType: 'Region',
        targetId: rawId(region),
      },
    );
    expect(result.region).toMatchObject({ name: 'new-name', versions: ['v1.1.0', 'v1.2.0'], baseUrl: null });
    expect(entry.changes).toEqual({ name: { from: 'old-name', to: 'new-name' }, versions: { from: ['v1.0.0', 'v1.1.0'], to: ['v1.1.0', 'v1.2.0'] } });
  });

  it('sets and clears the base URL', async () => {
    const region = await newRegion(t, null);
    expect((await runMutation(t, UPDATE_PUBLIC, { regionId: region, baseUrl: 'http://region.example.test' }, PLATFORM_ADMIN)).result.region.baseUrl).toBe(
      'http://region.example.test',
    );
    expect((await runMutation(t, UPDATE_PUBLIC, { regionId: region, baseUrl: null }, PLATFORM_ADMIN)).result.region.baseUrl).toBeNull();
  });

  it('refuses to withdraw a version that a stack runs, unless the stack was deleted beyond its retention period', async () => {
    const region = await newRegion(t, null, ['v1.0.0', 'v1.1.0', 'v1.2.0']);
    await newStack(t, acmeId, region, { version: 'v1.0.0' });
    const recentlyDeleted = rawId(await newStack(t, acmeId, region, { version: 'v1.1.0', deletedAt: new Date(Date.now() - 86_400_000) }));
    const live = await expectRefused(t, UPDATE_PUBLIC, { regionId: region, versions: ['v1.2.0'] }, PLATFORM_ADMIN, 'ConflictError');
    expect(live.message).toContain('v1.0.0 (1)');
    expect(live.message).toContain('v1.1.0 (1)');
    await expectRefused(t, UPDATE_PUBLIC, { regionId: region, versions: ['v1.0.0', 'v1.2.0'] }, PLATFORM_ADMIN, 'ConflictError');
    await t.prisma.stack.update({ where: { id: recentlyDeleted }, data: { deletedAt: new Date(Date.now() - 31 * 86_400_000) } });
    const { result } = await runMutation(t, UPDATE_PUBLIC, { regionId: region, versions: ['v1.0.0', 'v1.2.0'] }, PLATFORM_ADMIN);
    expect(result.region.versions).toEqual(['v1.0.0', 'v1.2.0']);
  });

  it('refuses a taken name, an empty version list, a private region (NOT_FOUND) and anyone but a platform admin', async () => {
    await newRegion(t, null, ['v1.0.0'], 'taken-name');
    const region = await newRegion(t, null);
    await expectRefused(t, UPDATE_PUBLIC, { regionId: region, name: 'TAKEN-name' }, PLATFORM_ADMIN, 'ConflictError');
    await expectRefused(t, UPDATE_PUBLIC, { regionId: region, versions: [] }, PLATFORM_ADMIN, 'ValidationError');
    const own = await newRegion(t, acmeId);
    await expectRefused(t, UPDATE_PUBLIC, { regionId: own, name: 'hijacked' }, PLATFORM_ADMIN, 'NotFoundError');
    await expectRefused(t, UPDATE_PUBLIC, { regionId: region, name: 'by-alice' }, ALICE, 'ForbiddenError');
    expect(errorCodes(await t.gql(UPDATE_PUBLIC, { input: { regionId: region, name: 'anonymous' } }))).toEqual(['UNAUTHENTICATED']);
  });
});

describe('deletePublicRegion', () => {
  it('deletes an unused public region, with one audit entry of no organization', async () => {
    const region = await newRegion(t, null, ['v1.0.0'], 'to-delete');
    const { result } = await expectAuditedMutation(t, DELETE_PUBLIC, { regionId: region }, PLATFORM_ADMIN, {
      payload: 'DeletePublicRegionPayload',
      action: 'region.delete',
      organizationId: null,
      targetType: 'Region',
      targetId: rawId(region),
    });
    expect(result.deletedRegionId).toBe(region);
    expect(await t.prisma.region.count({ where: { id: rawId(region) } })).toBe(0);
  });

  it('is refused while stacks use the region, for a private region, and for anyone but a platform admin', async () => {
    const region = await newRegion(t, null, ['v1.0.0', 'v1.1.0']);
    await newStack(t, acmeId, region, { version: 'v1.0.0', deletedAt: new Date() });
    await expectRefused(t, DELETE_PUBLIC, { regionId: region }, PLATFORM_ADMIN, 'ConflictError');
    await expectRefused(t, DELETE_PUBLIC, { regionId: await newRegion(t, acmeId) }, PLATFORM_ADMIN, 'NotFoundError');
    await expectRefused(t, DELETE_PUBLIC, { regionId: await newRegion(t, null) }, ALICE, 'ForbiddenError');
  });
});
