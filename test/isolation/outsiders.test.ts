import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCodes, expectData, type TestApp } from '../helpers/app.js';
import { addUserTo, seedDemo, type Demo } from '../helpers/fixtures.js';
import { gid, rawId } from '../helpers/ids.js';

// An outsider — someone with no active membership — must learn nothing about an organization
// or anything under it, by any path: organization(id), node, nodes, organizations, and the
// memberships of a user met through a shared organization.

const ORGANIZATION = `query($id: ID!) { organization(id: $id) { id name } }`;
const NODE = `query($id: ID!) { node(id: $id) { id __typename ... on Organization { name } ... on Member { role } ... on Invitation { email } ... on User { email } } }`;
const NODES = `query($ids: [ID!]!) { nodes(ids: $ids) { id __typename } }`;
const ORGANIZATIONS = `{ organizations { totalCount edges { node { name } } } }`;
const MEMBERS_WITH_MEMBERSHIPS = `query($id: ID!) {
  organization(id: $id) { members { edges { node { user { email memberships { totalCount edges { node { id organization { name } } } } } } } } }
}`;
const MY_MEMBERSHIPS = `{ me { memberships { totalCount edges { node { id organization { name } } } } } }`;

const ALICE = { as: 'alice@acme.test' };
const CAROL = { as: 'carol@globex.test' };
const DAVE = { as: 'dave@example.test' };
const SAM = { as: 'sam@globex.test' };

let t: TestApp;
let demo: Demo;
/** Global ids of things in Globex that Acme people must not see. */
let globex: { organization: string; carolMember: string; bobMember: string; invitation: string; carolUser: string };
let bobUser: string;

beforeAll(async () => {
  t = await createTestApp();
  demo = await seedDemo(t);
  const bobMember = await addUserTo(t, demo.globex, 'bob@acme.test', 'MEMBER');
  // sam belongs to Globex only as a suspended member: no access.
  const samMember = await addUserTo(t, demo.globex, 'sam@globex.test', 'ADMIN');
  await t.prisma.member.update({ where: { id: rawId(samMember) }, data: { status: 'SUSPENDED' } });
  const carol = await t.prisma.user.findUniqueOrThrow({ where: { email: 'carol@globex.test' } });
  const bob = await t.prisma.user.findUniqueOrThrow({ where: { email: 'bob@acme.test' } });
  const invitation = await t.prisma.invitation.create({
    data: {
      organizationId: rawId(demo.globex),
      email: 'erin@example.test',
      pendingEmail: 'erin@example.test',
      role: 'MEMBER',
      invitedById: carol.id,
      expiresAt: new Date(Date.now() + 86_400_000),
    },
  });
  globex = {
    organization: demo.globex,
    carolMember: demo.members['carol@globex.test']!,
    bobMember,
    invitation: gid('Invitation', invitation.id),
    carolUser: gid('User', carol.id),
  };
  bobUser = gid('User', bob.id);
});
afterAll(() => t.close());

describe('organization(id)', () => {
  it('answers NOT_FOUND to outsiders, the same as for an organization that does not exist', async () => {
    const foreign = await t.gql(ORGANIZATION, { id: globex.organization }, ALICE);
    const missing = await t.gql(ORGANIZATION, { id: gid('Organization', '00000000-0000-4000-8000-000000000000') }, ALICE);
    expect(errorCodes(foreign)).toEqual(['NOT_FOUND']);
    expect(foreign.data?.organization ?? null).toBeNull();
    expect(foreign.errors?.[0]?.message).toBe(missing.errors?.[0]?.message);
    expect(errorCodes(await t.gql(ORGANIZATION, { id: demo.acme }, CAROL))).toEqual(['NOT_FOUND']);
    expect(errorCodes(await t.gql(ORGANIZATION, { id: demo.acme }, DAVE))).toEqual(['NOT_FOUND']);
  });

  it('treats a suspended member as an outsider', async () => {
    expect(errorCodes(await t.gql(ORGANIZATION, { id: globex.organization }, SAM))).toEqual(['NOT_FOUND']);
    expect(expectData(await t.gql(ORGANIZATIONS, {}, SAM)).organizations.totalCount).toBe(0);
    expect(expectData(await t.gql(MY_MEMBERSHIPS, {}, SAM)).me.memberships.edges).toEqual([]);
  });

  it('lets a member read its own organization (control)', async () => {
    expect(expectData(await t.gql(ORGANIZATION, { id: globex.organization }, CAROL)).organization.name).toBe('Globex');
  });
});

