import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodes, expectData, PLATFORM_ADMIN, type TestApp } from '../helpers/app.js';
import { clientToken } from '../helpers/client-tokens.js';
import { ALICE, BOB, createDemoAppWithAdmin, type Demo } from '../helpers/fixtures.js';
import { rawId } from '../helpers/ids.js';
import { expectAuditedMutation } from '../helpers/mutations.js';
import { APPLICATION, CREATE_APPLICATION, DELETE_APPLICATION, UPDATE_APPLICATION, expectRefused, newApplication, unique } from './support.js';

let t: TestApp;
let demo: Demo;
beforeAll(async () => ({ t, demo } = await createDemoAppWithAdmin()));
afterAll(() => t.close());

describe('createApplication, updateApplication, deleteApplication (platform admins)', () => {
  it('creates an application with one audit entry belonging to no organization', async () => {
    const alias = `ledger-${unique()}`;
    const { result, entry } = await expectAuditedMutation(
      t,
      CREATE_APPLICATION,
      { name: ' Ledger ', alias, description: 'Double-entry', url: 'https://ledger.example.com' },
      PLATFORM_ADMIN,
      { payload: 'CreateApplicationPayload', action: 'application.create', organizationId: null, targetType: 'Application' },
    );
    expect(result.application).toMatchObject({
      name: 'Ledger',
      alias,
      description: 'Double-entry',
      url: 'https://ledger.example.com',
      viewerCan: { update: true, delete: true, manageScopes: true, manageClients: true },
    });
    expect(entry.targetId).toBe(rawId(result.application.id));
    expect(entry.changes).toMatchObject({ name: 'Ledger', alias });
  });

  it('refuses invalid input with field paths, and a taken alias with CONFLICT, changing nothing', async () => {
    const taken = await newApplication(t);
    await expectRefused(t, CREATE_APPLICATION, { name: 'Dup', alias: taken.alias }, PLATFORM_ADMIN, 'ConflictError');
    const cases: [Record<string, unknown>, string][] = [
      [{ name: '', alias: 'ok-alias' }, 'name'],
      [{ name: 'x'.repeat(101), alias: 'ok-alias' }, 'name'],
      [{ name: 'Ok', alias: 'Not A Slug' }, 'alias'],
      [{ name: 'Ok', alias: 'trailing-' }, 'alias'],
      [{ name: 'Ok', alias: 'a'.repeat(51) }, 'alias'],
      [{ name: 'Ok', alias: 'ok-alias', url: 'ftp://files.example.com' }, 'url'],
      [{ name: 'Ok', alias: 'ok-alias', url: 'not a url' }, 'url'],
      [{ name: 'Ok', alias: 'ok-alias', description: 'x'.repeat(1001) }, 'description'],
    ];
    for (const [input, field] of cases) {
      const refused = await expectRefused(t, CREATE_APPLICATION, input, PLATFORM_ADMIN, 'ValidationError');
      expect(refused.fields.map((f: { path: string[] }) => f.path)).toContainEqual(['input', field]);
    }
  });

  it('refuses every caller but a platform admin: FORBIDDEN for users and clients, UNAUTHENTICATED for anonymous', async () => {
    const input = { name: 'Nope', alias: `nope-${unique()}` };
    await expectRefused(t, CREATE_APPLICATION, input, ALICE, 'ForbiddenError');
    await expectRefused(t, CREATE_APPLICATION, input, BOB, 'ForbiddenError');
    await expectRefused(
      t,
      CREATE_APPLICATION,
      input,
      { token: await clientToken(t, rawId(demo.acme), ['organization:read', 'application:write']) },
      'ForbiddenError',
    );
    await expectRefused(t, CREATE_APPLICATION, input, undefined, 'UNAUTHENTICATED');
    const app = await newApplication(t);
    await expectRefused(t, UPDATE_APPLICATION, { applicationId: app.id, name: 'Hijacked' }, ALICE, 'ForbiddenError');
    await expectRefused(t, DELETE_APPLICATION, { applicationId: app.id }, ALICE, 'ForbiddenError');
  });

  it('updates an application with one audit entry of the changes; null clears the URL; a taken alias is CONFLICT', async () => {
    const app = await newApplication(t);
    const other = await newApplication(t);
    await t.prisma.application.update({ where: { id: app.rawId }, data: { url: 'https://old.example.com' } });
    await expectRefused(t, UPDATE_APPLICATION, { applicationId: app.id, alias: other.alias }, PLATFORM_ADMIN, 'ConflictError');
    const alias = `renamed-${unique()}`;
    const { result, entry } = await expectAuditedMutation(t, UPDATE_APPLICATION, { applicationId: app.id, name: 'Renamed', alias, url: null }, PLATFORM_ADMIN, {
      payload: 'UpdateApplicationPayload',
      action: 'application.update',
      organizationId: null,
      targetType: 'Application',
      targetId: app.rawId,
    });
    expect(result.application).toMatchObject({ name: 'Renamed', alias, url: null });
    expect(entry.changes).toMatchObject({ alias: { from: app.alias, to: alias }, url: { from: 'https://old.example.com', to: null } });
  });

  it('answers NOT_FOUND for an unknown application', async () => {
    const gone = await newApplication(t);
    await t.prisma.application.delete({ where: { id: gone.rawId } });
    await expectRefused(t, UPDATE_APPLICATION, { applicationId: gone.id, name: 'X' }, PLATFORM_ADMIN, 'NotFoundError');
    await expectRefused(t, DELETE_APPLICATION, { applicationId: gone.id }, PLATFORM_ADMIN, 'NotFoundError');
  });

  it('deletes an application with its scopes and clients, disabling it everywhere, with one audit entry', async () => {
    const acmeId = rawId(demo.acme);
    const globexId = rawId(demo.globex);
    const app = await newApplication(t, { scopes: ['a:read', 'a:write'], delegations: [['a:write', 'a:read']], enabledIn: [acmeId, globexId] });
    await t.prisma.applicationClient.create({ data: { applicationId: app.rawId, name: 'Web', secretHash: 'x', secretLastChars: 'xxxx' } });
    const { result, entry } = await expectAuditedMutation(t, DELETE_APPLICATION, { applicationId: app.id }, PLATFORM_ADMIN, {
      payload: 'DeleteApplicationPayload',
      action: 'application.delete',
      organizationId: null,
      targetType: 'Application',
      targetId: app.rawId,
    });
    expect(result.deletedApplicationId).toBe(app.id);
    expect(entry.changes).toMatchObject({ scopes: 2, clients: 1, disabledIn: [acmeId, globexId].sort() });
    expect(await t.prisma.organizationApplication.count({ where: { applicationId: app.rawId } })).toBe(0);
    expect(await t.prisma.applicationScope.count({ where: { applicationId: app.rawId } })).toBe(0);
    expect(await t.prisma.applicationClient.count({ where: { applicationId: app.rawId } })).toBe(0);
    const organization = expectData(await t.gql(`query($id: ID!) { organization(id: $id) { applications { totalCount } } }`, { id: demo.acme }, { as: ALICE }));
    expect(organization.organization.applications.totalCount).toBe(0);
  });
});

