import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { rawId } from '../helpers/ids.js';
import { mutate, mutationDocument } from '../helpers/mutations.js';
import { expectNoChange, snapshotOf } from '../helpers/no-change.js';
import { newOrg } from '../helpers/orgs.js';
import { newRegion, newStack } from '../helpers/regions-and-stacks.js';

// deleteOrganization refuses while the organization has live (not deleted) stacks, naming them:
// a stack goes through its own deletion, with its restore window, never as a side effect. Once
// every stack is deleted (soft), the organization goes, and its deleted stacks with it.

const DELETE_ORGANIZATION = mutationDocument('deleteOrganization', 'OrganizationIdInput', '... on DeleteOrganizationPayload { deletedOrganizationId }');
const DELETE_STACK = mutationDocument('deleteStack', 'StackIdInput', '... on DeleteStackPayload { stack { id } }');

/** Everything deleting an organization could remove. */
const snapshot = snapshotOf(['organization', 'member', 'stack', 'stackModule', 'region']);

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('deleteOrganization with stacks', () => {
  it('is a CONFLICT naming the live stacks (name and id), changing nothing; allowed once they are deleted', async () => {
    const o = await newOrg(t, { owner: 'OWNER' });
    const region = await newRegion(t, null);
    const ledger = await newStack(t, o.orgId, region, { name: 'ledger-prod' });
    const payments = await newStack(t, o.orgId, region, { name: 'payments', status: 'DISABLED' });
    await newStack(t, o.orgId, region, { name: 'old', deletedAt: new Date() });

    const refused = await expectNoChange(t, snapshot, () => mutate(t, DELETE_ORGANIZATION, { organizationId: o.org }, o.email.owner));
    expect(refused).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT' });
    expect(refused.message).toBe(
      `The organization still has live stacks: ledger-prod (${rawId(ledger)}), payments (${rawId(payments)}). Delete them first (deleteStack)`,
    );

    expect((await mutate(t, DELETE_STACK, { stackId: ledger }, o.email.owner)).__typename).toBe('DeleteStackPayload');
    const stillOne = await mutate(t, DELETE_ORGANIZATION, { organizationId: o.org }, o.email.owner);
    expect(stillOne.message).toBe(`The organization still has live stacks: payments (${rawId(payments)}). Delete them first (deleteStack)`);

    expect((await mutate(t, DELETE_STACK, { stackId: payments }, o.email.owner)).__typename).toBe('DeleteStackPayload');
    const before = await t.prisma.auditLog.count();
    expect(await mutate(t, DELETE_ORGANIZATION, { organizationId: o.org }, o.email.owner)).toEqual({
      __typename: 'DeleteOrganizationPayload',
      deletedOrganizationId: o.org,
    });
    expect(await t.prisma.auditLog.count()).toBe(before + 1);
    expect(await t.prisma.organization.count({ where: { id: o.orgId } })).toBe(0);
    expect(await t.prisma.stack.count({ where: { organizationId: o.orgId } })).toBe(0);
  });

  it('names the first 10 live stacks by name, and how many more there are', async () => {
    const o = await newOrg(t, { owner: 'OWNER' });
    const region = await newRegion(t, null);
    for (let i = 13; i >= 1; i--) await newStack(t, o.orgId, region, { name: `s${String(i).padStart(2, '0')}` });
    const refused = await expectNoChange(t, snapshot, () => mutate(t, DELETE_ORGANIZATION, { organizationId: o.org }, o.email.owner));
    const named = [...refused.message.matchAll(/(s\d\d) \(/g)].map((m) => m[1]);
    expect(named).toEqual(['s01', 's02', 's03', 's04', 's05', 's06', 's07', 's08', 's09', 's10']);
    expect(refused.message).toContain(', and 3 more. Delete them first (deleteStack)');
  });

  it('an organization without stacks is deleted at once', async () => {
    const o = await newOrg(t, { owner: 'OWNER', m: 'MEMBER' });
    expect((await mutate(t, DELETE_ORGANIZATION, { organizationId: o.org }, o.email.owner)).__typename).toBe('DeleteOrganizationPayload');
    expect(await t.prisma.member.count({ where: { organizationId: o.orgId } })).toBe(0);
  });
});
