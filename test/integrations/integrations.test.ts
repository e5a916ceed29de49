import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCodes, expectData, type TestApp } from '../helpers/app.js';
import { clientToken } from '../helpers/client-tokens.js';
import { expectReadDenied } from '../helpers/denied.js';
import { gid, rawId } from '../helpers/ids.js';
import { expectAuditedMutation, expectRefusedWith, FAILURE, runMutation } from '../helpers/mutations.js';
import { snapshotOf } from '../helpers/no-change.js';
import { newOrg, type TestOrg } from '../helpers/orgs.js';
import { userIdOf } from '../helpers/users.js';

// Organization integrations: created by their installation flows (outside this API), so the
// tests insert them directly; listed, read, disconnected and re-mapped through GraphQL.

const FIELDS = `id kind displayName createdBy { email } environmentMapping environmentMappingEntries { externalEnvironment environment } createdAt updatedAt organization { id } viewerCan { delete updateEnvironmentMapping }`;
const LIST = `query($id: ID!, $kind: String) { organization(id: $id) { integrations(kind: $kind) { totalCount edges { node { ${FIELDS} } } } } }`;
const READ = `query($id: ID!) { integration(id: $id) { ${FIELDS} } }`;
const NODE = `query($id: ID!) { node(id: $id) { id ... on Integration { kind } } }`;
const DELETE = `mutation($input: IntegrationIdInput!) { result: deleteIntegration(input: $input) { __typename ${FAILURE} ... on DeleteIntegrationPayload { deletedIntegrationId organization { id integrations { totalCount } } } } }`;
const MAP = `mutation($input: UpdateIntegrationEnvironmentMappingInput!) { result: updateIntegrationEnvironmentMapping(input: $input) { __typename ${FAILURE} ... on UpdateIntegrationEnvironmentMappingPayload { integration { ${FIELDS} } } } }`;

let t: TestApp;
let o: TestOrg;
let other: TestOrg;
beforeAll(async () => {
  t = await createTestApp();
  o = await newOrg(t, { owner: 'OWNER', admin: 'ADMIN', member: 'MEMBER' });
  other = await newOrg(t, { owner: 'OWNER' });
});
afterAll(() => t.close());

let minutes = 0;
let installer: string | null = null;
/** An installed integration, as its installation flow would write it (with secret settings). */
async function installed(organizationId: string, kind = 'vercel', environmentMapping: Record<string, unknown> = {}): Promise<string> {
  const integration = await t.prisma.integration.create({
    data: {
      organizationId,
      kind,
      displayName: `${kind} ${++minutes}`,
      config: { accessToken: 'secret-token', teamId: 'team_1' },
      createdById: installer,
      environmentMapping: environmentMapping as object,
      createdAt: new Date(Date.UTC(2026, 0, 1, 0, minutes)),
    },
  });
  return gid('Integration', integration.id);
}

/** A refused mutation: the typed error, and no integration row or audit entry changed. */
const expectRefused = expectRefusedWith(snapshotOf(['integration']));

