import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_SCOPES, SCOPE_CATALOG } from '../../src/auth/scopes.js';
import { errorCodes, expectData, type TestApp } from '../helpers/app.js';
import { ALICE, BOB, CAROL, createDemoApp, type Demo } from '../helpers/fixtures.js';
import { expectFieldForbidden, expectHidden, expectMutationDenied, expectObjectForbidden, NODE_ID } from '../helpers/denied.js';
import { rawId } from '../helpers/ids.js';
import { expectAuditedMutation, runMutation } from '../helpers/mutations.js';
import { newOrg } from '../helpers/orgs.js';
import {
  ADD_SCOPE,
  ATTACH_TO_GROUP,
  ATTACH_TO_MEMBER,
  CREATE_POLICY,
  DELETE_POLICY,
  REMOVE_SCOPE,
  UPDATE_POLICY,
  expectRefused,
  newGroup,
  newPolicy,
  policyGid,
  snapshot,
} from '../helpers/policies-and-groups.js';

/** The roles' built-in policies, the same in every organization. */
const BUILT_IN = {
  OWNER: policyGid('builtin-owner'),
  ADMIN: policyGid('builtin-admin'),
  MEMBER: policyGid('builtin-member'),
  GUEST: policyGid('builtin-guest'),
};

let t: TestApp;
let demo: Demo;
beforeAll(async () => ({ t, demo } = await createDemoApp()));
afterAll(() => t.close());

describe('createPolicy', () => {
  it('creates a custom policy with its scopes in catalog order, without duplicates, with one audit entry', async () => {
    const o = await newOrg(t, { owner: 'OWNER' });
    const { result, entry } = await expectAuditedMutation(
      t,
      CREATE_POLICY,
      { organizationId: o.org, name: '  Auditors ', description: 'Read the trail', scopes: ['audit_log:read', 'member:read', 'audit_log:read'] },
      o.email.owner!,
      { payload: 'CreatePolicyPayload', action: 'policy.create', organizationId: o.orgId, targetType: 'Policy' },
    );
    expect(result.policy).toMatchObject({
      name: 'Auditors',
      description: 'Read the trail',
      builtIn: false,
      role: null,
      scopes: ['member:read', 'audit_log:read'],
      organization: { id: o.org },
    });
    expect(entry.targetId).toBe(rawId(result.policy.id));
    expect(entry.changes).toMatchObject({ name: 'Auditors', scopes: ['member:read', 'audit_log:read'] });
    expect(await t.prisma.policy.findUniqueOrThrow({ where: { id: rawId(result.policy.id) } })).toMatchObject({
      organizationId: o.orgId,
      scopes: ['member:read', 'audit_log:read'],
    });
  });

  it('answers ValidationError with the paths of unknown scopes and an empty name', async () => {
    const result = await expectRefused(
      t,
      CREATE_POLICY,
      { organizationId: demo.acme, name: ' ', scopes: ['member:read', 'member:admin'] },
      ALICE,
      'ValidationError',
    );
    expect(result.code).toBe('BAD_USER_INPUT');
    expect(result.fields.map((f: { path: string[] }) => f.path)).toEqual(
      expect.arrayContaining([
        ['input', 'name'],
        ['input', 'scopes', '1'],
      ]),
    );
  });

  it('answers ConflictError for a name taken in the organization (case-insensitively) or by a built-in policy', async () => {
    const o = await newOrg(t, { owner: 'OWNER' });
    await newPolicy(t, o.orgId, ['member:read'], { name: 'Readers' });
    await expectRefused(t, CREATE_POLICY, { organizationId: o.org, name: 'READERS', scopes: [] }, o.email.owner!, 'ConflictError');
    await expectRefused(t, CREATE_POLICY, { organizationId: o.org, name: 'owner', scopes: [] }, o.email.owner!, 'ConflictError');
    // The same name in another organization is fine.
    const other = await newOrg(t, { owner: 'OWNER' });
    expect((await runMutation(t, CREATE_POLICY, { organizationId: other.org, name: 'Readers', scopes: [] }, other.email.owner!)).result.__typename).toBe(
      'CreatePolicyPayload',
    );
  });

  it('hides the organization from an owner of another organization, refuses a member without policy:write, and demands a token', async () => {
    const input = { organizationId: demo.acme, name: 'Nope', scopes: [] };
    expect((await expectMutationDenied(t, snapshot, CREATE_POLICY, input, { outsider: CAROL, member: BOB })).resource).toBe('Organization');
  });
});

