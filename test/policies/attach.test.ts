import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { ALICE, BOB, CAROL, createDemoApp, type Demo } from '../helpers/fixtures.js';
import { expectMutationDenied } from '../helpers/denied.js';
import { rawId } from '../helpers/ids.js';
import { expectAuditedMutation, runMutation } from '../helpers/mutations.js';
import { newOrg } from '../helpers/orgs.js';
import {
  ATTACH_TO_GROUP,
  ATTACH_TO_MEMBER,
  DETACH_FROM_GROUP,
  DETACH_FROM_MEMBER,
  expectRefused,
  newGroup,
  newPolicy,
  snapshot,
  viewerScopes,
} from '../helpers/policies-and-groups.js';
import { raceTitle } from '../helpers/race.js';

let t: TestApp;
let demo: Demo;
beforeAll(async () => ({ t, demo } = await createDemoApp()));
afterAll(() => t.close());

describe('attachPolicyToMember and detachPolicyFromMember', () => {
  it('attach and detach, each with one audit entry; the member’s policies and effective scopes follow', async () => {
    const o = await newOrg(t, { owner: 'OWNER', m: 'MEMBER' });
    const policy = await newPolicy(t, o.orgId, ['audit_log:read']);
    const input = { policyId: policy, memberId: o.member.m };
    const attached = await expectAuditedMutation(t, ATTACH_TO_MEMBER, input, o.email.owner!, {
      payload: 'AttachPolicyToMemberPayload',
      action: 'policy.attach_member',
      organizationId: o.orgId,
      targetType: 'Policy',
      targetId: rawId(policy),
    });
    expect(attached.entry.changes).toEqual({ memberId: rawId(o.member.m!) });
    expect(attached.result.policy.members).toEqual({ totalCount: 1, edges: [{ node: { id: o.member.m } }] });
    expect(attached.result.member.policies).toEqual({ totalCount: 1, edges: [{ node: { id: policy } }] });
    expect(attached.result.member.effectiveScopes).toContain('audit_log:read');

    await expectRefused(t, ATTACH_TO_MEMBER, input, o.email.owner!, 'ConflictError');

    const detached = await expectAuditedMutation(t, DETACH_FROM_MEMBER, input, o.email.owner!, {
      payload: 'DetachPolicyFromMemberPayload',
      action: 'policy.detach_member',
      organizationId: o.orgId,
      targetType: 'Policy',
      targetId: rawId(policy),
    });
    expect(detached.result.policy.members.totalCount).toBe(0);
    expect(detached.result.member.policies.totalCount).toBe(0);
    expect(detached.result.member.effectiveScopes).not.toContain('audit_log:read');

    await expectRefused(t, DETACH_FROM_MEMBER, input, o.email.owner!, 'ConflictError');
  });

  it('hides another organization’s policy and member (NOT_FOUND) and refuses a member without policy:write (FORBIDDEN)', async () => {
    const policy = await newPolicy(t, rawId(demo.acme), ['member:read']);
    for (const document of [ATTACH_TO_MEMBER, DETACH_FROM_MEMBER]) {
      const input = { policyId: policy, memberId: demo.members[BOB] };
      await expectMutationDenied(t, snapshot, document, input, { outsider: CAROL, member: BOB });
    }
    // A member of another organization is not found, even by someone who may attach the policy.
    const foreign = await expectRefused(t, ATTACH_TO_MEMBER, { policyId: policy, memberId: demo.members[CAROL] }, ALICE, 'NotFoundError');
    expect(foreign.resource).toBe('Member');
  });

  it('refuses a policy and a member of two different organizations, both visible to the caller, as invalid input', async () => {
    const a = await newOrg(t, { owner: 'OWNER', m: 'MEMBER' });
    const b = await newOrg(t, { other: 'OWNER' });
    // The owner of a is also the owner of b.
    const ownerId = (await t.prisma.user.findUniqueOrThrow({ where: { email: a.email.owner! } })).id;
    await t.prisma.member.create({ data: { organizationId: b.orgId, userId: ownerId, role: 'OWNER' } });
    const policyOfB = await newPolicy(t, b.orgId, ['member:read']);
    const result = await expectRefused(t, ATTACH_TO_MEMBER, { policyId: policyOfB, memberId: a.member.m }, a.email.owner!, 'ValidationError');
    expect(result.fields[0].path).toEqual(['input', 'policyId']);
    const groupOfA = await newGroup(t, a.orgId);
    await expectRefused(t, ATTACH_TO_GROUP, { policyId: policyOfB, groupId: groupOfA }, a.email.owner!, 'ValidationError');
  });
});

