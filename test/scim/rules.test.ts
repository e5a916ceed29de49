import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { listing } from '../helpers/statement-counts.js';
import { domainMember, oktaUser, PATCH_OP, scim, scimAudit, scimOrganization } from './support.js';

// The rules a directory is held to: never the last active owner, the license's seats, unique
// userName and externalId, filters the server understands, page sizes that bound what is read.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ MAX_BODY_BYTES: '20000' });
});
afterAll(() => t.close());

const deactivate = { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'active', value: false }] };

describe('the last active owner', () => {
  it('is neither suspended nor removed through SCIM, with a detail that says why; another owner makes both possible', async () => {
    const setup = await scimOrganization(t);
    // The organization's only owner has an address at the domain.
    await t.prisma.member.deleteMany({ where: { organizationId: setup.org.orgId } });
    const owner = await domainMember(t, setup, 'boss', 'OWNER');
    for (const [method, body] of [
      ['PATCH', deactivate],
      ['PUT', oktaUser(`boss@${setup.domain}`, { active: false })],
      ['DELETE', undefined],
    ] as const) {
      const refused = await scim(t, setup.token, method, `/Users/${owner.id}`, body);
      expect(refused.status, method).toBe(400);
      expect(refused.body).toMatchObject({ status: '400', scimType: 'mutability', detail: expect.stringContaining('last active owner') });
    }
    expect(await t.prisma.member.findUniqueOrThrow({ where: { id: owner.id } })).toMatchObject({ status: 'ACTIVE', role: 'OWNER' });
    expect(await scimAudit(t, setup)).toEqual([]);

    await domainMember(t, setup, 'deputy', 'OWNER');
    expect((await scim(t, setup.token, 'PATCH', `/Users/${owner.id}`, deactivate)).body.active).toBe(false);
    expect((await scim(t, setup.token, 'DELETE', `/Users/${owner.id}`)).status).toBe(204);
  });
});

describe('seats', () => {
  it('creates and reactivates members only within the license’s seats; suspended members take none', async () => {
    const setup = await scimOrganization(t, { seats: 2 }); // the owner holds one
    const first = await scim(t, setup.token, 'POST', '/Users', oktaUser(`one@${setup.domain}`));
    expect(first.status).toBe(201);
    const full = await scim(t, setup.token, 'POST', '/Users', oktaUser(`two@${setup.domain}`));
    expect(full.status).toBe(409);
    expect(full.body).toMatchObject({ status: '409', detail: expect.stringMatching(/All 2 seats .* \(2 active members\)/) });
    expect(await t.prisma.user.findUnique({ where: { email: `two@${setup.domain}` } })).toBeNull();

    // Created suspended, it takes no seat; made active, it needs one.
    const suspended = await scim(t, setup.token, 'POST', '/Users', oktaUser(`two@${setup.domain}`, { active: false }));
    expect(suspended.status).toBe(201);
    const reactivate = { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { active: true } }] };
    expect((await scim(t, setup.token, 'PATCH', `/Users/${suspended.body.id}`, reactivate)).status).toBe(409);
    await scim(t, setup.token, 'PATCH', `/Users/${first.body.id}`, deactivate);
    expect((await scim(t, setup.token, 'PATCH', `/Users/${suspended.body.id}`, reactivate)).body.active).toBe(true);
    expect((await scimAudit(t, setup)).map((e) => e.action)).toEqual(['scim.user.create', 'scim.user.create', 'scim.user.update', 'scim.user.update']);
  });
});

describe('concurrent provisioning', () => {
  it('lets exactly one of three simultaneous creates take the last seat', async () => {
    const setup = await scimOrganization(t, { seats: 2 });
    const answers = await Promise.all(['r1', 'r2', 'r3'].map((name) => scim(t, setup.token, 'POST', '/Users', oktaUser(`${name}@${setup.domain}`))));
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409, 409]);
    expect(await t.prisma.member.count({ where: { organizationId: setup.org.orgId, status: 'ACTIVE' } })).toBe(2);
  });
});