describe('updatePolicy, deletePolicy, addPolicyScope, removePolicyScope', () => {
  it('renames and describes a custom policy, with one audit entry of the changes', async () => {
    const o = await newOrg(t, { owner: 'OWNER' });
    const policy = await newPolicy(t, o.orgId, ['member:read'], { name: 'Before' });
    const { result, entry } = await expectAuditedMutation(t, UPDATE_POLICY, { policyId: policy, name: 'After', description: 'Described' }, o.email.owner!, {
      payload: 'UpdatePolicyPayload',
      action: 'policy.update',
      organizationId: o.orgId,
      targetType: 'Policy',
      targetId: rawId(policy),
    });
    expect(result.policy).toMatchObject({ id: policy, name: 'After', description: 'Described', scopes: ['member:read'] });
    expect(entry.changes).toEqual({ name: { from: 'Before', to: 'After' }, description: { from: null, to: 'Described' } });
  });

  it('adds and removes scopes, with one audit entry each', async () => {
    const o = await newOrg(t, { owner: 'OWNER' });
    const policy = await newPolicy(t, o.orgId, ['member:read']);
    const added = await expectAuditedMutation(t, ADD_SCOPE, { policyId: policy, scope: 'audit_log:read' }, o.email.owner!, {
      payload: 'AddPolicyScopePayload',
      action: 'policy.add_scope',
      organizationId: o.orgId,
      targetType: 'Policy',
      targetId: rawId(policy),
    });
    expect(added.result.policy.scopes).toEqual(['member:read', 'audit_log:read']);
    expect(added.entry.changes).toEqual({ scopes: { from: ['member:read'], to: ['member:read', 'audit_log:read'] } });
    const removed = await expectAuditedMutation(t, REMOVE_SCOPE, { policyId: policy, scope: 'member:read' }, o.email.owner!, {
      payload: 'RemovePolicyScopePayload',
      action: 'policy.remove_scope',
      organizationId: o.orgId,
      targetType: 'Policy',
      targetId: rawId(policy),
    });
    expect(removed.result.policy.scopes).toEqual(['audit_log:read']);
  });

  it('answers ConflictError for a scope the policy has already or lacks, and ValidationError for one outside the catalog', async () => {
    const o = await newOrg(t, { owner: 'OWNER' });
    const policy = await newPolicy(t, o.orgId, ['member:read']);
    await expectRefused(t, ADD_SCOPE, { policyId: policy, scope: 'member:read' }, o.email.owner!, 'ConflictError');
    await expectRefused(t, REMOVE_SCOPE, { policyId: policy, scope: 'group:read' }, o.email.owner!, 'ConflictError');
    const invalid = await expectRefused(t, ADD_SCOPE, { policyId: policy, scope: 'everything' }, o.email.owner!, 'ValidationError');
    expect(invalid.fields[0].path).toEqual(['input', 'scope']);
  });

  it('deletes a custom policy, detaching it everywhere, with one audit entry', async () => {
    const o = await newOrg(t, { owner: 'OWNER', m: 'MEMBER' });
    const policy = await newPolicy(t, o.orgId, ['group:write'], { members: [o.member.m!] });
    await newGroup(t, o.orgId, { policies: [policy] });
    const { result, entry } = await expectAuditedMutation(t, DELETE_POLICY, { policyId: policy }, o.email.owner!, {
      payload: 'DeletePolicyPayload',
      action: 'policy.delete',
      organizationId: o.orgId,
      targetType: 'Policy',
      targetId: rawId(policy),
    });
    expect(result).toMatchObject({ deletedPolicyId: policy, organization: { id: o.org } });
    expect(entry.changes).toMatchObject({ detachedFromMembers: 1, detachedFromGroups: 1 });
    expect(await t.prisma.policy.count({ where: { id: rawId(policy) } })).toBe(0);
    expect(await t.prisma.memberPolicy.count({ where: { policyId: rawId(policy) } })).toBe(0);
    expect(await t.prisma.groupPolicy.count({ where: { policyId: rawId(policy) } })).toBe(0);
  });

  it('hides another organization’s policy (NOT_FOUND) and refuses a member without policy:write (FORBIDDEN), on every path', async () => {
    const [acmeId] = [rawId(demo.acme)];
    const policy = await newPolicy(t, acmeId, ['member:read']);
    const cases: [string, Record<string, unknown>][] = [
      [UPDATE_POLICY, { policyId: policy, name: 'Renamed' }],
      [DELETE_POLICY, { policyId: policy }],
      [ADD_SCOPE, { policyId: policy, scope: 'organization:read' }],
      [REMOVE_SCOPE, { policyId: policy, scope: 'member:read' }],
    ];
    for (const [document, input] of cases) {
      expect((await expectMutationDenied(t, snapshot, document, input, { outsider: CAROL, member: BOB })).resource).toBe('Policy');
    }
  });
});

