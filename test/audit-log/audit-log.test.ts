import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCodes, expectData, type GraphQLResponse, type TestApp } from '../helpers/app.js';
import { clientToken } from '../helpers/client-tokens.js';
import { addUserTo, ALICE, BOB, CAROL, seedDemo, type Demo } from '../helpers/fixtures.js';
import { gid, rawId } from '../helpers/ids.js';

// The audit log, cross-checked against real mutations sent through HTTP: one entry per
// successful mutation, carrying the request's x-request-id, none for a failed one; read back
// through Organization.auditLogs newest first, with its filters.

const LOG = `query($id: ID!, $first: Int, $last: Int, $after: String, $before: String, $action: String, $actions: [String!], $actorId: ID, $targetType: String, $since: DateTime, $until: DateTime) {
  organization(id: $id) {
    auditLogs(first: $first, last: $last, after: $after, before: $before, action: $action, actions: $actions, actorId: $actorId, targetType: $targetType, since: $since, until: $until) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { id action actorType actorId actor { email } targetType targetId changes requestId createdAt } }
    }
  }
}`;

interface Step {
  requestId: string;
  query: string;
  input: Record<string, unknown>;
  /** The action of the entry it writes; null for a mutation that fails. */
  action: string | null;
  targetType?: string;
}

let t: TestApp;
let demo: Demo;
let acmeId: string;
let aliceId: string;
/** The mutations Alice made, in order, with their responses. */
const done: (Step & { response: GraphQLResponse })[] = [];

const mutation = (field: string, inputType: string, payloadFragment: string) =>
  `mutation($input: ${inputType}!) { ${field}(input: $input) { __typename ... on ${payloadFragment} ... on Error { code } } }`;

