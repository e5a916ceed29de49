import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCodes, expectData, type RequestOptions, type TestApp } from '../helpers/app.js';
import { clientToken } from '../helpers/client-tokens.js';
import { addUserTo, ALICE, BOB, CAROL, seedDemo, type Demo } from '../helpers/fixtures.js';
import { gid, rawId } from '../helpers/ids.js';

// Licenses come from billing (set up directly here); owners assign and unassign them. No license
// means the free plan; deployments are the license's.

const ASSIGN = `mutation($input: AssignLicenseInput!) {
  assignLicense(input: $input) {
    __typename
    ... on AssignLicensePayload { license { id plan seats expired deployments { totalCount } organization { name } } organization { plan license { id } } }
    ... on Error { code message }
  }
}`;

const UNASSIGN = `mutation($input: OrganizationIdInput!) {
  unassignLicense(input: $input) {
    __typename
    ... on UnassignLicensePayload { unassignedLicenseId organization { plan license { id } deployments { totalCount } } }
    ... on Error { code message }
  }
}`;

const READ = `query($id: ID!) {
  organization(id: $id) {
    name
    plan
    license { id plan seats expiresAt expired createdAt }
    deployments(first: 10) { totalCount edges { node { id name environment url createdAt license { plan } } } }
  }
}`;

let t: TestApp;
let demo: Demo;
let acmeId: string;
let globexId: string;

beforeAll(async () => {
  t = await createTestApp();
  demo = await seedDemo(t);
  acmeId = rawId(demo.acme);
  globexId = rawId(demo.globex);
  await addUserTo(t, demo.acme, 'admin@acme.test', 'ADMIN');
  await addUserTo(t, demo.acme, 'guest@acme.test', 'GUEST');
});
afterAll(() => t.close());

/** A license as billing issues it, with deployments; optionally already serving an organization. */
async function newLicense(options: { plan?: string; seats?: number | null; expiresAt?: Date | null; deployments?: string[]; organizationId?: string } = {}) {
  const license = await t.prisma.license.create({
    data: {
      plan: options.plan ?? 'enterprise',
      seats: options.seats ?? null,
      expiresAt: options.expiresAt ?? null,
      deployments: {
        create: (options.deployments ?? []).map((name, i) => ({
          name,
          environment: i === 0 ? 'production' : 'staging',
          url: `https://${name}.example.test`,
          createdAt: new Date(Date.now() + i),
        })),
      },
    },
  });
  if (options.organizationId) await t.prisma.organization.update({ where: { id: options.organizationId }, data: { licenseId: license.id } });
  return { id: license.id, gid: gid('License', license.id) };
}

async function assign(licenseId: string, options: RequestOptions = { as: ALICE }, organizationId = demo.acme) {
  return expectData(await t.gql(ASSIGN, { input: { organizationId, licenseId } }, options)).assignLicense;
}
async function unassign(options: RequestOptions = { as: ALICE }, organizationId = demo.acme) {
  return expectData(await t.gql(UNASSIGN, { input: { organizationId } }, options)).unassignLicense;
}
const licenseOfAcme = async () => (await t.prisma.organization.findUniqueOrThrow({ where: { id: acmeId } })).licenseId;
const auditCount = () => t.prisma.auditLog.count();
const lastAudit = () => t.prisma.auditLog.findFirstOrThrow({ orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });

describe('the free plan', () => {
  it('is what an organization without a license runs on: no license, plan "free", no deployments', async () => {
    const org = expectData(await t.gql(READ, { id: demo.acme }, { as: BOB })).organization;
    expect(org).toMatchObject({ plan: 'free', license: null, deployments: { totalCount: 0, edges: [] } });
  });
});