describe('attachPolicyToGroup and detachPolicyFromGroup', () => {
  it('attach and detach, each with one audit entry; the group’s members gain and lose the scopes', async () => {
    const o = await newOrg(t, { owner: 'OWNER', m: 'MEMBER' });
    const policy = await newPolicy(t, o.orgId, ['audit_log:read']);
    const group = await newGroup(t, o.orgId, { members: [o.member.m!] });
    const input = { policyId: policy, groupId: group };
    const attached = await expectAuditedMutation(t, ATTACH_TO_GROUP, input, o.email.owner!, {
      payload: 'AttachPolicyToGroupPayload',
      action: 'policy.attach_group',
      organizationId: o.orgId,
      targetType: 'Policy',
      targetId: rawId(policy),
    });
    expect(attached.entry.changes).toEqual({ groupId: rawId(group) });
    expect(attached.result.policy.groups).toEqual({ totalCount: 1, edges: [{ node: { id: group } }] });
    expect(attached.result.group.policies).toEqual({ totalCount: 1, edges: [{ node: { id: policy } }] });
    expect(await viewerScopes(t, o.org, o.email.m!)).toContain('audit_log:read');

    await expectRefused(t, ATTACH_TO_GROUP, input, o.email.owner!, 'ConflictError');
    const detached = await expectAuditedMutation(t, DETACH_FROM_GROUP, input, o.email.owner!, {
      payload: 'DetachPolicyFromGroupPayload',
      action: 'policy.detach_group',
      organizationId: o.orgId,
      targetType: 'Policy',
      targetId: rawId(policy),
    });
    expect(detached.result).toMatchObject({ policy: { groups: { totalCount: 0 } }, group: { policies: { totalCount: 0 } } });
    expect(await viewerScopes(t, o.org, o.email.m!)).not.toContain('audit_log:read');
    await expectRefused(t, DETACH_FROM_GROUP, input, o.email.owner!, 'ConflictError');
  });

  it('hides another organization’s policy and group (NOT_FOUND) and refuses a member without policy:write (FORBIDDEN)', async () => {
    const acmeId = rawId(demo.acme);
    const policy = await newPolicy(t, acmeId, ['member:read']);
    const group = await newGroup(t, acmeId);
    for (const document of [ATTACH_TO_GROUP, DETACH_FROM_GROUP]) {
      const input = { policyId: policy, groupId: group };
      await expectRefused(t, document, input, CAROL, 'NotFoundError');
      await expectRefused(t, document, input, BOB, 'ForbiddenError');
    }
    const globexGroup = await newGroup(t, rawId(demo.globex));
    expect((await expectRefused(t, ATTACH_TO_GROUP, { policyId: policy, groupId: globexGroup }, ALICE, 'NotFoundError')).resource).toBe('Group');
    // The owner of Globex may not use Acme's policy on its own group either.
    expect((await expectRefused(t, ATTACH_TO_GROUP, { policyId: policy, groupId: globexGroup }, CAROL, 'NotFoundError')).resource).toBe('Policy');
    expect((await runMutation(t, ATTACH_TO_GROUP, { policyId: policy, groupId: group }, ALICE)).result.__typename).toBe('AttachPolicyToGroupPayload');
  });
});

describe('under concurrency', () => {
  it(raceTitle('racing attaches and group joins of the same pair: exactly one succeeds, the others are CONFLICT, one audit entry each'), async () => {
    const o = await newOrg(t, { owner: 'OWNER', admin: 'ADMIN', m: 'MEMBER' });
    const policy = await newPolicy(t, o.orgId, ['audit_log:read']);
    const group = await newGroup(t, o.orgId);
    const before = await t.prisma.auditLog.count({ where: { organizationId: o.orgId } });
    const attaches = await Promise.all(
      [o.email.owner!, o.email.admin!, o.email.owner!, o.email.admin!].map((as) =>
        runMutation(t, ATTACH_TO_MEMBER, { policyId: policy, memberId: o.member.m }, as),
      ),
    );
    const joins = await Promise.all(
      [o.email.owner!, o.email.admin!, o.email.owner!, o.email.admin!].map((as) =>
        runMutation(
          t,
          `mutation($input: GroupMemberInput!) { result: addGroupMember(input: $input) { __typename } }`,
          { groupId: group, memberId: o.member.m },
          as,
        ),
      ),
    );
    for (const results of [attaches, joins]) {
      const names = results.map((r) => r.result.__typename).sort();
      expect(names.filter((n) => n === 'ConflictError')).toHaveLength(3);
      expect(names.filter((n) => n !== 'ConflictError')).toHaveLength(1);
    }
    expect(await t.prisma.auditLog.count({ where: { organizationId: o.orgId } })).toBe(before + 2);
    expect(await t.prisma.memberPolicy.count({ where: { policyId: rawId(policy) } })).toBe(1);
    expect(await t.prisma.groupMember.count({ where: { groupId: rawId(group) } })).toBe(1);
  });
});