describe('Organization.integrations, integration(id) and node(id)', () => {
  it('lists the organization’s integrations newest first, filters by kind, and never exposes their settings', async () => {
    const org = await newOrg(t, { owner: 'OWNER' });
    installer = await userIdOf(t, org.email.owner!);
    const vercel = await installed(org.orgId, 'vercel', { production: 'prod-stack', preview: 'staging' });
    installer = null;
    const aws = await installed(org.orgId, 'aws-marketplace');
    await installed(other.orgId);

    const list = expectData(await t.gql(LIST, { id: org.org }, { as: org.email.owner })).organization.integrations;
    expect(list.totalCount).toBe(2);
    expect(list.edges.map((e: any) => e.node.id)).toEqual([aws, vercel]);
    expect(list.edges[0].node.createdBy).toBeNull();
    expect(list.edges[1].node).toMatchObject({
      kind: 'vercel',
      createdBy: { email: org.email.owner },
      environmentMapping: { production: 'prod-stack', preview: 'staging' },
      environmentMappingEntries: [
        { externalEnvironment: 'preview', environment: 'staging' },
        { externalEnvironment: 'production', environment: 'prod-stack' },
      ],
      organization: { id: org.org },
      viewerCan: { delete: true, updateEnvironmentMapping: true },
    });

    const vercelOnly = expectData(await t.gql(LIST, { id: org.org, kind: 'vercel' }, { as: org.email.owner })).organization.integrations;
    expect(vercelOnly.edges.map((e: any) => e.node.id)).toEqual([vercel]);

    const fields = expectData(await t.gql(`{ __type(name: "Integration") { fields { name } } }`)).__type.fields.map((f: any) => f.name);
    expect(fields).not.toContain('config');
  });

  it('reads one integration by id and through node(id)', async () => {
    const id = await installed(o.orgId);
    expect(expectData(await t.gql(READ, { id }, { as: o.email.admin })).integration).toMatchObject({ id, kind: 'vercel', environmentMapping: {} });
    expect(expectData(await t.gql(NODE, { id }, { as: o.email.owner })).node).toEqual({ id, kind: 'vercel' });
  });

  it('answers NOT_FOUND to another organization’s owner, and FORBIDDEN to a member without integration:read', async () => {
    const id = await installed(o.orgId);
    const paths = { object: [READ, { id }], objectField: 'integration', node: [NODE, { id }], list: [LIST, { id: o.org }], listField: 'integrations' } as const;
    await expectReadDenied(t, paths, { outsider: other.email.owner!, member: o.email.member! });
  });

  it('serves a service client holding integration:read, with viewerCan false for writes', async () => {
    const id = await installed(o.orgId);
    const token = await clientToken(t, o.orgId, ['organization:read', 'integration:read']);
    expect(expectData(await t.gql(READ, { id }, { token })).integration.viewerCan).toEqual({ delete: false, updateEnvironmentMapping: false });
  });

  it('lists the integrations of many organizations in a fixed number of statements', async () => {
    const few = await newOrg(t, { owner: 'OWNER' });
    installer = await userIdOf(t, few.email.owner!);
    await installed(few.orgId);
    const many = await newOrg(t, { owner: 'OWNER', admin: 'ADMIN' });
    const installers = [await userIdOf(t, many.email.owner!), await userIdOf(t, many.email.admin!)];
    for (let i = 0; i < 8; i++) {
      installer = installers[i % 2]!;
      await installed(many.orgId);
    }
    installer = null;
    const count = async (org: TestOrg) => (await t.counter.during(async () => expectData(await t.gql(LIST, { id: org.org }, { as: org.email.owner })))).count;
    expect(await count(many)).toBe(await count(few));
  });
});

