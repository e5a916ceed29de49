import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { measure } from '../helpers/statement-counts.js';
import { signIn } from '../helpers/users.js';

// Organization.regions (the public regions and the organization's own) under a list of
// organizations: a fixed number of SQL statements however many organizations there are.

const QUERY = `{ organizations(first: 30) { edges { node { name
  all: regions { totalCount edges { node { name public versions } } }
  private: regions(kind: PRIVATE, first: 1) { totalCount edges { node { name } } } } } } }`;

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await t.prisma.region.createMany({ data: ['eu', 'us'].map((name) => ({ name, versions: ['v1.0.0'] })) });
  for (const [viewer, count] of [
    ['three@count.test', 3],
    ['twelve@count.test', 12],
  ] as const) {
    const user = await t.prisma.user.create({ data: { email: viewer, name: viewer } });
    for (let i = 0; i < count; i++) {
      const organization = await t.prisma.organization.create({ data: { name: `${viewer} ${i}`, members: { create: { userId: user.id, role: 'OWNER' } } } });
      await t.prisma.region.createMany({ data: ['a', 'b'].map((name) => ({ organizationId: organization.id, name: `${name}-${i}`, versions: ['v1.0.0'] })) });
    }
    await signIn(t, viewer); // first sight, outside the counts
  }
});
afterAll(() => t.close());

describe('Organization.regions under a list of organizations', () => {
  it('costs the same statements for 3 and for 12 organizations, each seeing the public regions and only its own private ones', async () => {
    const runs = [];
    for (const viewer of ['three@count.test', 'twelve@count.test']) {
      const { data, count } = await measure(t, QUERY, viewer);
      for (const { node } of data.organizations.edges) {
        const i = node.name.split(' ').at(-1);
        expect(node.all.totalCount).toBe(4);
        expect(node.all.edges.map((e: any) => e.node.name)).toEqual([`a-${i}`, `b-${i}`, 'eu', 'us']);
        expect(node.private).toMatchObject({ totalCount: 2, edges: [{ node: { name: `a-${i}` } }] });
      }
      runs.push(count);
    }
    expect(runs[1]).toBe(runs[0]);
  });
});
