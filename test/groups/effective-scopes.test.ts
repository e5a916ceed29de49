import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_SCOPES, ROLE_SCOPES } from '../../src/auth/scopes.js';
import { createTestApp, expectData, type TestApp } from '../helpers/app.js';
import { rawId } from '../helpers/ids.js';
import { runMutation } from '../helpers/mutations.js';
import { newOrg, type TestOrg } from '../helpers/orgs.js';
import {
  ADD_GROUP_MEMBER,
  ATTACH_TO_GROUP,
  ATTACH_TO_MEMBER,
  CREATE_GROUP,
  DELETE_GROUP,
  DETACH_FROM_GROUP,
  DETACH_FROM_MEMBER,
  REMOVE_GROUP_MEMBER,
  effectiveScopes,
  newGroup,
  newPolicy,
  viewerScopes,
} from '../helpers/policies-and-groups.js';

// Effective scopes = role ∪ attached policies ∪ the policies of the member's groups, and every
// change takes effect with the next request (invariant 4).

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

let groupNumber = 0;
/** A MEMBER's scopes, in catalog order (test/db/migrations.test.ts pins ROLE_SCOPES itself). */
const MEMBER_SCOPES = ALL_SCOPES.filter((scope) => ROLE_SCOPES.MEMBER.has(scope));

/** The member `m` tries a group:write mutation; true when it was allowed. */
async function canWriteGroups(o: TestOrg): Promise<boolean> {
  const { result } = await runMutation(t, CREATE_GROUP, { organizationId: o.org, name: `Probe ${++groupNumber}` }, o.email.m!);
  if (result.__typename === 'CreateGroupPayload') return true;
  expect(result.__typename).toBe('ForbiddenError');
  return false;
}

/** Whether `m` holds group:write: by a group:write mutation, its viewerScopes, and its effectiveScopes as the owner sees them. */
async function expectHolds(o: TestOrg, holds: boolean) {
  expect(await canWriteGroups(o)).toBe(holds);
  expect((await viewerScopes(t, o.org, o.email.m!)).includes('group:write')).toBe(holds);
  expect((await effectiveScopes(t, o.member.m!, o.email.owner!)).includes('group:write')).toBe(holds);
}

describe('effective scopes', () => {
  it('are the role’s scopes, in catalog order, for a member without policies', async () => {
    const o = await newOrg(t, { owner: 'OWNER', m: 'MEMBER' });
    expect(await viewerScopes(t, o.org, o.email.m!)).toEqual(MEMBER_SCOPES);
    expect(await effectiveScopes(t, o.member.owner!, o.email.m!)).toEqual(ALL_SCOPES);
  });

  it('a MEMBER given a policy with group:write directly can write groups, and loses it at once when the policy is detached', async () => {
    const o = await newOrg(t, { owner: 'OWNER', m: 'MEMBER' });
    const policy = await newPolicy(t, o.orgId, ['group:write']);
    await expectHolds(o, false);
    expect((await runMutation(t, ATTACH_TO_MEMBER, { policyId: policy, memberId: o.member.m }, o.email.owner!)).result.__typename).toBe(
      'AttachPolicyToMemberPayload',
    );
    await expectHolds(o, true);
    expect((await runMutation(t, DETACH_FROM_MEMBER, { policyId: policy, memberId: o.member.m }, o.email.owner!)).result.__typename).toBe(
      'DetachPolicyFromMemberPayload',
    );
    await expectHolds(o, false);
  });

  it('through a group: gained on joining, lost at once on leaving the group, on the policy’s detachment and on the group’s deletion', async () => {
    const o = await newOrg(t, { owner: 'OWNER', m: 'MEMBER' });
    const policy = await newPolicy(t, o.orgId, ['group:write']);
    const group = await newGroup(t, o.orgId, { policies: [policy] });
    const join = async () =>
      expect((await runMutation(t, ADD_GROUP_MEMBER, { groupId: group, memberId: o.member.m }, o.email.owner!)).result.__typename).toBe(
        'AddGroupMemberPayload',
      );

    await join();
    await expectHolds(o, true);
    expect((await runMutation(t, REMOVE_GROUP_MEMBER, { groupId: group, memberId: o.member.m }, o.email.owner!)).result.__typename).toBe(
      'RemoveGroupMemberPayload',
    );
    await expectHolds(o, false);

    await join();
    await expectHolds(o, true);
    expect((await runMutation(t, DETACH_FROM_GROUP, { policyId: policy, groupId: group }, o.email.owner!)).result.__typename).toBe(
      'DetachPolicyFromGroupPayload',
    );
    await expectHolds(o, false);
    expect((await runMutation(t, ATTACH_TO_GROUP, { policyId: policy, groupId: group }, o.email.owner!)).result.__typename).toBe('AttachPolicyToGroupPayload');
    await expectHolds(o, true);

    expect((await runMutation(t, DELETE_GROUP, { groupId: group }, o.email.owner!)).result.__typename).toBe('DeleteGroupPayload');
    await expectHolds(o, false);
  });

  it('a member who removes its own access sees the change within the same request', async () => {
    const o = await newOrg(t, { owner: 'OWNER', m: 'MEMBER' });
    const policy = await newPolicy(t, o.orgId, ['group:write', 'policy:write'], { members: [o.member.m!] });
    const document = `mutation($input: PolicyMemberInput!) { result: detachPolicyFromMember(input: $input) { __typename ... on DetachPolicyFromMemberPayload { member { organization { viewerScopes } } } } }`;
    const response = expectData<any>(await t.gql(document, { input: { policyId: policy, memberId: o.member.m } }, { as: o.email.m! }));
    expect(response.result.__typename).toBe('DetachPolicyFromMemberPayload');
    expect(response.result.member.organization.viewerScopes).toEqual(MEMBER_SCOPES);
  });

  it('Member.effectiveScopes of a list comes with the list (role, policies and groups), empty while suspended', async () => {
    const o = await newOrg(t, { owner: 'OWNER', a: 'MEMBER', b: 'GUEST', s: 'MEMBER' });
    const audit = await newPolicy(t, o.orgId, ['audit_log:read'], { members: [o.member.a!] });
    const groupPolicy = await newPolicy(t, o.orgId, ['client:read']);
    await newGroup(t, o.orgId, { members: [o.member.b!, o.member.s!], policies: [groupPolicy, audit] });
    await t.prisma.member.update({ where: { id: rawId(o.member.s!) }, data: { status: 'SUSPENDED' } });
    const { organization } = expectData<any>(
      await t.gql(
        `query($id: ID!) { organization(id: $id) { members(first: 10) { edges { node { id effectiveScopes } } } } }`,
        { id: o.org },
        { as: o.email.owner! },
      ),
    );
    const byId = Object.fromEntries(organization.members.edges.map((e: any) => [e.node.id, e.node.effectiveScopes]));
    // Effective scopes come in catalog order.
    expect(byId[o.member.a!]).toEqual(ALL_SCOPES.filter((scope) => ROLE_SCOPES.MEMBER.has(scope) || scope === 'audit_log:read'));
    expect(byId[o.member.b!]).toEqual(['organization:read', 'member:read', 'client:read', 'audit_log:read']);
    expect(byId[o.member.s!]).toEqual([]);
  });
});
