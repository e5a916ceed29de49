import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { measure } from '../helpers/statement-counts.js';
import { signIn } from '../helpers/users.js';

// SSO provider, discovered groups and domains (with their SCIM logs) of every organization in
// one request: a fixed number of SQL statements however many organizations there are.

const QUERY = `{ organizations(first: 30) { edges { node { name
  authProvider { type name oidcClientSecretSet viewerCan { update delete } }
  externalGroups { totalCount edges { node { externalId name group { name } viewerCan { map unmap } } } }
  domains { totalCount edges { node { domain verified verificationRecord { name value } scimLogs(first: 5) { totalCount edges { node { method status } } } viewerCan { update verify delete } } } } } } } }`;

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  for (const [viewer, count] of [
    ['three@sso.test', 3],
    ['twelve@sso.test', 12],
  ] as const) {
    const user = await t.prisma.user.create({ data: { email: viewer, name: viewer } });
    for (let i = 0; i < count; i++) {
      const organization = await t.prisma.organization.create({ data: { name: `${viewer} ${i}`, members: { create: { userId: user.id, role: 'OWNER' } } } });
      const organizationId = organization.id;
      const group = await t.prisma.group.create({ data: { organizationId, name: 'Engineering' } });
      await t.prisma.authProvider.create({
        data: { organizationId, type: 'OIDC', name: 'IdP', oidcIssuer: 'https://idp.test', oidcClientId: 'c', oidcClientSecret: 's' },
      });
      await t.prisma.externalGroup.createMany({
        data: [
          { organizationId, externalId: 'eng', name: 'eng', groupId: group.id },
          { organizationId, externalId: 'ops', name: 'ops' },
        ],
      });
      for (const name of ['a', 'b']) {
        const domain = await t.prisma.domain.create({
          data: { organizationId, domain: `${name}${i}.${viewer.split('@')[0]}.test`, verificationChallenge: 'x', verifiedAt: new Date() },
        });
        await t.prisma.scimLog.createMany({ data: [1, 2, 3].map((k) => ({ domainId: domain.id, method: 'POST', path: '/Users', status: 200 + k })) });
      }
    }
    await signIn(t, viewer); // first sight, outside the counts
  }
});
afterAll(() => t.close());

describe('SSO and domains under a list of organizations', () => {
  it('cost the same statements for 3 and for 12 organizations', async () => {
    const counts = [];
    for (const viewer of ['three@sso.test', 'twelve@sso.test']) {
      const { data, count } = await measure(t, QUERY, viewer);
      for (const { node } of data.organizations.edges) {
        expect(node.authProvider).toMatchObject({ type: 'OIDC', oidcClientSecretSet: true });
        expect(node.externalGroups.totalCount).toBe(2);
        expect(node.domains.edges.map((e: any) => e.node.scimLogs.totalCount)).toEqual([3, 3]);
      }
      counts.push(count);
    }
    expect(counts[1]).toBe(counts[0]);
  });
});
