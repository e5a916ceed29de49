import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../src/db/seed.js';
import { createTestApp, expectData, type TestApp } from '../helpers/app.js';
import { ALICE, BOB } from '../helpers/fixtures.js';

// What `npm start` seeds into an empty database: the people and organizations, and a little of
// every domain, so a newcomer sees each part of the graph in GraphiQL.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  expect(await seedDemoData(t.prisma)).toBe(true);
});
afterAll(() => t.close());

const EVERYTHING = `{ organizations { edges { node { name
  stacks(includeDeleted: true) { totalCount edges { node { name version deletedAt modules { name } region { name } } } }
  regions { totalCount } applications { totalCount } features { totalCount } plan license { plan } deployments { totalCount }
  authProvider { type } domains { totalCount } externalGroups { totalCount } integrations { totalCount } legalDocuments { totalCount }
  auditLogs { totalCount } } } } }`;

describe('demo data', () => {
  it('gives Acme a little of every domain, readable by its owner', async () => {
    const data = expectData(await t.gql(EVERYTHING, {}, { as: ALICE }));
    const acme = data.organizations.edges.find((e: any) => e.node.name === 'Acme').node;
    expect(acme.stacks.totalCount).toBeGreaterThanOrEqual(2);
    expect(acme.stacks.edges.some((e: any) => e.node.deletedAt)).toBe(true);
    expect(acme.stacks.edges.every((e: any) => e.node.modules.length > 0 && e.node.region)).toBe(true);
    expect(acme.regions.totalCount).toBeGreaterThanOrEqual(3);
    expect(acme.applications.totalCount).toBeGreaterThanOrEqual(1);
    expect(acme.features.totalCount).toBeGreaterThanOrEqual(1);
    expect(acme.plan).not.toBe('free');
    expect(acme.license).not.toBeNull();
    expect(acme.deployments.totalCount).toBeGreaterThanOrEqual(1);
    expect(acme.authProvider).toEqual({ type: 'OIDC' });
    expect(acme.domains.totalCount).toBeGreaterThanOrEqual(1);
    expect(acme.externalGroups.totalCount).toBeGreaterThanOrEqual(1);
    expect(acme.integrations.totalCount).toBeGreaterThanOrEqual(1);
  });

  it('shows a member what its scopes allow and the rest as FORBIDDEN, never an error for the whole query', async () => {
    const response = await t.gql(
      `{ organizations { edges { node { name stacks { totalCount } features { totalCount } domains { totalCount } } } } }`,
      {},
      { as: BOB },
    );
    const acme = response.data.organizations.edges[0].node;
    expect(acme.stacks.totalCount).toBeGreaterThanOrEqual(1);
    expect(acme.features.totalCount).toBeGreaterThanOrEqual(1);
    expect(acme.domains).toBeNull();
    expect(response.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });
});
