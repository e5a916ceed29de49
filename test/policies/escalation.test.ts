import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectData, type TestApp } from '../helpers/app.js';
import { createDemoApp } from '../helpers/fixtures.js';
import { rawId } from '../helpers/ids.js';
import { runMutation } from '../helpers/mutations.js';
import { newOrg, type TestOrg } from '../helpers/orgs.js';
import {
  ADD_GROUP_MEMBER,
  ADD_SCOPE,
  ATTACH_TO_GROUP,
  ATTACH_TO_MEMBER,
  CREATE_POLICY,
  DELETE_GROUP,
  DELETE_POLICY,
  DETACH_FROM_GROUP,
  DETACH_FROM_MEMBER,
  REMOVE_GROUP_MEMBER,
  REMOVE_SCOPE,
  UPDATE_POLICY,
  expectRefused,
  newGroup,
  newPolicy,
} from '../helpers/policies-and-groups.js';
import { raceTitle } from '../helpers/race.js';

// Invariant 2 for policies and groups: nobody hands out, edits, attaches or detaches scopes they
// do not hold, by any path; nobody changes the access of a member ranked above them. And the
// viewerCan fields report exactly what the mutations allow.

let t: TestApp;
beforeAll(async () => ({ t } = await createDemoApp()));
afterAll(() => t.close());

async function expectForbidden(document: string, input: Record<string, unknown>, as: string) {
  const result = await expectRefused(t, document, input, as, 'ForbiddenError');
  expect(result.code).toBe('FORBIDDEN');
  return result;
}

/** An organization where the owner made a policy only owners could (organization:delete), attached to a group. */
async function withOwnersPolicy(): Promise<{ o: TestOrg; deleter: string; ownersGroup: string; adminPolicy: string; plainGroup: string }> {
  const o = await newOrg(t, { owner: 'OWNER', admin: 'ADMIN', m: 'MEMBER', g: 'GUEST' });
  const deleter = await newPolicy(t, o.orgId, ['organization:delete']);
  const ownersGroup = await newGroup(t, o.orgId, { policies: [deleter], members: [o.member.g!] });
  const adminPolicy = await newPolicy(t, o.orgId, ['audit_log:read']);
  const plainGroup = await newGroup(t, o.orgId);
  return { o, deleter, ownersGroup, adminPolicy, plainGroup };
}