describe('updateIntegrationEnvironmentMapping', () => {
  it('replaces the mapping, stores it as one JSON object, and audits from and to', async () => {
    const id = await installed(o.orgId, 'vercel', { production: 'old' });
    const { result, entry } = await expectAuditedMutation(
      t,
      MAP,
      {
        integrationId: id,
        environmentMapping: [
          { externalEnvironment: ' production ', environment: 'prod-stack' },
          { externalEnvironment: 'preview', environment: 'staging' },
        ],
      },
      o.email.admin!,
      {
        payload: 'UpdateIntegrationEnvironmentMappingPayload',
        action: 'integration.environment_mapping.update',
        organizationId: o.orgId,
        targetType: 'Integration',
        targetId: rawId(id),
      },
    );
    expect(result.integration.environmentMappingEntries).toEqual([
      { externalEnvironment: 'preview', environment: 'staging' },
      { externalEnvironment: 'production', environment: 'prod-stack' },
    ]);
    const row = await t.prisma.integration.findUniqueOrThrow({ where: { id: rawId(id) }, omit: { config: false } });
    expect(row.environmentMapping).toEqual({ production: 'prod-stack', preview: 'staging' });
    // The settings are untouched.
    expect(row.config).toEqual({ accessToken: 'secret-token', teamId: 'team_1' });
    expect(entry.changes).toEqual({ environmentMapping: { from: { production: 'old' }, to: { production: 'prod-stack', preview: 'staging' } } });
  });

  it('clears the mapping with an empty list', async () => {
    const id = await installed(o.orgId, 'vercel', { production: 'prod' });
    const { result } = await runMutation(t, MAP, { integrationId: id, environmentMapping: [] }, o.email.owner);
    expect(result.integration.environmentMapping).toEqual({});
  });

  it('refuses empty or long names, a repeated external environment and more than 50 entries, changing nothing', async () => {
    const id = await installed(o.orgId, 'vercel', { production: 'prod' });
    const long = 'x'.repeat(101);
    const bad = await expectRefused(
      t,
      MAP,
      {
        integrationId: id,
        environmentMapping: [
          { externalEnvironment: ' ', environment: 'a' },
          { externalEnvironment: 'b', environment: long },
          { externalEnvironment: 'b', environment: 'c' },
        ],
      },
      o.email.owner!,
      'ValidationError',
    );
    expect(bad.fields.map((f: any) => f.path)).toEqual([
      ['input', 'environmentMapping', '0', 'externalEnvironment'],
      ['input', 'environmentMapping', '1', 'environment'],
      ['input', 'environmentMapping', '2', 'externalEnvironment'],
    ]);
    const tooMany = Array.from({ length: 51 }, (_, i) => ({ externalEnvironment: `e${i}`, environment: 'x' }));
    const many = await expectRefused(t, MAP, { integrationId: id, environmentMapping: tooMany }, o.email.owner!, 'ValidationError');
    expect(many.fields).toEqual([{ path: ['input', 'environmentMapping'], message: 'must have at most 50 entries' }]);
  });

  it('is NOT_FOUND for another organization and FORBIDDEN without integration:write', async () => {
    const id = await installed(o.orgId);
    const input = { integrationId: id, environmentMapping: [{ externalEnvironment: 'production', environment: 'x' }] };
    await expectRefused(t, MAP, input, other.email.owner!, 'NotFoundError');
    await expectRefused(t, MAP, input, o.email.member!, 'ForbiddenError');
    await expectRefused(t, MAP, input, { token: await clientToken(t, o.orgId, ['organization:read', 'integration:read']) }, 'ForbiddenError');
  });
});

describe('deleteIntegration', () => {
  it('disconnects the integration with one audit entry', async () => {
    const id = await installed(o.orgId, 'aws-marketplace');
    const before = expectData(await t.gql(LIST, { id: o.org }, { as: o.email.owner })).organization.integrations.totalCount;
    const { result, entry } = await expectAuditedMutation(t, DELETE, { integrationId: id }, o.email.admin!, {
      payload: 'DeleteIntegrationPayload',
      action: 'integration.delete',
      organizationId: o.orgId,
      targetType: 'Integration',
      targetId: rawId(id),
    });
    expect(result).toMatchObject({ deletedIntegrationId: id, organization: { id: o.org, integrations: { totalCount: before - 1 } } });
    expect(entry.changes).toMatchObject({ kind: 'aws-marketplace' });
    expect(await t.prisma.integration.count({ where: { id: rawId(id) } })).toBe(0);
    expect(errorCodes(await t.gql(READ, { id }, { as: o.email.owner }))).toEqual(['NOT_FOUND']);
    // Gone is gone: a second delete finds nothing.
    await expectRefused(t, DELETE, { integrationId: id }, o.email.owner!, 'NotFoundError');
  });

  it('lets a service client with integration:write disconnect', async () => {
    const id = await installed(o.orgId);
    // integration:read too, for the payload's organization.integrations.
    const token = await clientToken(t, o.orgId, ['organization:read', 'integration:read', 'integration:write']);
    expect(expectData<any>(await t.gql(DELETE, { input: { integrationId: id } }, { token })).result.__typename).toBe('DeleteIntegrationPayload');
  });

  it('is NOT_FOUND for another organization and FORBIDDEN for a member', async () => {
    const id = await installed(o.orgId);
    await expectRefused(t, DELETE, { integrationId: id }, other.email.owner!, 'NotFoundError');
    await expectRefused(t, DELETE, { integrationId: id }, o.email.member!, 'ForbiddenError');
  });
});