describe('assignLicense', () => {
  it('assigns a license: the organization shows it, its plan and deployments; one audit entry license.assign', async () => {
    const license = await newLicense({ plan: 'enterprise', seats: 25, deployments: ['eu-prod', 'eu-staging'] });
    const before = await auditCount();
    const result = await assign(license.gid);
    expect(result).toMatchObject({
      __typename: 'AssignLicensePayload',
      license: { id: license.gid, plan: 'enterprise', seats: 25, expired: false, deployments: { totalCount: 2 }, organization: { name: 'Acme' } },
      organization: { plan: 'enterprise', license: { id: license.gid } },
    });
    expect(await auditCount()).toBe(before + 1);
    expect(await lastAudit()).toMatchObject({
      organizationId: acmeId,
      action: 'license.assign',
      targetType: 'Organization',
      targetId: acmeId,
      changes: { licenseId: { from: null, to: license.id } },
    });

    // Members read it (license:read), with the deployments in order.
    const org = expectData(await t.gql(READ, { id: demo.acme }, { as: BOB })).organization;
    expect(org.plan).toBe('enterprise');
    expect(org.license).toMatchObject({ id: license.gid, plan: 'enterprise', seats: 25, expiresAt: null, expired: false });
    expect(org.deployments.totalCount).toBe(2);
    expect(org.deployments.edges.map((e: any) => [e.node.name, e.node.environment, e.node.url, e.node.license.plan])).toEqual([
      ['eu-prod', 'production', 'https://eu-prod.example.test', 'enterprise'],
      ['eu-staging', 'staging', 'https://eu-staging.example.test', 'enterprise'],
    ]);
  });

  it('replaces the license the organization had (audit from → to); the old one is then visible to nobody', async () => {
    const old = await licenseOfAcme();
    const replacement = await newLicense({ plan: 'team', deployments: ['team-prod'] });
    expect((await assign(replacement.gid)).organization).toEqual({ plan: 'team', license: { id: replacement.gid } });
    expect((await lastAudit()).changes).toEqual({ licenseId: { from: old, to: replacement.id }, plan: 'team' });
    const node = await t.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: gid('License', old!) }, { as: ALICE });
    expect(errorCodes(node)).toEqual(['NOT_FOUND']);
    expect((await t.prisma.license.findUniqueOrThrow({ where: { id: old! }, include: { organization: true } })).organization).toBeNull();
  });

  it('refuses, changing nothing and writing no audit entry: a license of another organization, the one it has, an expired one (CONFLICT), an unknown one (NOT_FOUND)', async () => {
    const current = await licenseOfAcme();
    const globexLicense = await newLicense({ organizationId: globexId });
    const expired = await newLicense({ expiresAt: new Date(Date.now() - 1000) });
    const before = await auditCount();
    expect(await assign(globexLicense.gid)).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT' });
    expect(await assign(gid('License', current!))).toMatchObject({ __typename: 'ConflictError', message: expect.stringContaining('already has') });
    expect(await assign(expired.gid)).toMatchObject({ __typename: 'ConflictError', message: expect.stringContaining('expired') });
    expect(await assign(gid('License', randomUUID()))).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
    // Not a License id at all: rejected before anything runs.
    expect(errorCodes(await t.gql(ASSIGN, { input: { organizationId: demo.acme, licenseId: demo.globex } }, { as: ALICE }))).toEqual(['BAD_USER_INPUT']);
    expect(await auditCount()).toBe(before);
    expect(await licenseOfAcme()).toBe(current);
    expect((await t.prisma.organization.findUniqueOrThrow({ where: { id: globexId } })).licenseId).toBe(globexLicense.id);
  });

  it('needs license:write: admins and members are FORBIDDEN, other organizations NOT_FOUND; a client with the scope may', async () => {
    const current = await licenseOfAcme();
    const spare = await newLicense();
    const before = await auditCount();
    expect((await assign(spare.gid, { as: 'admin@acme.test' })).__typename).toBe('ForbiddenError');
    expect((await assign(spare.gid, { as: BOB })).__typename).toBe('ForbiddenError');
    expect((await assign(spare.gid, { as: CAROL })).__typename).toBe('NotFoundError');
    expect((await assign(spare.gid, { token: await clientToken(t, globexId, ['organization:read', 'license:write']) })).__typename).toBe('NotFoundError');
    expect(await auditCount()).toBe(before);
    expect(await licenseOfAcme()).toBe(current);

    const client = { token: await clientToken(t, acmeId, ['organization:read', 'license:read', 'license:write']) };
    expect((await assign(spare.gid, client)).__typename).toBe('AssignLicensePayload');
    expect(await lastAudit()).toMatchObject({ action: 'license.assign', actorType: 'CLIENT' });
  });
});

