import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { listing, measure } from '../helpers/statement-counts.js';
import { signIn } from '../helpers/users.js';

// Audit logs, features, licenses and deployments of every organization in one request: a fixed
// number of SQL statements however many organizations there are (no query per organization).

const QUERY = `{
  organizations(first: 30) { edges { node {
    name
    features(first: 10) { totalCount edges { node { name createdAt } } }
    auditLogs(first: 5, actions: ["group.create", "group.update"]) { totalCount edges { node { action actorId actor { email name } targetId changes } } }
    plan
    license { plan expired }
    deployments(first: 10) { totalCount edges { node { name environment } } }
  } } }
}`;

const ENTRIES_PER_ORG = 8;
const FEATURES_PER_ORG = 3;
const DEPLOYMENTS_PER_LICENSE = 2;

let t: TestApp;
let small: string;
let large: string;
beforeAll(async () => {
  t = await createTestApp();
  small = await buildTenants('small', 3);
  large = await buildTenants('large', 12);
  for (const viewer of [small, large]) await signIn(t, viewer); // first sight, outside the counts
});
afterAll(() => t.close());

/** `count` organizations owned by one viewer, each with audit entries by a second member, flags, and a license with deployments. */
async function buildTenants(prefix: string, count: number): Promise<string> {
  const viewer = await t.prisma.user.create({ data: { email: `${prefix}-viewer@count.test`, name: 'Viewer' } });
  const actor = await t.prisma.user.create({ data: { email: `${prefix}-actor@count.test`, name: 'Actor' } });
  for (let i = 0; i < count; i++) {
    const license = await t.prisma.license.create({
      data: {
        plan: 'team',
        deployments: { create: Array.from({ length: DEPLOYMENTS_PER_LICENSE }, (_, k) => ({ name: `dep-${k}`, environment: 'production' })) },
      },
    });
    const org = await t.prisma.organization.create({
      data: {
        name: `${prefix} ${i}`,
        licenseId: license.id,
        members: {
          create: [
            { userId: viewer.id, role: 'OWNER' },
            { userId: actor.id, role: 'ADMIN' },
          ],
        },
        features: { create: Array.from({ length: FEATURES_PER_ORG }, (_, k) => ({ name: `flag-${k}` })) },
      },
    });
    await t.prisma.auditLog.createMany({
      data: Array.from({ length: ENTRIES_PER_ORG }, (_, k) => ({
        organizationId: org.id,
        actorType: 'USER' as const,
        actorId: actor.id,
        action: k % 2 ? 'group.create' : 'member.update',
        targetType: 'Group',
        targetId: randomUUID(),
        changes: { k },
        createdAt: new Date(Date.now() - k * 1000),
      })),
    });
  }
  return viewer.email;
}

describe('audit logs, features, license and deployments under a list of organizations', () => {
  it('cost a fixed number of statements, with the right contents', async () => {
    const runs = { small: await measure(t, QUERY, small), large: await measure(t, QUERY, large) };
    expect(runs.large.count, `3 orgs: ${listing(runs.small)}\n12 orgs: ${listing(runs.large)}`).toBe(runs.small.count);
    // One statement per list and level, one per count.
    expect(runs.large.count, listing(runs.large)).toBe(12);

    for (const [run, size] of [
      [runs.small, 3],
      [runs.large, 12],
    ] as const) {
      const edges = run.data.organizations.edges;
      expect(edges).toHaveLength(size);
      for (const { node } of edges) {
        expect(node.features.totalCount).toBe(FEATURES_PER_ORG);
        expect(node.auditLogs.totalCount).toBe(ENTRIES_PER_ORG / 2);
        expect(node.auditLogs.edges).toHaveLength(ENTRIES_PER_ORG / 2);
        expect(node.auditLogs.edges.every((e: any) => e.node.action === 'group.create' && e.node.actor.email.endsWith('-actor@count.test'))).toBe(true);
        expect(node.plan).toBe('team');
        expect(node.license).toEqual({ plan: 'team', expired: false });
        expect(node.deployments.totalCount).toBe(DEPLOYMENTS_PER_LICENSE);
        expect(node.deployments.edges).toHaveLength(DEPLOYMENTS_PER_LICENSE);
      }
    }
  });
});