describe('built-in policies', () => {
  const LIST = `query($id: ID!, $builtIn: Boolean) { organization(id: $id) { policies(first: 100, builtIn: $builtIn) { totalCount edges { node { id name builtIn role scopes viewerCan { update delete attach } } } } } }`;

  it('are listed with every organization’s policies, first, with the roles’ scopes', async () => {
    const o = await newOrg(t, { owner: 'OWNER' });
    const custom = await newPolicy(t, o.orgId, ['member:read'], { name: 'Custom' });
    const { organization } = expectData<any>(await t.gql(LIST, { id: o.org }, { as: o.email.owner! }));
    expect(organization.policies.totalCount).toBe(5);
    const nodes = organization.policies.edges.map((e: any) => e.node);
    expect(
      nodes
        .slice(0, 4)
        .map((p: any) => p.role)
        .sort(),
    ).toEqual(['ADMIN', 'GUEST', 'MEMBER', 'OWNER']);
    expect(nodes.slice(0, 4).every((p: any) => p.builtIn && !p.viewerCan.update && !p.viewerCan.delete && !p.viewerCan.attach)).toBe(true);
    expect(nodes.find((p: any) => p.role === 'OWNER').scopes).toEqual(ALL_SCOPES);
    expect(nodes.find((p: any) => p.role === 'GUEST').scopes).toEqual(['organization:read', 'member:read']);
    expect(nodes[4]).toMatchObject({ id: custom, builtIn: false, role: null, viewerCan: { update: true, delete: true, attach: true } });
    // Filters: only built-in, only custom.
    const builtIn = expectData<any>(await t.gql(LIST, { id: o.org, builtIn: true }, { as: o.email.owner! })).organization.policies;
    expect(builtIn.totalCount).toBe(4);
    const customOnly = expectData<any>(await t.gql(LIST, { id: o.org, builtIn: false }, { as: o.email.owner! })).organization.policies;
    expect(customOnly.edges.map((e: any) => e.node.id)).toEqual([custom]);
  });

  it('can be read by id by any signed-in user, not anonymously', async () => {
    const query = `query($id: ID!) { policy(id: $id) { name builtIn role } }`;
    expect(expectData<any>(await t.gql(query, { id: BUILT_IN.ADMIN }, { as: CAROL })).policy).toEqual({ name: 'Admin', builtIn: true, role: 'ADMIN' });
    expect(errorCodes(await t.gql(query, { id: BUILT_IN.ADMIN }))).toEqual(['UNAUTHENTICATED']);
    const node = await t.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: BUILT_IN.ADMIN });
    expect(errorCodes(node)).toEqual(['NOT_FOUND']);
  });

  it('cannot be changed, deleted, given or stripped of scopes, or attached, not even by an owner', async () => {
    const group = await newGroup(t, rawId(demo.acme));
    const cases: [string, Record<string, unknown>][] = [
      [UPDATE_POLICY, { policyId: BUILT_IN.MEMBER, name: 'Renamed' }],
      [DELETE_POLICY, { policyId: BUILT_IN.GUEST }],
      [ADD_SCOPE, { policyId: BUILT_IN.MEMBER, scope: 'group:write' }],
      [REMOVE_SCOPE, { policyId: BUILT_IN.ADMIN, scope: 'member:write' }],
      [ATTACH_TO_MEMBER, { policyId: BUILT_IN.ADMIN, memberId: demo.members[BOB] }],
      [ATTACH_TO_GROUP, { policyId: BUILT_IN.ADMIN, groupId: group }],
    ];
    for (const [document, input] of cases) {
      const result = await expectRefused(t, document, input, ALICE, 'ForbiddenError');
      expect(result.message).toMatch(/Built-in policies/);
    }
  });
});