describe('unassignLicense', () => {
  it('puts the organization on the free plan with one audit entry; CONFLICT (no entry) when it has none', async () => {
    const current = (await licenseOfAcme())!;
    const result = await unassign();
    expect(result).toEqual({
      __typename: 'UnassignLicensePayload',
      unassignedLicenseId: gid('License', current),
      organization: { plan: 'free', license: null, deployments: { totalCount: 0 } },
    });
    expect(await lastAudit()).toMatchObject({
      action: 'license.unassign',
      targetType: 'Organization',
      targetId: acmeId,
      changes: { licenseId: { from: current, to: null } },
    });

    const before = await auditCount();
    expect(await unassign()).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT' });
    expect(await auditCount()).toBe(before);
  });

  it('needs license:write (FORBIDDEN for admins) and is NOT_FOUND for other organizations', async () => {
    await newLicense({ organizationId: acmeId });
    expect((await unassign({ as: 'admin@acme.test' })).__typename).toBe('ForbiddenError');
    expect((await unassign({ as: CAROL })).__typename).toBe('NotFoundError');
    expect(await licenseOfAcme()).not.toBeNull();
  });
});

describe('reading licenses', () => {
  it('an expired license still shows, but the plan falls back to free', async () => {
    const id = (await licenseOfAcme())!;
    await t.prisma.license.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const org = expectData(await t.gql(READ, { id: demo.acme }, { as: BOB })).organization;
    expect(org).toMatchObject({ plan: 'free', license: { id: gid('License', id), expired: true } });
    await t.prisma.license.update({ where: { id }, data: { expiresAt: null } });
  });

  it('tells the viewer whether it may unassign the license: owners yes, admins and members no', async () => {
    const query = `query($id: ID!) { organization(id: $id) { license { viewerCan { unassign } } } }`;
    const can = async (as: string) => expectData(await t.gql(query, { id: demo.acme }, { as })).organization.license.viewerCan.unassign;
    expect(await can(ALICE)).toBe(true);
    expect(await can('admin@acme.test')).toBe(false);
    expect(await can(BOB)).toBe(false);
  });

  it('guests (no license:read) get null with FORBIDDEN for license, plan and deployments, and keep the organization', async () => {
    const response = await t.gql(READ, { id: demo.acme }, { as: 'guest@acme.test' });
    expect(response.data?.organization).toEqual({ name: 'Acme', plan: null, license: null, deployments: null });
    expect(errorCodes(response)).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN']);
  });

  it('node(id) of a license or deployment: the organization’s readers see it, others get NOT_FOUND, guests FORBIDDEN', async () => {
    const license = await newLicense({ deployments: ['node-prod'], organizationId: globexId });
    const deployment = await t.prisma.deployment.findFirstOrThrow({ where: { licenseId: license.id } });
    const NODE = `query($id: ID!) { node(id: $id) { id ... on License { plan } ... on Deployment { name } } }`;
    expect(expectData(await t.gql(NODE, { id: license.gid }, { as: CAROL })).node).toEqual({ id: license.gid, plan: 'enterprise' });
    expect(expectData(await t.gql(NODE, { id: gid('Deployment', deployment.id) }, { as: CAROL })).node).toEqual({
      id: gid('Deployment', deployment.id),
      name: 'node-prod',
    });
    for (const id of [license.gid, gid('Deployment', deployment.id)]) {
      expect(errorCodes(await t.gql(NODE, { id }, { as: ALICE }))).toEqual(['NOT_FOUND']);
    }
    await addUserTo(t, demo.globex, 'guest@globex.test', 'GUEST');
    expect(errorCodes(await t.gql(NODE, { id: license.gid }, { as: 'guest@globex.test' }))).toEqual(['FORBIDDEN']);
  });
});