describe('uniqueness and input', () => {
  it('refuses a second user with the same userName or externalId (409 uniqueness), and links an existing user', async () => {
    const setup = await scimOrganization(t);
    const body = oktaUser(`dup@${setup.domain}`, { externalId: 'E-1' });
    expect((await scim(t, setup.token, 'POST', '/Users', body)).status).toBe(201);
    const again = await scim(t, setup.token, 'POST', '/Users', { ...body, externalId: 'E-2' });
    expect(again.body).toMatchObject({ status: '409', scimType: 'uniqueness' });
    const sameExternalId = await scim(t, setup.token, 'POST', '/Users', oktaUser(`other@${setup.domain}`, { externalId: 'E-1' }));
    expect(sameExternalId.body).toMatchObject({ status: '409', scimType: 'uniqueness' });

    // A user who exists on the server (a member elsewhere) joins as the same user.
    const existing = await t.prisma.user.create({ data: { email: `known@${setup.domain}`, name: 'Known' } });
    const linked = await scim(t, setup.token, 'POST', '/Users', oktaUser(`Known@${setup.domain}`));
    expect(linked.status).toBe(201);
    expect((await t.prisma.member.findUniqueOrThrow({ where: { id: linked.body.id } })).userId).toBe(existing.id);
    expect((await scimAudit(t, setup)).at(-1)!.changes).toMatchObject({ userCreated: false });
  });

  it('answers malformed requests with 400 and the right scimType, too large ones with 413, unknown ids with 404', async () => {
    const setup = await scimOrganization(t);
    const { body: user } = await scim(t, setup.token, 'POST', '/Users', oktaUser(`in@${setup.domain}`));
    const cases: [string, string, unknown, number, string | undefined][] = [
      ['GET', `/Users?filter=${encodeURIComponent('userName eq')}`, undefined, 400, 'invalidFilter'],
      ['GET', `/Users?filter=${encodeURIComponent('userName co "x"')}`, undefined, 400, 'invalidFilter'],
      ['POST', '/Users', { schemas: [], userName: 'not an address' }, 400, 'invalidValue'],
      ['POST', '/Users', '{"userName":', 400, 'invalidSyntax'],
      ['PATCH', `/Users/${user.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'move', path: 'active' }] }, 400, 'invalidSyntax'],
      ['PATCH', `/Users/${user.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'active', value: 'maybe' }] }, 400, 'invalidValue'],
      ['PATCH', `/Users/${user.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'remove' }] }, 400, 'noTarget'],
      ['POST', '/Users', oktaUser(`big@${setup.domain}`, { nickName: 'x'.repeat(30_000) }), 413, undefined],
      ['GET', '/Users/00000000-0000-0000-0000-000000000000', undefined, 404, undefined],
      ['GET', '/Users/%E0%A4%A', undefined, 404, undefined],
      ['PATCH', '/Groups/nope', { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: [] }] }, 404, undefined],
    ];
    for (const [method, path, body, status, scimType] of cases) {
      const response = await scim(t, setup.token, method, path, body);
      expect([response.status, response.body.scimType], `${method} ${path}`).toEqual([status, scimType]);
      expect(response.body.status).toBe(String(status));
    }
    expect((await scimAudit(t, setup)).map((e) => e.action)).toEqual(['scim.user.create']);
  });
});

describe('pagination', () => {
  it('pages with startIndex and count; the rows read follow count, not the directory', async () => {
    const setup = await scimOrganization(t);
    const users = await Promise.all(
      Array.from({ length: 30 }, (_, i) => t.prisma.user.create({ data: { email: `p${String(i).padStart(2, '0')}@${setup.domain}`, name: `P${i}` } })),
    );
    for (const [i, user] of users.entries()) {
      await t.prisma.member.create({
        data: { organizationId: setup.org.orgId, userId: user.id, role: 'MEMBER', createdAt: new Date(Date.UTC(2026, 0, 1, 0, i)) },
      });
    }
    const page = (startIndex: number, count: number) => t.counter.during(() => scim(t, setup.token, 'GET', `/Users?startIndex=${startIndex}&count=${count}`));

    const second = await page(11, 10);
    expect(second.result.body).toMatchObject({ totalResults: 30, startIndex: 11, itemsPerPage: 10 });
    expect(second.result.body.Resources.map((u: any) => u.userName)).toEqual(users.slice(10, 20).map((u) => u.email));
    // The token's domain, the count, the page of members, their users, the log row.
    expect(second.count, listing(second)).toBe(5);
    const small = await page(1, 2);
    expect(small.count, listing(small)).toBe(5);
    // Rows read: the domain (1), the count (1), members and their users (count each).
    expect(second.rows - small.rows).toBe(2 * (10 - 2));

    const last = await page(29, 10);
    expect(last.result.body.Resources.map((u: any) => u.userName)).toEqual(users.slice(28).map((u) => u.email));
    const totalOnly = await page(1, 0);
    expect(totalOnly.result.body).toMatchObject({ totalResults: 30, itemsPerPage: 0, Resources: [] });
    const capped = await scim(t, setup.token, 'GET', '/Users?count=1000');
    expect(capped.body.itemsPerPage).toBe(30);
  });
});

describe('the role of a created member', () => {
  it('is the domain’s default role, the one JIT provisioning gives too', async () => {
    const setup = await scimOrganization(t);
    await t.prisma.domain.update({ where: { id: setup.domainId }, data: { jitDefaultRole: 'GUEST' } });
    const created = await scim(t, setup.token, 'POST', '/Users', oktaUser(`guest@${setup.domain}`));
    expect(created.status).toBe(201);
    expect(await t.prisma.member.findUniqueOrThrow({ where: { id: created.body.id } })).toMatchObject({ role: 'GUEST', status: 'ACTIVE' });
  });
});
