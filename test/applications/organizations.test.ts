import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodes, expectData, PLATFORM_ADMIN, type TestApp } from '../helpers/app.js';
import { clientToken } from '../helpers/client-tokens.js';
import { ALICE, BOB, CAROL, createDemoAppWithAdmin } from '../helpers/fixtures.js';
import { expectAuditedMutation } from '../helpers/mutations.js';
import { newOrg } from '../helpers/orgs.js';
import { raceTitle } from '../helpers/race.js';
import { DELETE_APPLICATION, DISABLE, ENABLE, expectRefused, newApplication } from './support.js';

let t: TestApp;
beforeAll(async () => {
  // Its list of 50 organizations with nested pages costs more than MAX_QUERY_COST allows by default.
  ({ t } = await createDemoAppWithAdmin({ MAX_QUERY_COST: '1000000' }));
});
afterAll(() => t.close());

const ENABLED = `query($id: ID!, $app: ID!) { organization(id: $id) {
  viewerCanManageApplications
  applications { totalCount edges { enabledAt node { id alias scopes { totalCount } } } }
  application(id: $app) { id alias }
} }`;

describe('enableApplication, disableApplication', () => {
  it('an admin enables an application with one audit entry of the organization; again is CONFLICT', async () => {
    const o = await newOrg(t, { owner: 'OWNER', admin: 'ADMIN' });
    const app = await newApplication(t, { scopes: ['a:read'] });
    const { result, entry } = await expectAuditedMutation(t, ENABLE, { organizationId: o.org, applicationId: app.id }, o.email.admin!, {
      payload: 'EnableApplicationPayload',
      action: 'application.enable',
      organizationId: o.orgId,
      targetType: 'Application',
      targetId: app.rawId,
    });
    expect(result).toMatchObject({
      organization: { id: o.org, applications: { totalCount: 1, edges: [{ node: { id: app.id } }] } },
      application: { id: app.id },
    });
    expect(entry.changes).toEqual({ alias: app.alias });
    await expectRefused(t, ENABLE, { organizationId: o.org, applicationId: app.id }, o.email.owner!, 'ConflictError');

    const read = expectData(await t.gql(ENABLED, { id: o.org, app: app.id }, { as: o.email.admin! })).organization;
    expect(read.viewerCanManageApplications).toBe(true);
    expect(read.applications.edges[0]).toMatchObject({ node: { id: app.id, alias: app.alias, scopes: { totalCount: 1 } } });
    expect(new Date(read.applications.edges[0].enabledAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(read.application).toEqual({ id: app.id, alias: app.alias });
  });

  it('disables an application with one audit entry; CONFLICT when it is not enabled', async () => {
    const o = await newOrg(t, { owner: 'OWNER' });
    const app = await newApplication(t, { enabledIn: [o.orgId] });
    const { result } = await expectAuditedMutation(t, DISABLE, { organizationId: o.org, applicationId: app.id }, o.email.owner!, {
      payload: 'DisableApplicationPayload',
      action: 'application.disable',
      organizationId: o.orgId,
      targetType: 'Application',
      targetId: app.rawId,
    });
    expect(result.organization.applications).toEqual({ totalCount: 0, edges: [] });
    await expectRefused(t, DISABLE, { organizationId: o.org, applicationId: app.id }, o.email.owner!, 'ConflictError');
    const read = expectData(await t.gql(ENABLED, { id: o.org, app: app.id }, { as: o.email.owner! })).organization;
    expect(read.application).toBeNull();
  });

  it('a member without application:write is FORBIDDEN; another organization’s principal NOT_FOUND; anonymous UNAUTHENTICATED', async () => {
    const o = await newOrg(t, { owner: 'OWNER', member: 'MEMBER', guest: 'GUEST' });
    const other = await newOrg(t, { owner: 'OWNER' });
    const app = await newApplication(t, { enabledIn: [o.orgId] });
    const fresh = await newApplication(t);
    for (const [document, applicationId] of [
      [ENABLE, fresh.id],
      [DISABLE, app.id],
    ] as const) {
      const input = { organizationId: o.org, applicationId };
      await expectRefused(t, document, input, o.email.member!, 'ForbiddenError');
      await expectRefused(t, document, input, o.email.guest!, 'ForbiddenError');
      await expectRefused(t, document, input, other.email.owner!, 'NotFoundError');
      await expectRefused(t, document, input, PLATFORM_ADMIN, 'NotFoundError');
      await expectRefused(t, document, input, { token: await clientToken(t, other.orgId, ['organization:read', 'application:write']) }, 'NotFoundError');
      await expectRefused(t, document, input, { token: await clientToken(t, o.orgId, ['organization:read', 'application:read']) }, 'ForbiddenError');
      await expectRefused(t, document, input, undefined, 'UNAUTHENTICATED');
    }
    // A service client with the scope may.
    const client = { token: await clientToken(t, o.orgId, ['organization:read', 'application:write']) };
    const enabled = await t.gql(ENABLE, { input: { organizationId: o.org, applicationId: fresh.id } }, client);
    expect(enabled.data?.result.__typename).toBe('EnableApplicationPayload');
    // The other organization's owner learns nothing about an unknown application either.
    const gone = await newApplication(t);
    await t.prisma.application.delete({ where: { id: gone.rawId } });
    await expectRefused(t, ENABLE, { organizationId: o.org, applicationId: gone.id }, other.email.owner!, 'NotFoundError');
    const unknown = await expectRefused(t, ENABLE, { organizationId: o.org, applicationId: gone.id }, o.email.owner!, 'NotFoundError');
    expect(unknown.resource).toBe('Application');
  });
});

describe('enableApplication racing deleteApplication', () => {
  it(raceTitle('never leaves an enabling row of a deleted application, nor an internal error'), async () => {
    const o = await newOrg(t, { owner: 'OWNER' });
    const app = await newApplication(t);
    const [enabled, deleted] = await Promise.all([
      t.gql(ENABLE, { input: { organizationId: o.org, applicationId: app.id } }, { as: o.email.owner! }),
      t.gql(DELETE_APPLICATION, { input: { applicationId: app.id } }, { as: PLATFORM_ADMIN }),
    ]);
    expect(errorCodes(enabled)).toEqual([]);
    expect(deleted.data?.result.__typename).toBe('DeleteApplicationPayload');
    expect(['EnableApplicationPayload', 'NotFoundError']).toContain(enabled.data?.result.__typename);
    expect(await t.prisma.organizationApplication.count({ where: { applicationId: app.rawId } })).toBe(0);
  });
});

describe('Organization.applications, Organization.application', () => {
  it('needs application:read: a guest gets null with FORBIDDEN, the organization stays; members read it', async () => {
    const o = await newOrg(t, { owner: 'OWNER', member: 'MEMBER', guest: 'GUEST' });
    const app = await newApplication(t, { enabledIn: [o.orgId] });
    const asMember = expectData(await t.gql(ENABLED, { id: o.org, app: app.id }, { as: o.email.member! })).organization;
    expect(asMember).toMatchObject({ viewerCanManageApplications: false, applications: { totalCount: 1 }, application: { id: app.id } });
    const asGuest = await t.gql(ENABLED, { id: o.org, app: app.id }, { as: o.email.guest! });
    expect(asGuest.data?.organization).toEqual({ viewerCanManageApplications: false, applications: null, application: null });
    expect(errorCodes(asGuest)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
  });

  it('lists only the organization’s own applications, in enabling order, paged', async () => {
    const o = await newOrg(t, { owner: 'OWNER' });
    const other = await newOrg(t, { owner: 'OWNER' });
    const apps = [];
    for (let i = 0; i < 3; i++) {
      const app = await newApplication(t);
      await t.prisma.organizationApplication.create({
        data: { organizationId: o.orgId, applicationId: app.rawId, createdAt: new Date(Date.now() - (3 - i) * 1000) },
      });
      apps.push(app);
    }
    await newApplication(t, { enabledIn: [other.orgId] });
    const page = `query($id: ID!, $after: String) { organization(id: $id) { applications(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } } }`;
    const first = expectData(await t.gql(page, { id: o.org }, { as: o.email.owner! })).organization.applications;
    expect(first.totalCount).toBe(3);
    expect(first.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([apps[0]!.id, apps[1]!.id]);
    const second = expectData(await t.gql(page, { id: o.org, after: first.pageInfo.endCursor }, { as: o.email.owner! })).organization.applications;
    expect(second.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([apps[2]!.id]);
    expect(second.pageInfo.hasNextPage).toBe(false);
  });

  it('loads every organization’s applications with their scopes and delegations in a fixed number of statements', async () => {
    const query = `{ organizations(first: 50) { edges { node { applications(first: 20) { totalCount edges { enabledAt node { alias viewerCan { update }
      scopes(first: 20) { edges { node { label delegatesTo { label } delegatedFrom { label } } } } } } } } } } }`;
    const owner = 'many-apps@applications.test';
    const measure = async () => {
      const { result, count } = await t.counter.during(() => t.gql(query, {}, { as: owner }));
      expectData(result);
      return count;
    };
    const o = await newOrg(t, { owner: 'OWNER' });
    await t.prisma.member.create({
      data: { organizationId: o.orgId, userId: (await t.prisma.user.create({ data: { email: owner, name: 'Owner' } })).id, role: 'OWNER' },
    });
    await newApplication(t, { enabledIn: [o.orgId], scopes: ['w', 'r'], delegations: [['w', 'r']] });
    await measure(); // the caller's first request looks its user up; later ones remember it
    const small = await measure();
    for (let i = 0; i < 4; i++) {
      const more = await newOrg(t, { owner: 'OWNER' });
      await t.prisma.member.create({
        data: { organizationId: more.orgId, userId: (await t.prisma.user.findUniqueOrThrow({ where: { email: owner } })).id, role: 'ADMIN' },
      });
      for (let j = 0; j < 3; j++)
        await newApplication(t, {
          enabledIn: [more.orgId],
          scopes: ['a', 'b', 'c'],
          delegations: [
            ['a', 'b'],
            ['b', 'c'],
          ],
        });
    }
    expect(await measure()).toBe(small);
    // Organizations, applications, their count, scopes, delegations each way: one statement each.
    expect(small).toBe(6);
  });

  it('the demo organizations are unaffected by another organization’s applications', async () => {
    const app = await newApplication(t);
    const o = await newOrg(t, { owner: 'OWNER' });
    await t.prisma.organizationApplication.create({ data: { organizationId: o.orgId, applicationId: app.rawId } });
    for (const email of [ALICE, BOB, CAROL]) {
      const { organizations } = expectData(await t.gql(`{ organizations { edges { node { applications { totalCount } } } } }`, {}, { as: email }));
      for (const edge of organizations.edges) expect(edge.node.applications.totalCount).toBe(0);
    }
  });
});
