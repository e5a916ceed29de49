import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodes, expectData, type TestApp } from '../helpers/app.js';
import { createDemoApp, type Demo } from '../helpers/fixtures.js';

let t: TestApp;
let demo: Demo;
beforeAll(async () => ({ t, demo } = await createDemoApp()));
afterAll(() => t.close());

describe('organizations', () => {
  it('lists the caller’s organizations with members and invitations in one request', async () => {
    const data = expectData(
      await t.gql(
        `{ organizations { totalCount edges { node { name viewerMember { role } members { totalCount edges { node { role user { email } } } } invitations { edges { node { email status invitedBy { email } } } } } } } }`,
        {},
        { as: 'alice@acme.test' },
      ),
    );
    expect(data.organizations.totalCount).toBe(1);
    const acme = data.organizations.edges[0].node;
    expect(acme.name).toBe('Acme');
    expect(acme.viewerMember.role).toBe('OWNER');
    expect(acme.members.edges.map((e: any) => e.node.user.email)).toEqual(['alice@acme.test', 'bob@acme.test']);
    expect(acme.invitations.edges[0].node).toEqual({ email: 'dave@example.test', status: 'PENDING', invitedBy: { email: 'alice@acme.test' } });
  });

  it('creates an organization whose creator is the owner, with one audit entry', async () => {
    const result = await t.gql(
      `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { __typename ... on CreateOrganizationPayload { organization { id name viewerMember { role } } } } }`,
      { input: { name: '  Initech ', description: 'Printers' } },
      { as: 'dave@example.test' },
    );
    const payload = expectData(result).createOrganization;
    expect(payload.organization.name).toBe('Initech');
    expect(payload.organization.viewerMember.role).toBe('OWNER');
    const entries = await t.prisma.auditLog.findMany({ where: { action: 'organization.create' } });
    expect(entries).toHaveLength(1);
  });

  it('rejects an empty name with a typed validation error and changes nothing', async () => {
    const before = await t.prisma.organization.count();
    const result = await t.gql(
      `mutation { createOrganization(input: { name: "  " }) { __typename ... on ValidationError { code fields { path message } } } }`,
      {},
      { as: 'dave@example.test' },
    );
    const payload = expectData(result).createOrganization;
    expect(payload.__typename).toBe('ValidationError');
    expect(payload.code).toBe('BAD_USER_INPUT');
    expect(payload.fields[0].path).toEqual(['input', 'name']);
    expect(await t.prisma.organization.count()).toBe(before);
  });

  it('answers NOT_FOUND for another organization, by id and by node', async () => {
    const byId = await t.gql(`query($id: ID!) { organization(id: $id) { name } }`, { id: demo.globex }, { as: 'alice@acme.test' });
    expect(errorCodes(byId)).toEqual(['NOT_FOUND']);
    const byNode = await t.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: demo.globex }, { as: 'alice@acme.test' });
    expect(byNode.data?.node ?? null).toBeNull();
    expect(errorCodes(byNode)).toEqual(['NOT_FOUND']);
  });

  it('rejects a forged token with UNAUTHENTICATED instead of treating it as anonymous', async () => {
    const result = await t.gql(`{ me { email } }`, {}, { token: 'x.y.z' });
    expect(result.status).toBe(401);
    expect(errorCodes(result)).toEqual(['UNAUTHENTICATED']);
  });
});