describe('reading policies', () => {
  const POLICY = `query($id: ID!) { policy(id: $id) { id name scopes members { totalCount edges { node { id } } } groups { totalCount edges { node { id name } } } } }`;

  it('policy(id) shows a custom policy with who it is attached to', async () => {
    const o = await newOrg(t, { owner: 'OWNER', m: 'MEMBER', g: 'GUEST' });
    const policy = await newPolicy(t, o.orgId, ['member:read'], { members: [o.member.m!, o.member.g!] });
    const group = await newGroup(t, o.orgId, { name: 'Team', policies: [policy] });
    const { policy: read } = expectData<any>(await t.gql(POLICY, { id: policy }, { as: o.email.m! }));
    expect(read.members.totalCount).toBe(2);
    const attached = read.members.edges.map((e: any) => e.node.id);
    expect([...attached].sort()).toEqual([o.member.m, o.member.g].sort());
    expect(read.groups).toEqual({ totalCount: 1, edges: [{ node: { id: group, name: 'Team' } }] });
    const paged = expectData<any>(
      await t.gql(
        `query($id: ID!) { policy(id: $id) { members(first: 1) { edges { node { id } } pageInfo { hasNextPage endCursor } } } }`,
        { id: policy },
        { as: o.email.owner! },
      ),
    );
    expect(paged.policy.members.pageInfo.hasNextPage).toBe(true);
    const next = expectData<any>(
      await t.gql(
        `query($id: ID!, $after: String) { policy(id: $id) { members(first: 1, after: $after) { edges { node { id } } pageInfo { hasNextPage } } } }`,
        { id: policy, after: paged.policy.members.pageInfo.endCursor },
        { as: o.email.owner! },
      ),
    );
    expect(next.policy.members).toEqual({ edges: [{ node: { id: attached[1] } }], pageInfo: { hasNextPage: false } });
    expect(paged.policy.members.edges).toEqual([{ node: { id: attached[0] } }]);
  });

  it('is NOT_FOUND for an outsider by every path, and FORBIDDEN for a member without policy:read', async () => {
    const o = await newOrg(t, { owner: 'OWNER', g: 'GUEST' });
    const policy = await newPolicy(t, o.orgId, ['member:read'], { members: [o.member.owner!] });
    await expectHidden(t, CAROL, [
      [POLICY, { id: policy }],
      [NODE_ID, { id: policy }],
    ]);
    await expectObjectForbidden(t, o.email.g!, [POLICY, { id: policy }], 'policy');
    const listed = `query($id: ID!) { organization(id: $id) { name policies { totalCount } } }`;
    await expectFieldForbidden(t, o.email.g!, [listed, { id: o.org }], { organization: { name: expect.any(String), policies: null } });
    const ofMember = `query($id: ID!) { node(id: $id) { ... on Member { role policies { totalCount } } } }`;
    await expectFieldForbidden(t, o.email.g!, [ofMember, { id: o.member.owner }], { node: { role: 'OWNER', policies: null } });
  });
});

describe('the scope catalog', () => {
  it('is public: every scope with its description and the roles that include it', async () => {
    const response = await t.gql(`{ scopes { name description roles } }`);
    const { scopes } = expectData<any>(response);
    expect(scopes.map((s: any) => s.name)).toEqual(ALL_SCOPES);
    expect(scopes.every((s: any) => s.description === SCOPE_CATALOG[s.name as keyof typeof SCOPE_CATALOG])).toBe(true);
    expect(scopes.find((s: any) => s.name === 'organization:delete').roles).toEqual(['OWNER']);
    expect(scopes.find((s: any) => s.name === 'member:read').roles).toEqual(['OWNER', 'ADMIN', 'MEMBER', 'GUEST']);
  });
});
