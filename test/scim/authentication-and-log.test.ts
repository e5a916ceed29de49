import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { ERROR_SCHEMA, oktaUser, PATCH_OP, scim, scimLog, scimOrganization } from './support.js';

// The bearer token selects the domain; a token of a domain that is not verified or has SCIM off
// authenticates nothing. Every request whose token identified a domain is in its SCIM log,
// without the token and without passwords.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const unauthorized = (detail: RegExp) => ({ status: 401, body: { schemas: [ERROR_SCHEMA], status: '401', detail: expect.stringMatching(detail) } });

describe('SCIM authentication', () => {
  it('refuses a missing, malformed or unknown token with 401 in SCIM’s error schema', async () => {
    const setup = await scimOrganization(t);
    for (const token of [null, 'not-a-token', `${setup.token}x`]) {
      const response = await scim(t, token, 'GET', '/Users');
      expect(response).toMatchObject(unauthorized(/bearer|token/i));
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(response.headers.get('content-type')).toMatch(/^application\/scim\+json/);
    }
    const basic = await t.app.fetch('http://test/scim/v2/Users', { headers: { authorization: `Basic ${Buffer.from(`x:${setup.token}`).toString('base64')}` } });
    expect(basic.status).toBe(401);
    // No domain was identified: nothing logged.
    expect(await scimLog(t, setup)).toEqual([]);
  });

  it('refuses the token of a domain with SCIM off or not verified, and logs the refusal without the token', async () => {
    const off = await scimOrganization(t, { scimEnabled: false });
    expect(await scim(t, off.token, 'POST', '/Users', oktaUser(`a@${off.domain}`))).toMatchObject(unauthorized(/SCIM is switched off/));
    const unverified = await scimOrganization(t, { verified: false });
    expect(await scim(t, unverified.token, 'GET', '/Users')).toMatchObject(unauthorized(/not verified/));
    expect(await t.prisma.member.count({ where: { organizationId: off.org.orgId } })).toBe(1);

    const [refused] = await scimLog(t, off);
    expect(refused).toMatchObject({ method: 'POST', path: '/scim/v2/Users', status: 401, requestBody: null });
    expect((await scimLog(t, unverified)).map((row) => row.status)).toEqual([401]);
    expect(JSON.stringify(await t.prisma.scimLog.findMany())).not.toContain(off.token);
  });

  it('a token reaches only its own domain’s users, and switching SCIM off revokes it at once', async () => {
    const a = await scimOrganization(t);
    const b = await scimOrganization(t);
    const { body: user } = await scim(t, a.token, 'POST', '/Users', oktaUser(`x@${a.domain}`));
    expect((await scim(t, b.token, 'GET', `/Users/${user.id}`)).status).toBe(404);
    expect((await scim(t, b.token, 'GET', '/Users')).body.totalResults).toBe(0);
    // An address on another domain cannot be provisioned with this token.
    const elsewhere = await scim(t, a.token, 'POST', '/Users', oktaUser(`x@${b.domain}`));
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body).toMatchObject({ scimType: 'invalidValue', detail: expect.stringContaining(a.domain) });

    await t.prisma.domain.update({ where: { id: a.domainId }, data: { scimEnabled: false } });
    expect((await scim(t, a.token, 'GET', '/Users')).status).toBe(401);
  });
});

describe('SCIM log', () => {
  it('records method, path, status and both bodies of each request, never the token or a password', async () => {
    const setup = await scimOrganization(t);
    const created = await scim(t, setup.token, 'POST', '/Users', oktaUser(`log@${setup.domain}`, { password: 'P@ss-word-9' }));
    await scim(t, setup.token, 'PATCH', `/Users/${created.body.id}`, {
      schemas: [PATCH_OP],
      Operations: [
        { op: 'replace', path: 'password', value: 'N3w-P@ss' },
        { op: 'replace', value: { password: 'N3w-P@ss-2', active: false } },
      ],
    });
    const filter = `/Users?filter=${encodeURIComponent('nickName eq "x"')}`;
    await scim(t, setup.token, 'GET', filter);
    await scim(t, setup.token, 'PUT', `/Users/${created.body.id}`, '{not json');

    const log = await scimLog(t, setup);
    expect(log).toHaveLength(4);
    const byMethod = Object.fromEntries(log.map((row) => [row.method, row]));
    expect(byMethod.POST).toMatchObject({ path: '/scim/v2/Users', status: 201, responseBody: { id: created.body.id } });
    expect(byMethod.POST!.requestBody).not.toHaveProperty('password');
    expect(byMethod.PATCH).toMatchObject({
      status: 200,
      requestBody: { Operations: [{ path: 'password', value: '[redacted]' }, { value: { active: false } }] },
    });
    expect(byMethod.GET).toMatchObject({ path: `/scim/v2${filter}`, status: 400, responseBody: { scimType: 'invalidFilter' } });
    expect(byMethod.PUT).toMatchObject({ status: 400, requestBody: null, responseBody: { scimType: 'invalidSyntax' } });
    const everything = JSON.stringify(log);
    for (const secret of [setup.token, 'P@ss-word-9', 'N3w-P@ss', 'N3w-P@ss-2']) expect(everything).not.toContain(secret);
  });
});

describe('SCIM discovery', () => {
  it('serves ServiceProviderConfig, ResourceTypes and Schemas', async () => {
    const setup = await scimOrganization(t);
    const config = await scim(t, setup.token, 'GET', '/ServiceProviderConfig');
    expect(config.status).toBe(200);
    expect(config.body).toMatchObject({
      patch: { supported: true },
      filter: { supported: true, maxResults: 100 },
      bulk: { supported: false },
      authenticationSchemes: [{ type: 'oauthbearertoken' }],
    });
    const types = await scim(t, setup.token, 'GET', '/ResourceTypes');
    expect(types.body.Resources.map((r: any) => [r.id, r.endpoint])).toEqual([
      ['User', '/Users'],
      ['Group', '/Groups'],
    ]);
    const schemas = await scim(t, setup.token, 'GET', '/Schemas');
    const user = schemas.body.Resources.find((s: any) => s.name === 'User');
    expect(user.attributes.map((a: any) => a.name)).toEqual(['userName', 'name', 'displayName', 'emails', 'active']);
    expect((await scim(t, setup.token, 'GET', `/Schemas/${encodeURIComponent(user.id)}`)).body.id).toBe(user.id);
    expect((await scim(t, setup.token, 'GET', '/Bulk')).status).toBe(404);
  });

  it('shows administrators the SCIM base URL on the domain', async () => {
    const setup = await scimOrganization(t);
    const result = await t.gql(
      `query($id: ID!) { organization(id: $id) { domains { edges { node { scimBaseUrl } } } } }`,
      { id: setup.org.org },
      { as: setup.org.email.owner },
    );
    expect(result.data.organization.domains.edges[0].node.scimBaseUrl).toBe(`${t.config.publicUrl}/scim/v2`);
  });
});