beforeAll(async () => {
  t = await createTestApp();
  demo = await seedDemo(t);
  acmeId = rawId(demo.acme);
  aliceId = (await t.prisma.user.findUniqueOrThrow({ where: { email: ALICE } })).id;
  await addUserTo(t, demo.acme, 'admin@acme.test', 'ADMIN');
  // The demo seed writes no audit entries; any there would be left from setup.
  await t.prisma.auditLog.deleteMany();

  const steps: Step[] = [
    {
      requestId: 'req-update-org',
      query: mutation('updateOrganization', 'UpdateOrganizationInput', 'UpdateOrganizationPayload { organization { name } }'),
      input: { organizationId: demo.acme, name: 'Acme Corp' },
      action: 'organization.update',
      targetType: 'Organization',
    },
    {
      requestId: 'req-invite',
      query: mutation('inviteMember', 'InviteMemberInput', 'InviteMemberPayload { invitation { id } }'),
      input: { organizationId: demo.acme, email: 'erin@example.test', role: 'MEMBER' },
      action: 'invitation.create',
      targetType: 'Invitation',
    },
    {
      requestId: 'req-group',
      query: mutation('createGroup', 'CreateGroupInput', 'CreateGroupPayload { group { id } }'),
      input: { organizationId: demo.acme, name: 'Auditors' },
      action: 'group.create',
      targetType: 'Group',
    },
    // Fails: the name is taken. Writes nothing.
    {
      requestId: 'req-group-again',
      query: mutation('createGroup', 'CreateGroupInput', 'CreateGroupPayload { group { id } }'),
      input: { organizationId: demo.acme, name: 'Auditors' },
      action: null,
    },
    {
      requestId: 'req-policy',
      query: mutation('createPolicy', 'CreatePolicyInput', 'CreatePolicyPayload { policy { id } }'),
      input: { organizationId: demo.acme, name: 'Readers', scopes: ['member:read'] },
      action: 'policy.create',
      targetType: 'Policy',
    },
    {
      requestId: 'req-features',
      query: mutation('addFeatures', 'AddFeaturesInput', 'AddFeaturesPayload { alreadyPresent }'),
      input: { organizationId: demo.acme, names: ['audit-ui'] },
      action: 'feature.add',
      targetType: 'Organization',
    },
  ];
  for (const step of steps) {
    const response = await t.gql(step.query, { input: step.input }, { as: ALICE, headers: { 'x-request-id': step.requestId } });
    done.push({ ...step, response });
    // Distinct timestamps, so that newest first is one order.
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
});
afterAll(() => t.close());

const successful = () => done.filter((step) => step.action !== null);
const log = async (variables: Record<string, unknown> = {}, as = ALICE) =>
  expectData(await t.gql(LOG, { id: demo.acme, first: 50, ...variables }, { as })).organization.auditLogs;
const nodes = (connection: any) => connection.edges.map((e: any) => e.node);

describe('every mutation writes its entry (cross-check)', () => {
  it('the mutations did what they should: all succeeded but the repeated group name', () => {
    for (const step of done) {
      const result = Object.values(expectData(step.response))[0] as { __typename: string };
      if (step.action) expect(result.__typename, step.requestId).not.toMatch(/Error$/);
      else expect(result.__typename).toBe('ConflictError');
    }
  });

  it('one entry per successful mutation, with its request id, action, actor and target; none for the failed one', async () => {
    for (const step of done) {
      const rows = await t.prisma.auditLog.findMany({ where: { requestId: step.requestId } });
      if (!step.action) {
        expect(rows, step.requestId).toEqual([]);
        continue;
      }
      expect(rows, step.requestId).toHaveLength(1);
      expect(rows[0]).toMatchObject({ organizationId: acmeId, action: step.action, targetType: step.targetType, actorType: 'USER', actorId: aliceId });
    }
    expect(await t.prisma.auditLog.count()).toBe(successful().length);
  });

  it('Organization.auditLogs lists them newest first, with global ids for actor and target', async () => {
    const connection = await log();
    expect(connection.totalCount).toBe(successful().length);
    const entries = nodes(connection);
    expect(entries.map((e: any) => e.requestId)).toEqual(
      successful()
        .map((s) => s.requestId)
        .reverse(),
    );
    expect(entries.map((e: any) => e.action)).toEqual(
      successful()
        .map((s) => s.action)
        .reverse(),
    );
    const times = entries.map((e: any) => Date.parse(e.createdAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    for (const entry of entries) expect(entry).toMatchObject({ actorType: 'USER', actorId: gid('User', aliceId), actor: { email: ALICE } });

    const group = expectData(done.find((s) => s.requestId === 'req-group')!.response).createGroup.group.id;
    expect(entries.find((e: any) => e.action === 'group.create')).toMatchObject({
      targetType: 'Group',
      targetId: group,
      changes: { name: 'Auditors', description: null },
    });
    expect(entries.find((e: any) => e.action === 'organization.update')).toMatchObject({
      targetId: demo.acme,
      changes: { name: { from: 'Acme', to: 'Acme Corp' } },
    });
    // The target's global id leads back to it.
    expect(expectData(await t.gql(`query($id: ID!) { node(id: $id) { ... on Group { name } } }`, { id: group }, { as: ALICE })).node).toEqual({
      name: 'Auditors',
    });
  });
});

describe('filters', () => {
  it('by action, actions (merged), target type', async () => {
    expect(nodes(await log({ action: 'group.create' })).map((e: any) => e.requestId)).toEqual(['req-group']);
    const two = await log({ actions: ['group.create', 'policy.create'] });
    expect(two.totalCount).toBe(2);
    expect(nodes(two).map((e: any) => e.requestId)).toEqual(['req-policy', 'req-group']);
    expect(nodes(await log({ action: 'feature.add', actions: ['group.create'] })).map((e: any) => e.action)).toEqual(['feature.add', 'group.create']);
    expect((await log({ actions: [] })).totalCount).toBe(successful().length);
    expect(nodes(await log({ targetType: 'Organization' })).map((e: any) => e.requestId)).toEqual(['req-features', 'req-update-org']);
    expect(await log({ action: 'nothing.like.this' })).toMatchObject({ totalCount: 0, edges: [] });
  });

  it('by actor: a User’s or Client’s global id, or a raw id', async () => {
    expect((await log({ actorId: gid('User', aliceId) })).totalCount).toBe(successful().length);
    expect((await log({ actorId: aliceId })).totalCount).toBe(successful().length);
    const bobId = (await t.prisma.user.findUniqueOrThrow({ where: { email: BOB } })).id;
    expect((await log({ actorId: gid('User', bobId) })).totalCount).toBe(0);

    const token = await clientToken(t, acmeId, ['organization:read', 'group:write', 'group:read']);
    const created = expectData(
      await t.gql(
        mutation('createGroup', 'CreateGroupInput', 'CreateGroupPayload { group { id } }'),
        { input: { organizationId: demo.acme, name: 'By robot' } },
        { token },
      ),
    );
    expect(created.createGroup.__typename).toBe('CreateGroupPayload');
    const client = await t.prisma.client.findFirstOrThrow({ where: { organizationId: acmeId }, orderBy: { createdAt: 'desc' } });
    const byClient = await log({ actorId: gid('Client', client.id) });
    expect(nodes(byClient)).toEqual([expect.objectContaining({ action: 'group.create', actorType: 'CLIENT', actorId: gid('Client', client.id), actor: null })]);
    // A User's global id does not match a client's entries with the same raw id, nor the reverse.
    expect((await log({ actorId: gid('User', client.id) })).totalCount).toBe(0);
    await t.prisma.auditLog.deleteMany({ where: { actorId: client.id } });
  });

  it('by time: since inclusive, until exclusive; BAD_USER_INPUT when since is after until', async () => {
    const entries = nodes(await log());
    const group = entries.find((e: any) => e.action === 'group.create');
    const since = nodes(await log({ since: group.createdAt })).map((e: any) => e.requestId);
    expect(since).toEqual(['req-features', 'req-policy', 'req-group']);
    const until = nodes(await log({ until: group.createdAt })).map((e: any) => e.requestId);
    expect(until).toEqual(['req-invite', 'req-update-org']);
    expect(nodes(await log({ since: group.createdAt, until: group.createdAt }))).toEqual([]);

    const response = await t.gql(LOG, { id: demo.acme, since: '2030-01-02T00:00:00Z', until: '2030-01-01T00:00:00Z' }, { as: ALICE });
    expect(response.data?.organization).toEqual({ auditLogs: null });
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('paging', () => {
  it('walks forward with first/after and back with last/before, newest first', async () => {
    const all = nodes(await log()).map((e: any) => e.id);
    const first = await log({ first: 2 });
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const second = await log({ first: 2, after: first.pageInfo.endCursor });
    const rest = await log({ first: 10, after: second.pageInfo.endCursor });
    expect(rest.pageInfo.hasNextPage).toBe(false);
    expect([...nodes(first), ...nodes(second), ...nodes(rest)].map((e: any) => e.id)).toEqual(all);

    const last = await log({ first: null, last: 2 });
    expect(nodes(last).map((e: any) => e.id)).toEqual(all.slice(-2));
    const before = await log({ first: null, last: 2, before: last.pageInfo.startCursor });
    expect(nodes(before).map((e: any) => e.id)).toEqual(all.slice(-4, -2));
    // totalCount ignores the cursor.
    expect(before.totalCount).toBe(all.length);
  });

  it('rejects a cursor it did not issue', async () => {
    const response = await t.gql(LOG, { id: demo.acme, first: 2, after: 'bm90LWEtY3Vyc29y' }, { as: ALICE });
    expect(response.data?.organization).toEqual({ auditLogs: null });
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('who reads the log', () => {
  it('admins read it; members get null with FORBIDDEN; another organization’s user NOT_FOUND', async () => {
    expect((await log({}, 'admin@acme.test')).totalCount).toBe(successful().length);
    const bob = await t.gql(LOG, { id: demo.acme }, { as: BOB });
    expect(bob.data?.organization).toEqual({ auditLogs: null });
    expect(errorCodes(bob)).toEqual(['FORBIDDEN']);
    const carol = await t.gql(LOG, { id: demo.acme }, { as: CAROL });
    expect(carol.data?.organization ?? null).toBeNull();
    expect(errorCodes(carol)).toEqual(['NOT_FOUND']);
  });

  it('a client needs audit_log:read', async () => {
    const reader = await clientToken(t, acmeId, ['organization:read', 'audit_log:read']);
    expect(expectData(await t.gql(LOG, { id: demo.acme, first: 1 }, { token: reader })).organization.auditLogs.edges).toHaveLength(1);
    const other = await clientToken(t, acmeId, ['organization:read', 'member:read']);
    expect(errorCodes(await t.gql(LOG, { id: demo.acme }, { token: other }))).toEqual(['FORBIDDEN']);
  });

  it('node(id) of an entry follows the same rule; entries of other organizations and platform-level ones are not listed or found', async () => {
    const [entry] = nodes(await log({ first: 1 }));
    const NODE = `query($id: ID!) { node(id: $id) { id ... on AuditLogEntry { action } } }`;
    expect(expectData(await t.gql(NODE, { id: entry.id }, { as: ALICE })).node).toEqual({ id: entry.id, action: entry.action });
    expect(errorCodes(await t.gql(NODE, { id: entry.id }, { as: BOB }))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await t.gql(NODE, { id: entry.id }, { as: CAROL }))).toEqual(['NOT_FOUND']);

    const globexId = rawId(demo.globex);
    const foreign = await t.prisma.auditLog.create({
      data: { organizationId: globexId, actorType: 'SYSTEM', action: 'test.foreign', targetType: 'Organization', targetId: globexId },
    });
    const platform = await t.prisma.auditLog.create({
      data: { organizationId: null, actorType: 'SYSTEM', action: 'test.platform', targetType: 'Thing', targetId: randomUUID() },
    });
    const actions = nodes(await log()).map((e: any) => e.action);
    expect(actions).not.toContain('test.foreign');
    expect(actions).not.toContain('test.platform');
    expect(errorCodes(await t.gql(NODE, { id: gid('AuditLogEntry', foreign.id) }, { as: ALICE }))).toEqual(['NOT_FOUND']);
    expect(errorCodes(await t.gql(NODE, { id: gid('AuditLogEntry', platform.id) }, { as: ALICE }))).toEqual(['NOT_FOUND']);
    // Carol sees Globex's: a SYSTEM entry has no actor, and an unknown target type keeps its raw id.
    const globexLog = expectData(await t.gql(LOG, { id: demo.globex, first: 5 }, { as: CAROL })).organization.auditLogs;
    expect(nodes(globexLog)).toEqual([
      expect.objectContaining({ action: 'test.foreign', actorType: 'SYSTEM', actorId: null, actor: null, targetId: demo.globex }),
    ]);
    await t.prisma.auditLog.deleteMany({ where: { id: { in: [foreign.id, platform.id] } } });
  });
});