describe('no escalation through policies', () => {
  it('nobody creates a policy with a scope they do not hold', async () => {
    const { o } = await withOwnersPolicy();
    const result = await expectForbidden(
      CREATE_POLICY,
      { organizationId: o.org, name: 'Grab', scopes: ['member:read', 'organization:delete'] },
      o.email.admin!,
    );
    expect(result.message).toContain('organization:delete');
    expect(
      (await runMutation(t, CREATE_POLICY, { organizationId: o.org, name: 'Grab', scopes: ['organization:delete'] }, o.email.owner!)).result.__typename,
    ).toBe('CreatePolicyPayload');
  });

  it('nobody adds a scope they do not hold to a policy', async () => {
    const { o, adminPolicy } = await withOwnersPolicy();
    await expectForbidden(ADD_SCOPE, { policyId: adminPolicy, scope: 'organization:delete' }, o.email.admin!);
    expect((await runMutation(t, ADD_SCOPE, { policyId: adminPolicy, scope: 'member:write' }, o.email.admin!)).result.__typename).toBe('AddPolicyScopePayload');
  });

  it('nobody edits, deletes, attaches or detaches a policy whose scopes they do not all hold', async () => {
    const { o, deleter, ownersGroup, plainGroup } = await withOwnersPolicy();
    // The owner gave the plain member the owners' policy directly too.
    await t.prisma.memberPolicy.create({ data: { memberId: rawId(o.member.m!), policyId: rawId(deleter) } });
    const admin = o.email.admin!;
    await expectForbidden(UPDATE_POLICY, { policyId: deleter, name: 'Renamed' }, admin);
    await expectForbidden(DELETE_POLICY, { policyId: deleter }, admin);
    await expectForbidden(ADD_SCOPE, { policyId: deleter, scope: 'member:read' }, admin);
    await expectForbidden(REMOVE_SCOPE, { policyId: deleter, scope: 'organization:delete' }, admin);
    await expectForbidden(ATTACH_TO_MEMBER, { policyId: deleter, memberId: o.member.admin }, admin);
    await expectForbidden(ATTACH_TO_MEMBER, { policyId: deleter, memberId: o.member.g }, admin);
    await expectForbidden(DETACH_FROM_MEMBER, { policyId: deleter, memberId: o.member.m }, admin);
    await expectForbidden(ATTACH_TO_GROUP, { policyId: deleter, groupId: plainGroup }, admin);
    await expectForbidden(DETACH_FROM_GROUP, { policyId: deleter, groupId: ownersGroup }, admin);
    // The owner holds everything and may.
    expect((await runMutation(t, ATTACH_TO_GROUP, { policyId: deleter, groupId: plainGroup }, o.email.owner!)).result.__typename).toBe(
      'AttachPolicyToGroupPayload',
    );
  });

  it('nobody changes the policies of a member ranked above them', async () => {
    const { o, adminPolicy } = await withOwnersPolicy();
    await expectForbidden(ATTACH_TO_MEMBER, { policyId: adminPolicy, memberId: o.member.owner }, o.email.admin!);
    expect((await runMutation(t, ATTACH_TO_MEMBER, { policyId: adminPolicy, memberId: o.member.owner }, o.email.owner!)).result.__typename).toBe(
      'AttachPolicyToMemberPayload',
    );
    await expectForbidden(DETACH_FROM_MEMBER, { policyId: adminPolicy, memberId: o.member.owner }, o.email.admin!);
    // Peers and lower ranks are fine.
    expect((await runMutation(t, ATTACH_TO_MEMBER, { policyId: adminPolicy, memberId: o.member.admin }, o.email.admin!)).result.__typename).toBe(
      'AttachPolicyToMemberPayload',
    );
    expect((await runMutation(t, ATTACH_TO_MEMBER, { policyId: adminPolicy, memberId: o.member.m }, o.email.admin!)).result.__typename).toBe(
      'AttachPolicyToMemberPayload',
    );
  });

  it('a member delegated policy:write hands out only what it holds, and cannot raise itself', async () => {
    const o = await newOrg(t, { owner: 'OWNER', d: 'MEMBER', m: 'MEMBER' });
    await newPolicy(t, o.orgId, ['policy:write'], { members: [o.member.d!] });
    const d = o.email.d!;
    await expectForbidden(CREATE_POLICY, { organizationId: o.org, name: 'Mine', scopes: ['member:write'] }, d);
    const created = (await runMutation(t, CREATE_POLICY, { organizationId: o.org, name: 'Readers', scopes: ['invitation:read', 'policy:write'] }, d)).result;
    expect(created.__typename).toBe('CreatePolicyPayload');
    await expectForbidden(ADD_SCOPE, { policyId: created.policy.id, scope: 'group:write' }, d);
    const adminLike = await newPolicy(t, o.orgId, ['member:write']);
    await expectForbidden(ATTACH_TO_MEMBER, { policyId: adminLike, memberId: o.member.d }, d);
    expect((await runMutation(t, ATTACH_TO_MEMBER, { policyId: created.policy.id, memberId: o.member.m }, d)).result.__typename).toBe(
      'AttachPolicyToMemberPayload',
    );
  });
});

describe('no escalation through groups', () => {
  it('nobody puts a member into, or takes one out of, a group whose policies grant scopes they do not hold', async () => {
    const { o, ownersGroup } = await withOwnersPolicy();
    await expectForbidden(ADD_GROUP_MEMBER, { groupId: ownersGroup, memberId: o.member.m }, o.email.admin!);
    await expectForbidden(ADD_GROUP_MEMBER, { groupId: ownersGroup, memberId: o.member.admin }, o.email.admin!);
    await expectForbidden(REMOVE_GROUP_MEMBER, { groupId: ownersGroup, memberId: o.member.g }, o.email.admin!);
    await expectForbidden(DELETE_GROUP, { groupId: ownersGroup }, o.email.admin!);
    expect((await runMutation(t, ADD_GROUP_MEMBER, { groupId: ownersGroup, memberId: o.member.m }, o.email.owner!)).result.__typename).toBe(
      'AddGroupMemberPayload',
    );
  });

  it('nobody changes the groups of a member ranked above them', async () => {
    const { o, plainGroup } = await withOwnersPolicy();
    await expectForbidden(ADD_GROUP_MEMBER, { groupId: plainGroup, memberId: o.member.owner }, o.email.admin!);
    expect((await runMutation(t, ADD_GROUP_MEMBER, { groupId: plainGroup, memberId: o.member.owner }, o.email.owner!)).result.__typename).toBe(
      'AddGroupMemberPayload',
    );
    await expectForbidden(REMOVE_GROUP_MEMBER, { groupId: plainGroup, memberId: o.member.owner }, o.email.admin!);
    expect((await runMutation(t, ADD_GROUP_MEMBER, { groupId: plainGroup, memberId: o.member.admin }, o.email.admin!)).result.__typename).toBe(
      'AddGroupMemberPayload',
    );
  });

  it('a member delegated group:write cannot join a group that would raise it', async () => {
    const o = await newOrg(t, { owner: 'OWNER', d: 'MEMBER' });
    await newPolicy(t, o.orgId, ['group:write'], { members: [o.member.d!] });
    const writers = await newPolicy(t, o.orgId, ['member:write']);
    const strong = await newGroup(t, o.orgId, { policies: [writers] });
    await expectForbidden(ADD_GROUP_MEMBER, { groupId: strong, memberId: o.member.d }, o.email.d!);
    const weak = await newGroup(t, o.orgId);
    expect((await runMutation(t, ADD_GROUP_MEMBER, { groupId: weak, memberId: o.member.d }, o.email.d!)).result.__typename).toBe('AddGroupMemberPayload');
  });
});

