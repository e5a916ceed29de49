import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodes, expectData, PLATFORM_ADMIN, type TestApp } from '../helpers/app.js';
import { clientToken } from '../helpers/client-tokens.js';
import { ALICE, BOB, CAROL, createDemoAppWithAdmin, type Demo } from '../helpers/fixtures.js';
import { rawId } from '../helpers/ids.js';
import { expectAuditedMutation, runMutation } from '../helpers/mutations.js';
import { newOrg } from '../helpers/orgs.js';
import { newRegion, newStack } from '../helpers/regions-and-stacks.js';
import { CREATE_PRIVATE, DELETE_REGION, expectRefused, REGION_BY_ID } from './support.js';

let t: TestApp;
let demo: Demo;
beforeAll(async () => ({ t, demo } = await createDemoAppWithAdmin()));
afterAll(() => t.close());

describe('createPrivateRegion', () => {
  it('creates a private region with its versions oldest first, with one audit entry', async () => {
    const o = await newOrg(t, { owner: 'OWNER' });
    const input = {
      organizationId: o.org,
      name: ' on-prem ',
      baseUrl: 'https://regions.example.test',
      versions: ['v1.10.0', '1.2.0', 'v1.2.0-rc.1', 'v1.9.3'],
    };
    const { result, entry } = await expectAuditedMutation(t, CREATE_PRIVATE, input, o.email.owner!, {
      payload: 'CreatePrivateRegionPayload',
      action: 'region.create',
      organizationId: o.orgId,
      targetType: 'Region',
    });
    expect(result.region).toMatchObject({
      name: 'on-prem',
      public: false,
      baseUrl: 'https://regions.example.test',
      versions: ['v1.2.0-rc.1', '1.2.0', 'v1.9.3', 'v1.10.0'],
      organization: { id: o.org },
      viewerCan: { update: false, delete: true },
    });
    expect(entry.targetId).toBe(rawId(result.region.id));
    expect(entry.changes).toEqual({ name: 'on-prem', baseUrl: 'https://regions.example.test', versions: ['v1.2.0-rc.1', '1.2.0', 'v1.9.3', 'v1.10.0'] });
  });

  it('offers no versions unless given, and lets a service client with region:write create one', async () => {
    const o = await newOrg(t, { owner: 'OWNER' });
    const token = await clientToken(t, o.orgId, ['organization:read', 'region:read', 'region:write']);
    const { result } = await runMutation(t, CREATE_PRIVATE, { organizationId: o.org, name: 'robot-made' }, { token });
    expect(result).toMatchObject({ __typename: 'CreatePrivateRegionPayload', region: { name: 'robot-made', versions: [], baseUrl: null } });
    const entry = await t.prisma.auditLog.findFirstOrThrow({ where: { targetId: rawId(result.region.id) } });
    expect(entry).toMatchObject({ actorType: 'CLIENT', action: 'region.create', organizationId: o.orgId });
  });

  it('refuses invalid input with field paths, and changes nothing', async () => {
    const o = await newOrg(t, { owner: 'OWNER' });
    const invalid = await expectRefused(
      t,
      CREATE_PRIVATE,
      { organizationId: o.org, name: '  ', baseUrl: 'ftp://example.test', versions: ['v1.0.0', 'latest', '1.0.0'] },
      o.email.owner,
      'ValidationError',
    );
    expect(invalid.fields.map((f: { path: string[] }) => f.path)).toEqual([
      ['input', 'name'],
      ['input', 'baseUrl'],
      ['input', 'versions', '1'],
      ['input', 'versions', '2'],
    ]);
  });

  it('refuses a name the organization already uses (case-insensitively), not one of another organization or a public one', async () => {
    const o = await newOrg(t, { owner: 'OWNER' });
    const other = await newOrg(t, { owner: 'OWNER' });
    await newRegion(t, o.orgId, [], 'edge');
    await newRegion(t, other.orgId, [], 'shared-name');
    await newRegion(t, null, ['v1.0.0'], `public-${o.orgId}`);
    await expectRefused(t, CREATE_PRIVATE, { organizationId: o.org, name: 'EDGE' }, o.email.owner, 'ConflictError');
    expect((await runMutation(t, CREATE_PRIVATE, { organizationId: o.org, name: 'shared-name' }, o.email.owner)).result.__typename).toBe(
      'CreatePrivateRegionPayload',
    );
    expect((await runMutation(t, CREATE_PRIVATE, { organizationId: o.org, name: `public-${o.orgId}` }, o.email.owner)).result.__typename).toBe(
      'CreatePrivateRegionPayload',
    );
  });

  it('is FORBIDDEN for a member without region:write and NOT_FOUND for another organization', async () => {
    await expectRefused(t, CREATE_PRIVATE, { organizationId: demo.acme, name: 'by-bob' }, BOB, 'ForbiddenError');
    const foreign = await expectRefused(t, CREATE_PRIVATE, { organizationId: demo.acme, name: 'by-carol' }, CAROL, 'NotFoundError');
    expect(foreign.resource).toBe('Organization');
    await expectRefused(t, CREATE_PRIVATE, { organizationId: demo.acme, name: 'by-admin' }, PLATFORM_ADMIN, 'NotFoundError');
  });
});

