import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCodes, expectData, type RequestOptions, type TestApp } from '../helpers/app.js';
import { clientToken } from '../helpers/client-tokens.js';
import { addUserTo, ALICE, BOB, CAROL, seedDemo, type Demo } from '../helpers/fixtures.js';
import { rawId } from '../helpers/ids.js';

// Feature flags: Organization.features, addFeatures (skips names already on, CONFLICT when all
// are), removeFeature (NOT_FOUND when the flag is off). One audit entry per success.

const ADD = `mutation($input: AddFeaturesInput!) {
  addFeatures(input: $input) {
    __typename
    ... on AddFeaturesPayload { features { name createdAt } alreadyPresent organization { features { totalCount edges { node { name } } } } }
    ... on Error { code message }
    ... on ValidationError { fields { path message } }
  }
}`;

const REMOVE = `mutation($input: RemoveFeatureInput!) {
  removeFeature(input: $input) {
    __typename
    ... on RemoveFeaturePayload { removedFeatureName organization { features { edges { node { name } } } } }
    ... on Error { code message }
    ... on ValidationError { fields { path message } }
  }
}`;

const LIST = `query($id: ID!) { organization(id: $id) { name features(first: 100) { totalCount edges { cursor node { name createdAt } } } } }`;

let t: TestApp;
let demo: Demo;
let acmeId: string;
beforeAll(async () => {
  t = await createTestApp();
  demo = await seedDemo(t);
  acmeId = rawId(demo.acme);
});
afterAll(() => t.close());

async function addFeatures(names: string[], options: RequestOptions = { as: ALICE }, organizationId = demo.acme) {
  return expectData(await t.gql(ADD, { input: { organizationId, names } }, options)).addFeatures;
}
async function removeFeature(name: string, options: RequestOptions = { as: ALICE }, organizationId = demo.acme) {
  return expectData(await t.gql(REMOVE, { input: { organizationId, name } }, options)).removeFeature;
}
async function flags(): Promise<string[]> {
  return (await t.prisma.feature.findMany({ where: { organizationId: acmeId }, orderBy: { name: 'asc' } })).map((f) => f.name);
}
/** Runs `work` and returns the audit rows it wrote. */
async function auditOf(work: () => Promise<unknown>) {
  const since = new Date(Date.now() - 1);
  const before = new Set((await t.prisma.auditLog.findMany({ select: { id: true } })).map((r) => r.id));
  await work();
  return (await t.prisma.auditLog.findMany({ where: { createdAt: { gte: since } }, orderBy: { createdAt: 'asc' } })).filter((r) => !before.has(r.id));
}

describe('addFeatures', () => {
  it('switches flags on, lists them by name, and writes one audit entry with the names added', async () => {
    let result: any;
    const rows = await auditOf(async () => (result = await addFeatures(['new-ui', 'ledger_v2', 'new-ui'])));
    expect(result.__typename).toBe('AddFeaturesPayload');
    expect(result.features.map((f: any) => f.name)).toEqual(['ledger_v2', 'new-ui']);
    expect(result.alreadyPresent).toEqual([]);
    expect(result.organization.features).toEqual({ totalCount: 2, edges: [{ node: { name: 'ledger_v2' } }, { node: { name: 'new-ui' } }] });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      organizationId: acmeId,
      action: 'feature.add',
      targetType: 'Organization',
      targetId: acmeId,
      actorType: 'USER',
      changes: { added: ['new-ui', 'ledger_v2'], alreadyPresent: [] },
    });

    const list = expectData(await t.gql(LIST, { id: demo.acme }, { as: BOB })).organization.features;
    expect(list.totalCount).toBe(2);
    expect(list.edges.map((e: any) => e.node.name)).toEqual(['ledger_v2', 'new-ui']);
  });

  it('skips names already on and reports them; CONFLICT (and no change, no audit entry) when every name is already on', async () => {
    let partial: any;
    const rows = await auditOf(async () => (partial = await addFeatures(['ledger_v2', 'beta'])));
    expect(partial.features.map((f: any) => f.name)).toEqual(['beta']);
    expect(partial.alreadyPresent).toEqual(['ledger_v2']);
    expect(rows.map((r) => r.changes)).toEqual([{ added: ['beta'], alreadyPresent: ['ledger_v2'] }]);

    let conflict: any;
    const none = await auditOf(async () => (conflict = await addFeatures(['beta', 'ledger_v2'])));
    expect(conflict).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT' });
    expect(none).toEqual([]);
    expect(await flags()).toEqual(['beta', 'ledger_v2', 'new-ui']);
  });

  it('rejects invalid names, empty and oversized lists with field paths, changing nothing', async () => {
    const before = await flags();
    for (const [names, path] of [
      [['Upper'], ['input', 'names', '0']],
      [
        ['ok', 'has space'],
        ['input', 'names', '1'],
      ],
      [['x'.repeat(65)], ['input', 'names', '0']],
      [['_leading'], ['input', 'names', '0']],
      [[''], ['input', 'names', '0']],
      [[], ['input', 'names']],
      [Array.from({ length: 51 }, (_, i) => `flag-${i}`), ['input', 'names']],
    ] as const) {
      let result: any;
      const rows = await auditOf(async () => (result = await addFeatures([...names])));
      expect(result.__typename, JSON.stringify(names)).toBe('ValidationError');
      expect(result.fields.map((f: any) => f.path)).toContainEqual(path);
      expect(rows).toEqual([]);
    }
    expect(await flags()).toEqual(before);
    // The bounds themselves are accepted: 64 characters, 50 names.
    expect((await addFeatures(['a'.repeat(64)])).__typename).toBe('AddFeaturesPayload');
    expect((await addFeatures(Array.from({ length: 50 }, (_, i) => `bulk-${i}`))).features).toHaveLength(50);
  });

  it('admins and clients with feature:write may add; members are FORBIDDEN, other organizations NOT_FOUND, and nothing changes', async () => {
    await addUserTo(t, demo.acme, 'admin@acme.test', 'ADMIN');
    expect((await addFeatures(['by-admin'], { as: 'admin@acme.test' })).__typename).toBe('AddFeaturesPayload');

    let byClient: any;
    const rows = await auditOf(
      async () =>
        (byClient = await addFeatures(['by-client'], { token: await clientToken(t, acmeId, ['organization:read', 'feature:read', 'feature:write']) })),
    );
    expect(byClient.__typename).toBe('AddFeaturesPayload');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.actorType).toBe('CLIENT');

    const before = await flags();
    const denied = await auditOf(async () => {
      expect(await addFeatures(['by-bob'], { as: BOB })).toMatchObject({ __typename: 'ForbiddenError', code: 'FORBIDDEN' });
      expect(await addFeatures(['by-carol'], { as: CAROL })).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
      expect(await addFeatures(['by-client'], { token: await clientToken(t, acmeId, ['organization:read', 'feature:read']) })).toMatchObject({
        __typename: 'ForbiddenError',
      });
    });
    expect(denied).toEqual([]);
    expect(await flags()).toEqual(before);
  });
});