describe('applications, application (the catalog is readable by every signed-in principal)', () => {
  it('lists the catalog by name with search on name or alias, paged, for users, clients and the platform admin', async () => {
    const tag = `zz${unique()}`;
    await newApplication(t, { name: `${tag} Bravo` });
    await newApplication(t, { name: `${tag} Alpha` });
    await newApplication(t, { name: `${tag} Charlie` });
    const query = `query($search: String, $after: String) { applications(search: $search, first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { name viewerCan { update } } } } }`;
    const client = { token: await clientToken(t, rawId(demo.acme), ['organization:read']) };
    for (const who of [{ as: BOB }, { as: PLATFORM_ADMIN }, client]) {
      const first = expectData(await t.gql(query, { search: tag.toUpperCase() }, who)).applications;
      expect(first.totalCount).toBe(3);
      expect(first.edges.map((e: { node: { name: string } }) => e.node.name)).toEqual([`${tag} Alpha`, `${tag} Bravo`]);
      expect(first.edges[0].node.viewerCan.update).toBe('as' in who && who.as === PLATFORM_ADMIN);
      const second = expectData(await t.gql(query, { search: tag, after: first.pageInfo.endCursor }, who)).applications;
      expect(second.edges.map((e: { node: { name: string } }) => e.node.name)).toEqual([`${tag} Charlie`]);
      expect(second.pageInfo.hasNextPage).toBe(false);
    }
    // LIKE wildcards are literal.
    expect(expectData(await t.gql(query, { search: `${tag}%` }, { as: BOB })).applications.totalCount).toBe(0);
  });

  it('refuses anonymous callers', async () => {
    const app = await newApplication(t);
    expect(errorCodes(await t.gql(`{ applications { totalCount } }`))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await t.gql(`query($id: ID!) { application(id: $id) { id } }`, { id: app.id }))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await t.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: app.id }))).toEqual(['UNAUTHENTICATED']);
  });

  it('reads one application with its scopes and their delegations; clients are the platform admins’ alone', async () => {
    const app = await newApplication(t, { scopes: ['z:write', 'a:read'], delegations: [['z:write', 'a:read']] });
    await t.prisma.applicationClient.create({ data: { applicationId: app.rawId, name: 'Web', secretHash: 'x', secretLastChars: 'abcd' } });
    const query = `query($id: ID!) { application(id: $id) { ${APPLICATION} scopes { totalCount edges { node { label delegatesTo { label } delegatedFrom { label } } } } clients { totalCount edges { node { name secretLastChars } } } } }`;
    const asAdmin = expectData(await t.gql(query, { id: app.id }, { as: PLATFORM_ADMIN })).application;
    expect(asAdmin.scopes).toEqual({
      totalCount: 2,
      edges: [
        { node: { label: 'a:read', delegatesTo: [], delegatedFrom: [{ label: 'z:write' }] } },
        { node: { label: 'z:write', delegatesTo: [{ label: 'a:read' }], delegatedFrom: [] } },
      ],
    });
    expect(asAdmin.clients).toEqual({ totalCount: 1, edges: [{ node: { name: 'Web', secretLastChars: 'abcd' } }] });

    const asBob = await t.gql(query, { id: app.id }, { as: BOB });
    expect(asBob.data?.application).toMatchObject({
      id: app.id,
      clients: null,
      viewerCan: { update: false, delete: false, manageScopes: false, manageClients: false },
    });
    expect(asBob.data?.application.scopes.totalCount).toBe(2);
    expect(errorCodes(asBob)).toEqual(['FORBIDDEN']);
    expect(asBob.errors?.[0]?.path).toEqual(['application', 'clients']);
  });

  it('answers NOT_FOUND for an unknown application, and node(id) finds applications and scopes', async () => {
    const app = await newApplication(t, { scopes: ['s:read'] });
    const node = expectData(
      await t.gql(
        `query($a: ID!, $s: ID!) { a: node(id: $a) { ... on Application { alias } } s: node(id: $s) { ... on ApplicationScope { label } } }`,
        { a: app.id, s: app.scopes['s:read'] },
        { as: BOB },
      ),
    );
    expect(node).toEqual({ a: { alias: app.alias }, s: { label: 's:read' } });
    await t.prisma.application.delete({ where: { id: app.rawId } });
    expect(errorCodes(await t.gql(`query($id: ID!) { application(id: $id) { id } }`, { id: app.id }, { as: BOB }))).toEqual(['NOT_FOUND']);
  });
});