describe('region visibility', () => {
  it('shows a private region to members with region:read, FORBIDDEN to a guest, NOT_FOUND to everyone else', async () => {
    const o = await newOrg(t, { owner: 'OWNER', m: 'MEMBER', g: 'GUEST' });
    const region = await newRegion(t, o.orgId);
    expect(expectData(await t.gql(REGION_BY_ID, { id: region }, { as: o.email.m })).region).toMatchObject({
      id: region,
      public: false,
      viewerCan: { delete: false },
    });
    const guest = await t.gql(REGION_BY_ID, { id: region }, { as: o.email.g });
    expect(guest.data?.region).toBeNull();
    // Every field of the region refuses (type-level rule), so the codes repeat.
    expect(new Set(errorCodes(guest))).toEqual(new Set(['FORBIDDEN']));
    for (const as of [CAROL, PLATFORM_ADMIN]) {
      const response = await t.gql(REGION_BY_ID, { id: region }, { as });
      expect(errorCodes(response)).toEqual(['NOT_FOUND']);
      const node = await t.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: region }, { as });
      expect(errorCodes(node)).toEqual(['NOT_FOUND']);
    }
    const foreignClient = await clientToken(t, (await t.prisma.organization.findFirstOrThrow({ where: { name: 'Globex' } })).id, [
      'organization:read',
      'region:read',
    ]);
    expect(errorCodes(await t.gql(REGION_BY_ID, { id: region }, { token: foreignClient }))).toEqual(['NOT_FOUND']);
    expect(errorCodes(await t.gql(REGION_BY_ID, { id: region }))).toEqual(['UNAUTHENTICATED']);
  });

  it('shows a public region to every signed-in principal, and node(id) finds it', async () => {
    const region = await newRegion(t, null, ['v2.0.0']);
    const client = await clientToken(t, rawId(demo.globex), ['organization:read']);
    for (const options of [{ as: ALICE }, { as: CAROL }, { as: PLATFORM_ADMIN }, { as: 'nobody@nowhere.test' }, { token: client }]) {
      expect(expectData(await t.gql(REGION_BY_ID, { id: region }, options)).region).toMatchObject({
        id: region,
        public: true,
        organization: null,
        versions: ['v2.0.0'],
      });
    }
    expect(expectData(await t.gql(`query($id: ID!) { node(id: $id) { ... on Region { name } } }`, { id: region }, { as: BOB })).node.name).toMatch(/^region-/);
    expect(errorCodes(await t.gql(REGION_BY_ID, { id: region }))).toEqual(['UNAUTHENTICATED']);
  });

  it('lists an organization’s regions: the public ones and its own private ones, by name, with a kind filter', async () => {
    const o = await newOrg(t, { owner: 'OWNER', g: 'GUEST' });
    const other = await newOrg(t, { owner: 'OWNER' });
    const own = await newRegion(t, o.orgId, [], `zz-own-${o.orgId}`);
    await newRegion(t, other.orgId, [], `zz-foreign-${o.orgId}`);
    const publicIds = (await t.prisma.region.findMany({ where: { organizationId: null }, orderBy: [{ name: 'asc' }, { id: 'asc' }] })).map((r) => r.id);
    const query = `query($id: ID!, $kind: RegionKind) { organization(id: $id) { regions(first: 100, kind: $kind) { totalCount edges { node { id name public } } } } }`;
    const all = expectData(await t.gql(query, { id: o.org }, { as: o.email.owner })).organization.regions;
    expect(all.edges.map((e: any) => rawId(e.node.id))).toEqual([...publicIds, rawId(own)]);
    expect(all.totalCount).toBe(publicIds.length + 1);
    const onlyPrivate = expectData(await t.gql(query, { id: o.org, kind: 'PRIVATE' }, { as: o.email.owner })).organization.regions;
    expect(onlyPrivate).toEqual({ totalCount: 1, edges: [{ node: { id: own, name: `zz-own-${o.orgId}`, public: false } }] });
    const onlyPublic = expectData(await t.gql(query, { id: o.org, kind: 'PUBLIC' }, { as: o.email.owner })).organization.regions;
    expect(onlyPublic.edges.every((e: any) => e.node.public)).toBe(true);
    expect(onlyPublic.totalCount).toBe(publicIds.length);
    const guest = await t.gql(query, { id: o.org }, { as: o.email.g });
    expect(guest.data?.organization).toMatchObject({ regions: null });
    expect(errorCodes(guest)).toEqual(['FORBIDDEN']);
  });

  it('lists the public regions to any signed-in caller, never a private one', async () => {
    await newRegion(t, rawId(demo.acme), [], 'acme-private-listed');
    const query = `{ publicRegions(first: 100) { totalCount edges { node { name public organization { id } } } } }`;
    const list = expectData(await t.gql(query, {}, { as: CAROL })).publicRegions;
    expect(list.totalCount).toBe(await t.prisma.region.count({ where: { organizationId: null } }));
    expect(list.edges.every((e: any) => e.node.public && e.node.organization === null)).toBe(true);
    const names = list.edges.map((e: any) => e.node.name);
    expect(names).toEqual([...names].sort());
    expect(errorCodes(await t.gql(query))).toEqual(['UNAUTHENTICATED']);
  });
});