describe('node and nodes', () => {
  const foreignIds = () => [globex.organization, globex.carolMember, globex.bobMember, globex.invitation];

  it('give null for another organization, its members and its invitations', async () => {
    for (const id of foreignIds()) {
      const result = await t.gql(NODE, { id }, ALICE);
      expect(result.data?.node ?? null, id).toBeNull();
    }
  });

  it('give the same objects to a member of that organization (control)', async () => {
    const data = expectData(await t.gql(NODES, { ids: foreignIds() }, CAROL));
    expect(data.nodes.map((n: { __typename: string }) => n.__typename)).toEqual(['Organization', 'Member', 'Member', 'Invitation']);
  });

  it('reveal nothing of foreign ids in nodes(ids)', async () => {
    const result = await t.gql(NODES, { ids: foreignIds() }, ALICE);
    const nodes: unknown[] = result.data?.nodes ?? [];
    expect(nodes.filter((n) => n !== null)).toEqual([]);
  });

  // Once a masked Prisma P2025 (INTERNAL_SERVER_ERROR) that also nulled the whole nodes list.
  it('answer null for invisible ids without an internal error, keeping visible nodes in nodes(ids)', async () => {
    const single = await t.gql(NODE, { id: globex.organization }, ALICE);
    expect(errorCodes(single)).not.toContain('INTERNAL_SERVER_ERROR');
    const mixed = await t.gql(NODES, { ids: [demo.acme, globex.organization, globex.carolMember] }, ALICE);
    expect(errorCodes(mixed)).not.toContain('INTERNAL_SERVER_ERROR');
    expect(mixed.data?.nodes).toEqual([{ id: demo.acme, __typename: 'Organization' }, null, null]);
  });

  it('give null for a user who shares no organization with the caller', async () => {
    expect((await t.gql(NODE, { id: globex.carolUser }, ALICE)).data?.node ?? null).toBeNull();
    expect((await t.gql(NODE, { id: bobUser }, DAVE)).data?.node ?? null).toBeNull();
  });

  it('give a user who shares an organization (control)', async () => {
    expect(expectData(await t.gql(NODE, { id: bobUser }, ALICE)).node).toMatchObject({ __typename: 'User', email: 'bob@acme.test' });
    expect(expectData(await t.gql(NODE, { id: bobUser }, CAROL)).node).toMatchObject({ __typename: 'User', email: 'bob@acme.test' });
  });
});

describe('organizations', () => {
  it('lists only the caller’s own organizations', async () => {
    const names = async (who: { as: string }) => {
      const data = expectData(await t.gql(ORGANIZATIONS, {}, who));
      return { total: data.organizations.totalCount, names: data.organizations.edges.map((e: any) => e.node.name) };
    };
    expect(await names(ALICE)).toEqual({ total: 1, names: ['Acme'] });
    expect(await names(CAROL)).toEqual({ total: 1, names: ['Globex'] });
    expect(await names({ as: 'bob@acme.test' })).toEqual({ total: 2, names: ['Acme', 'Globex'] });
    expect(await names(DAVE)).toEqual({ total: 0, names: [] });
  });
});

describe('a user met through a shared organization', () => {
  const membershipsOf = async (email: string, viewer: { as: string }, organization: string) => {
    const data = expectData(await t.gql(MEMBERS_WITH_MEMBERSHIPS, { id: organization }, viewer));
    const user = data.organization.members.edges.map((e: any) => e.node.user).find((u: any) => u.email === email);
    return {
      total: user.memberships.totalCount,
      names: user.memberships.edges.map((e: any) => e.node.organization.name),
      ids: user.memberships.edges.map((e: any) => e.node.id),
    };
  };

  it('shows only memberships in organizations the caller can see', async () => {
    const seenByAlice = await membershipsOf('bob@acme.test', ALICE, demo.acme);
    expect(seenByAlice).toMatchObject({ total: 1, names: ['Acme'] });
    expect(seenByAlice.ids).not.toContain(globex.bobMember);
    const seenByCarol = await membershipsOf('bob@acme.test', CAROL, globex.organization);
    expect(seenByCarol).toMatchObject({ total: 1, names: ['Globex'], ids: [globex.bobMember] });
  });

  it('shows the user itself all its memberships in me.memberships', async () => {
    const data = expectData(await t.gql(MY_MEMBERSHIPS, {}, { as: 'bob@acme.test' }));
    expect(data.me.memberships.totalCount).toBe(2);
    expect(data.me.memberships.edges.map((e: any) => e.node.organization.name).sort()).toEqual(['Acme', 'Globex']);
  });

  it('keeps another user’s invitations empty', async () => {
    const data = expectData(
      await t.gql(`query($id: ID!) { node(id: $id) { ... on User { email invitations { totalCount edges { node { id } } } } } }`, { id: bobUser }, ALICE),
    );
    // bob has no invitations; dave does, and alice may see dave's invitation only through Acme.
    expect(data.node.invitations).toEqual({ totalCount: 0, edges: [] });
    const dave = await t.prisma.user.findUniqueOrThrow({ where: { email: 'dave@example.test' } });
    await addUserTo(t, demo.acme, 'dave@example.test', 'GUEST');
    try {
      const viaNode = expectData(
        await t.gql(
          `query($id: ID!) { node(id: $id) { ... on User { invitations { totalCount edges { node { id } } } } } }`,
          { id: gid('User', dave.id) },
          ALICE,
        ),
      );
      expect(viaNode.node.invitations).toEqual({ totalCount: 0, edges: [] });
    } finally {
      await t.prisma.member.deleteMany({ where: { userId: dave.id } });
    }
  });
});

describe('an invitee', () => {
  it('sees its invitation but nothing under the organization it is invited to', async () => {
    const result = await t.gql(
      `query($id: ID!) { node(id: $id) { ... on Invitation { email organization { members { totalCount edges { node { role } } } invitations { totalCount } } } } }`,
      { id: demo.daveInvitation },
      DAVE,
    );
    expect(errorCodes(result).length).toBeGreaterThan(0);
    expect(errorCodes(result).every((code) => code === 'NOT_FOUND')).toBe(true);
    expect(JSON.stringify(result.data ?? {})).not.toContain('OWNER');
    expect(JSON.stringify(result.data ?? {})).not.toContain('totalCount');
  });

  it('cannot see another address’s invitation to an organization it is not in', async () => {
    expect((await t.gql(NODE, { id: demo.daveInvitation }, { as: 'erin@example.test' })).data?.node ?? null).toBeNull();
  });
});