describe('removeFeature', () => {
  it('switches a flag off with one audit entry; NOT_FOUND (no entry) when it is not on', async () => {
    await addFeatures(['to-remove']);
    let result: any;
    const rows = await auditOf(async () => (result = await removeFeature('to-remove')));
    expect(result.__typename).toBe('RemoveFeaturePayload');
    expect(result.removedFeatureName).toBe('to-remove');
    expect(result.organization.features.edges.map((e: any) => e.node.name)).not.toContain('to-remove');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: 'feature.remove', targetType: 'Organization', targetId: acmeId, changes: { removed: 'to-remove' } });

    const again = await auditOf(async () => (result = await removeFeature('to-remove')));
    expect(result).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
    expect(again).toEqual([]);
  });

  it('validates the name, and is FORBIDDEN for members and NOT_FOUND for other organizations', async () => {
    expect((await removeFeature('Not Valid')).__typename).toBe('ValidationError');
    expect((await removeFeature('beta', { as: BOB })).__typename).toBe('ForbiddenError');
    expect((await removeFeature('beta', { as: CAROL })).__typename).toBe('NotFoundError');
    expect(await flags()).toContain('beta');
  });
});

describe('Organization.features', () => {
  it('pages by name with cursors', async () => {
    const page = expectData(
      await t.gql(
        `query($id: ID!) { organization(id: $id) { features(first: 2) { pageInfo { hasNextPage endCursor } edges { node { name } } } } }`,
        { id: demo.acme },
        { as: BOB },
      ),
    ).organization.features;
    expect(page.edges).toHaveLength(2);
    expect(page.pageInfo.hasNextPage).toBe(true);
    const next = expectData(
      await t.gql(
        `query($id: ID!, $after: String) { organization(id: $id) { features(first: 2, after: $after) { edges { node { name } } } } }`,
        { id: demo.acme, after: page.pageInfo.endCursor },
        { as: BOB },
      ),
    ).organization.features;
    const all = await flags();
    expect([...page.edges, ...next.edges].map((e: any) => e.node.name)).toEqual(all.slice(0, 4));
  });

  it('tells the viewer whether it may remove a flag', async () => {
    const query = `query($id: ID!) { organization(id: $id) { features(first: 1) { edges { node { viewerCan { remove } } } } } }`;
    const can = async (as: string) => expectData(await t.gql(query, { id: demo.acme }, { as })).organization.features.edges[0].node.viewerCan.remove;
    expect(await can(ALICE)).toBe(true);
    expect(await can(BOB)).toBe(false);
  });

  it('is null with FORBIDDEN for a guest (no feature:read), and the organization is NOT_FOUND for another organization’s user', async () => {
    await addUserTo(t, demo.acme, 'guest@acme.test', 'GUEST');
    const guest = await t.gql(LIST, { id: demo.acme }, { as: 'guest@acme.test' });
    expect(guest.data?.organization).toMatchObject({ name: 'Acme', features: null });
    expect(errorCodes(guest)).toEqual(['FORBIDDEN']);
    const carol = await t.gql(LIST, { id: demo.acme }, { as: CAROL });
    expect(carol.data?.organization ?? null).toBeNull();
    expect(errorCodes(carol)).toEqual(['NOT_FOUND']);
  });
});