describe('deleteRegion', () => {
  it('deletes an unused private region, with one audit entry', async () => {
    const o = await newOrg(t, { owner: 'OWNER' });
    const region = await newRegion(t, o.orgId, ['v1.0.0'], 'doomed');
    const { result, entry } = await expectAuditedMutation(t, DELETE_REGION, { regionId: region }, o.email.owner!, {
      payload: 'DeleteRegionPayload',
      action: 'region.delete',
      organizationId: o.orgId,
      targetType: 'Region',
      targetId: rawId(region),
    });
    expect(result).toEqual({ __typename: 'DeleteRegionPayload', deletedRegionId: region, organization: { id: o.org } });
    expect(entry.changes).toMatchObject({ name: 'doomed', versions: ['v1.0.0'] });
    expect(await t.prisma.region.count({ where: { id: rawId(region) } })).toBe(0);
  });

  it('is refused with ConflictError while a stack uses the region, deleted stacks included', async () => {
    const o = await newOrg(t, { owner: 'OWNER' });
    const region = await newRegion(t, o.orgId, ['v1.0.0', 'v1.1.0']);
    const stack = rawId(await newStack(t, o.orgId, region, { version: 'v1.0.0' }));
    const live = await expectRefused(t, DELETE_REGION, { regionId: region }, o.email.owner, 'ConflictError');
    expect(live.message).toContain('1 stack(s)');
    await t.prisma.stack.update({ where: { id: stack }, data: { deletedAt: new Date() } });
    await expectRefused(t, DELETE_REGION, { regionId: region }, o.email.owner, 'ConflictError');
    await t.prisma.stack.delete({ where: { id: stack } });
    expect((await runMutation(t, DELETE_REGION, { regionId: region }, o.email.owner)).result.__typename).toBe('DeleteRegionPayload');
  });

  it('is FORBIDDEN without region:write or for a public region, NOT_FOUND for another organization', async () => {
    const region = await newRegion(t, rawId(demo.acme));
    await expectRefused(t, DELETE_REGION, { regionId: region }, BOB, 'ForbiddenError');
    const foreign = await expectRefused(t, DELETE_REGION, { regionId: region }, CAROL, 'NotFoundError');
    expect(foreign.resource).toBe('Region');
    const publicRegion = await newRegion(t, null);
    await expectRefused(t, DELETE_REGION, { regionId: publicRegion }, ALICE, 'ForbiddenError');
    await expectRefused(t, DELETE_REGION, { regionId: publicRegion }, PLATFORM_ADMIN, 'ForbiddenError');
    const anonymous = await t.gql(DELETE_REGION, { input: { regionId: region } });
    expect(errorCodes(anonymous)).toEqual(['UNAUTHENTICATED']);
  });
});