describe('viewerCan agrees with the mutations', () => {
  it('Policy.viewerCan and Group.viewerCan', async () => {
    const { o, deleter, ownersGroup, adminPolicy, plainGroup } = await withOwnersPolicy();
    const policyCan = `query($id: ID!) { node(id: $id) { ... on Policy { viewerCan { update delete attach addableScopes } } } }`;
    const groupCan = `query($id: ID!) { node(id: $id) { ... on Group { viewerCan { update delete manageMembers attachPolicies } } } }`;
    const as = (email: string, query: string, id: string) => t.gql(query, { id }, { as: email }).then((r) => expectData<any>(r).node.viewerCan);
    expect(await as(o.email.admin!, policyCan, deleter)).toEqual({ update: false, delete: false, attach: false, addableScopes: [] });
    const adminOnOwn = await as(o.email.admin!, policyCan, adminPolicy);
    expect(adminOnOwn).toMatchObject({ update: true, delete: true, attach: true });
    expect(adminOnOwn.addableScopes).not.toContain('organization:delete');
    expect(adminOnOwn.addableScopes).not.toContain('audit_log:read');
    expect(adminOnOwn.addableScopes).toContain('member:write');
    expect((await as(o.email.owner!, policyCan, deleter)).update).toBe(true);
    expect(await as(o.email.admin!, groupCan, ownersGroup)).toEqual({ update: true, delete: false, manageMembers: false, attachPolicies: true });
    expect(await as(o.email.admin!, groupCan, plainGroup)).toEqual({ update: true, delete: true, manageMembers: true, attachPolicies: true });
    expect(await as(o.email.owner!, groupCan, ownersGroup)).toEqual({ update: true, delete: true, manageMembers: true, attachPolicies: true });
    expect(await as(o.email.m!, groupCan, plainGroup)).toEqual({ update: false, delete: false, manageMembers: false, attachPolicies: false });
  });
});

describe('no escalation under concurrency', () => {
  it(raceTitle('a scope being taken away cannot be handed out in a race: a create either precedes the detach or is refused'), async () => {
    for (let round = 0; round < 4; round++) {
      const o = await newOrg(t, { owner: 'OWNER', d: 'MEMBER' });
      const grant = await newPolicy(t, o.orgId, ['policy:write', 'audit_log:read'], { members: [o.member.d!] });
      const [created, detached] = await Promise.all([
        runMutation(t, CREATE_POLICY, { organizationId: o.org, name: `Race ${round}`, scopes: ['audit_log:read'] }, o.email.d!),
        runMutation(t, DETACH_FROM_MEMBER, { policyId: grant, memberId: o.member.d }, o.email.owner!),
      ]);
      expect(detached.result.__typename).toBe('DetachPolicyFromMemberPayload');
      const actions = (await t.prisma.auditLog.findMany({ where: { organizationId: o.orgId } })).map((e) => e.action).sort();
      if (created.result.__typename === 'CreatePolicyPayload') {
        // Serialized by the organization lock: the create ran while the member still held the scope.
        expect(actions).toEqual(['policy.create', 'policy.detach_member']);
      } else {
        expect(created.result.__typename).toBe('ForbiddenError');
        expect(actions).toEqual(['policy.detach_member']);
      }
      // Afterwards the member can no longer hand the scope out.
      await expectForbidden(CREATE_POLICY, { organizationId: o.org, name: `Late ${round}`, scopes: ['audit_log:read'] }, o.email.d!);
    }
  });
});
