import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { oktaUser, PATCH_OP, scim, scimAudit, scimLog, scimOrganization, USER_SCHEMA } from './support.js';

// The user lifecycle as Okta's SCIM 2.0 provisioning sends it (Okta's "SCIM 2.0 protocol
// reference" and its test suite, Runscope spec): look the user up by userName, create it,
// deactivate and reactivate with a PATCH without path, then PUT the whole user.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('Okta provisioning', () => {
  it('looks up, creates, deactivates, reactivates and replaces a user; each change audited once as the domain', async () => {
    const setup = await scimOrganization(t);
    const email = `ada@${setup.domain}`;
    const lookup = `/Users?filter=${encodeURIComponent(`userName eq "${email}"`)}&startIndex=1&count=100`;

    const none = await scim(t, setup.token, 'GET', lookup);
    expect(none.status).toBe(200);
    expect(none.headers.get('content-type')).toMatch(/^application\/scim\+json/);
    expect(none.body).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
      totalResults: 0,
      startIndex: 1,
      itemsPerPage: 0,
      Resources: [],
    });

    const body = oktaUser(email);
    const created = await scim(t, setup.token, 'POST', '/Users', body);
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(created.headers.get('location')).toBe(`${t.config.publicUrl}/scim/v2/Users/${id}`);
    expect(created.body).toMatchObject({
      schemas: [USER_SCHEMA],
      id,
      externalId: body.externalId,
      userName: email,
      displayName: 'Ada Lovelace',
      emails: [{ value: email, primary: true }],
      active: true,
      meta: { resourceType: 'User', location: `${t.config.publicUrl}/scim/v2/Users/${id}` },
    });
    expect(created.body).not.toHaveProperty('password');
    const member = await t.prisma.member.findUniqueOrThrow({ where: { id }, include: { user: true } });
    expect(member).toMatchObject({ organizationId: setup.org.orgId, role: 'MEMBER', status: 'ACTIVE', externalId: body.externalId });
    expect(member.user).toMatchObject({ email, name: 'Ada Lovelace' });

    const found = await scim(t, setup.token, 'GET', lookup);
    expect(found.body).toMatchObject({ totalResults: 1, itemsPerPage: 1, Resources: [{ id, userName: email, active: true }] });

    const deactivate = { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { active: false } }] };
    const suspended = await scim(t, setup.token, 'PATCH', `/Users/${id}`, deactivate);
    expect(suspended.status).toBe(200);
    expect(suspended.body).toMatchObject({ id, active: false });
    expect((await t.prisma.member.findUniqueOrThrow({ where: { id } })).status).toBe('SUSPENDED');

    const reactivated = await scim(t, setup.token, 'PATCH', `/Users/${id}`, { ...deactivate, Operations: [{ op: 'replace', value: { active: true } }] });
    expect(reactivated.body).toMatchObject({ id, active: true });

    const replaced = await scim(t, setup.token, 'PUT', `/Users/${id}`, {
      ...body,
      id,
      name: { givenName: 'Augusta Ada', familyName: 'King' },
      displayName: 'Augusta Ada King',
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ id, userName: email, displayName: 'Augusta Ada King', active: true, externalId: body.externalId });
    expect((await scim(t, setup.token, 'GET', `/Users/${id}`)).body).toEqual(replaced.body);

    const audit = await scimAudit(t, setup);
    expect(audit.map((entry) => [entry.action, entry.actorType, entry.actorId, entry.targetId])).toEqual([
      ['scim.user.create', 'SYSTEM', setup.actor, id],
      ['scim.user.update', 'SYSTEM', setup.actor, id],
      ['scim.user.update', 'SYSTEM', setup.actor, id],
      ['scim.user.update', 'SYSTEM', setup.actor, id],
    ]);
    expect(audit.map((entry) => entry.changes)).toEqual([
      { email, externalId: body.externalId, role: 'MEMBER', status: 'ACTIVE', userCreated: true },
      { status: { from: 'ACTIVE', to: 'SUSPENDED' } },
      { status: { from: 'SUSPENDED', to: 'ACTIVE' } },
      { name: { from: 'Ada Lovelace', to: 'Augusta Ada King' } },
    ]);

    // One log row a request, the password never in it.
    const log = await scimLog(t, setup);
    expect(log).toHaveLength(7);
    expect(log.map((row) => `${row.method} ${row.status}`).sort()).toEqual(
      ['GET 200', 'POST 201', 'GET 200', 'PATCH 200', 'PATCH 200', 'PUT 200', 'GET 200'].sort(),
    );
    expect(JSON.stringify(log)).not.toContain('Okta-secret-1!');
    expect(log.find((row) => row.method === 'POST')!.requestBody).toMatchObject({ userName: email });
  });

  it('a PUT with the same attributes changes nothing and writes no audit entry', async () => {
    const setup = await scimOrganization(t);
    const body = oktaUser(`grace@${setup.domain}`);
    const { body: user } = await scim(t, setup.token, 'POST', '/Users', body);
    const again = await scim(t, setup.token, 'PUT', `/Users/${user.id}`, body);
    expect(again.status).toBe(200);
    expect(again.body.meta.lastModified).toBe(user.meta.lastModified);
    expect((await scimAudit(t, setup)).map((entry) => entry.action)).toEqual(['scim.user.create']);
  });
});
