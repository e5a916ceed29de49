import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, expectData, type TestApp } from '../helpers/app.js';
import { gid } from '../helpers/ids.js';
import { connectionOf, walk, type Page } from './paging.js';

const INVITATIONS = `query($id: ID!, $status: [InvitationStatus!], $first: Int, $after: String, $last: Int, $before: String) {
  organization(id: $id) { invitations(status: $status, first: $first, after: $after, last: $last, before: $before) { ${connectionOf('email status')} } }
}`;
const MY_INVITATIONS = `query($status: [InvitationStatus!]) { me { invitations(status: $status) { ${connectionOf('email status organization { name }')} } } }`;

type InvitationNode = { email: string; status: string };

const DAY = 86_400_000;
// Sent one day apart in this order; the list reads newest first.
const SENT = [
  { email: 'pending@inv.test', status: 'PENDING', expiresIn: 7 * DAY, reads: 'PENDING' },
  { email: 'lapsed@inv.test', status: 'PENDING', expiresIn: -DAY, reads: 'EXPIRED' },
  { email: 'accepted@inv.test', status: 'ACCEPTED', expiresIn: 7 * DAY, reads: 'ACCEPTED' },
  { email: 'declined@inv.test', status: 'DECLINED', expiresIn: 7 * DAY, reads: 'DECLINED' },
  { email: 'cancelled@inv.test', status: 'CANCELLED', expiresIn: 7 * DAY, reads: 'CANCELLED' },
  { email: 'stored-expired@inv.test', status: 'EXPIRED', expiresIn: -2 * DAY, reads: 'EXPIRED' },
  { email: 'lapsed@inv.test', status: 'CANCELLED', expiresIn: 7 * DAY, reads: 'CANCELLED' },
] as const;
const NEWEST_FIRST = [...SENT].reverse().map((s) => ({ email: s.email, status: s.reads }));

const OWNER = { as: 'ivy@inv.test' };

let t: TestApp;
let org: string;

beforeAll(async () => {
  t = await createTestApp();
  const owner = await t.prisma.user.create({ data: { email: 'ivy@inv.test', name: 'Ivy' } });
  const organization = await t.prisma.organization.create({ data: { name: 'Invites Inc', members: { create: { userId: owner.id, role: 'OWNER' } } } });
  const other = await t.prisma.organization.create({ data: { name: 'Other Inc' } });
  const now = Date.now();
  for (const [i, sent] of SENT.entries()) {
    await t.prisma.invitation.create({
      data: {
        organizationId: organization.id,
        email: sent.email,
        pendingEmail: sent.status === 'PENDING' ? sent.email : null,
        role: 'MEMBER',
        status: sent.status,
        invitedById: owner.id,
        createdAt: new Date(now - (30 - i) * DAY),
        expiresAt: new Date(now + sent.expiresIn),
      },
    });
  }
  // Another organization's invitation to the same address, for the invitee's own list.
  await t.prisma.invitation.create({
    data: {
      organizationId: other.id,
      email: 'pending@inv.test',
      pendingEmail: 'pending@inv.test',
      role: 'GUEST',
      expiresAt: new Date(now + DAY),
      createdAt: new Date(now - DAY),
    },
  });
  org = gid('Organization', organization.id);
});
afterAll(() => t.close());

async function invitations(variables: Record<string, unknown>): Promise<Page<InvitationNode>> {
  return expectData(await t.gql(INVITATIONS, { id: org, ...variables }, OWNER)).organization.invitations;
}
const rowsOf = (page: Page<InvitationNode>) => page.edges.map((e) => e.node);

describe('Organization.invitations', () => {
  it('lists all invitations newest first, a lapsed pending one reading EXPIRED', async () => {
    const page = await invitations({});
    expect(rowsOf(page)).toEqual(NEWEST_FIRST);
    expect(page.totalCount).toBe(7);
  });

  it('filters by the status a reader sees: EXPIRED includes pending invitations past their expiry', async () => {
    const expired = await invitations({ status: ['EXPIRED'] });
    expect(rowsOf(expired)).toEqual([
      { email: 'stored-expired@inv.test', status: 'EXPIRED' },
      { email: 'lapsed@inv.test', status: 'EXPIRED' },
    ]);
    expect(expired.totalCount).toBe(2);
  });

  it('filters PENDING to invitations that can still be accepted', async () => {
    const pending = await invitations({ status: ['PENDING'] });
    expect(rowsOf(pending)).toEqual([{ email: 'pending@inv.test', status: 'PENDING' }]);
    expect(pending.totalCount).toBe(1);
  });

  it('filters by several statuses at once', async () => {
    const page = await invitations({ status: ['ACCEPTED', 'DECLINED', 'PENDING'] });
    expect(rowsOf(page).map((r) => r.status)).toEqual(['DECLINED', 'ACCEPTED', 'PENDING']);
    expect(page.totalCount).toBe(3);
    expect(rowsOf(await invitations({ status: ['CANCELLED'] })).map((r) => r.email)).toEqual(['lapsed@inv.test', 'cancelled@inv.test']);
  });

  it('pages through a filtered list both ways', async () => {
    for (const direction of ['forward', 'backward'] as const) {
      const final = await walk((args) => invitations({ ...args, status: ['ACCEPTED', 'DECLINED', 'CANCELLED', 'EXPIRED'] }), 2, direction);
      expect(final.totalCount).toBe(6);
      expect(final.nodes).toEqual(NEWEST_FIRST.filter((r) => r.status !== 'PENDING'));
    }
  });
});

describe('me.invitations', () => {
  it('lists invitations addressed to the caller across organizations, with the status filter', async () => {
    const all = expectData(await t.gql(MY_INVITATIONS, {}, { as: 'pending@inv.test' })).me.invitations;
    expect(all.totalCount).toBe(2);
    expect(all.edges.map((e: any) => e.node.organization.name)).toEqual(['Other Inc', 'Invites Inc']);
    const lapsed = expectData(await t.gql(MY_INVITATIONS, { status: ['EXPIRED'] }, { as: 'lapsed@inv.test' })).me.invitations;
    expect(lapsed.edges.map((e: any) => e.node.status)).toEqual(['EXPIRED']);
    expect(lapsed.totalCount).toBe(1);
  });
});
