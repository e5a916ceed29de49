import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { ALICE, CAROL, createDemoApp, type Demo } from '../helpers/fixtures.js';
import { rawId } from '../helpers/ids.js';

// The REST face (SOFA) under /rest: routes generated from the schema, answered by the same
// authentication, authorization and errors as /graphql, and the OpenAPI document that lists them.

let t: TestApp;
let demo: Demo;
beforeAll(async () => ({ t, demo } = await createDemoApp()));
afterAll(() => t.close());

async function rest(method: string, path: string, email?: string, body?: unknown) {
  const token = email ? await t.tokenFor(email) : undefined;
  const response = await t.app.fetch(`http://test/rest${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: (await response.json()) as any };
}

describe('REST under /rest', () => {
  it('reads: GET /rest/me and GET /rest/organization/:id with a bearer token', async () => {
    const me = await rest('GET', '/me', ALICE);
    expect(me.status).toBe(200);
    expect(me.body.email).toBe(ALICE);
    const acme = await rest('GET', `/organization/${encodeURIComponent(demo.acme)}`, ALICE);
    expect(acme.status).toBe(200);
    expect(acme.body).toMatchObject({ id: demo.acme, name: 'Acme' });
  });

  it('writes: POST /rest/create-group creates the group and its audit entry', async () => {
    const audits = await t.prisma.auditLog.count();
    const created = await rest('POST', '/create-group', ALICE, { input: { organizationId: demo.acme, name: 'Via REST' } });
    expect(created.status).toBe(200);
    expect(created.body.group.id).toEqual(expect.any(String));
    expect(await t.prisma.group.count({ where: { organizationId: rawId(demo.acme), name: 'Via REST' } })).toBe(1);
    expect(await t.prisma.auditLog.count()).toBe(audits + 1);
  });

  it('refuses: an outsider’s mutation is 404 and changes nothing; no token is 401', async () => {
    const [groups, audits] = [await t.prisma.group.count(), await t.prisma.auditLog.count()];
    const outsider = await rest('POST', '/create-group', CAROL, { input: { organizationId: demo.acme, name: 'Intruder' } });
    expect(outsider.status).toBe(404);
    expect(outsider.body.errors[0].extensions.code).toBe('NOT_FOUND');
    const outsiderRead = await rest('GET', `/organization/${encodeURIComponent(demo.acme)}`, CAROL);
    expect(outsiderRead.status).toBe(404);
    const anonymous = await rest('POST', '/create-group', undefined, { input: { organizationId: demo.acme, name: 'Anonymous' } });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect([await t.prisma.group.count(), await t.prisma.auditLog.count()]).toEqual([groups, audits]);
  });

  it('serves the OpenAPI document listing the routes', async () => {
    const response = await t.app.fetch('http://test/rest/openapi.json');
    expect(response.status).toBe(200);
    const document = (await response.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(document.openapi).toMatch(/^3\./);
    expect(Object.keys(document.paths['/me'] ?? {})).toContain('get');
    expect(Object.keys(document.paths['/create-group'] ?? {})).toContain('post');
    expect(document.paths['/organization/{id}']).toBeDefined();
  });
});
