import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, expectData, type TestApp } from '../helpers/app.js';
import { rawId } from '../helpers/ids.js';
import { mutate } from '../helpers/mutations.js';
import { expectNoChange } from '../helpers/no-change.js';
import { newOrg, type RoleName } from '../helpers/orgs.js';
import { signIn } from '../helpers/users.js';
import { tokenSignedIn } from '../helpers/sign-in-tokens.js';
import { ADD_MEMBER, REMOVE_MEMBER, ROLES, UPDATE_MEMBER, auditDuring, snapshot } from './support.js';

// Invariant 2: nobody grants, or acts on, a rank above their own; nobody raises their own role.
// And Member.viewerCan reports exactly what the mutations then allow.

const VIEWER_CAN = `query($id: ID!) { node(id: $id) { ... on Member { viewerCan { update remove assignableRoles } } } }`;

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function expectForbidden(document: string, input: Record<string, unknown>, as: string) {
  const result = await expectNoChange(t, snapshot, () => mutate(t, document, input, as));
  expect(result).toMatchObject({ __typename: 'ForbiddenError', code: 'FORBIDDEN' });
}

describe('no escalation (invariant 2)', () => {
  it('an ADMIN cannot add a member as OWNER, but can add one as ADMIN', async () => {
    const o = await newOrg(t, { owner: 'OWNER', admin: 'ADMIN' });
    await signIn(t, 'recruit@escalation.test');
    await expectForbidden(ADD_MEMBER, { organizationId: o.org, email: 'recruit@escalation.test', role: 'OWNER' }, o.email.admin!);
    const added = await mutate(t, ADD_MEMBER, { organizationId: o.org, email: 'recruit@escalation.test', role: 'ADMIN' }, o.email.admin!);
    expect(added.member.role).toBe('ADMIN');
  });

  it('an ADMIN cannot make anyone OWNER, not even itself', async () => {
    const o = await newOrg(t, { owner: 'OWNER', admin: 'ADMIN', admin2: 'ADMIN', m: 'MEMBER' });
    await expectForbidden(UPDATE_MEMBER, { memberId: o.member.m, role: 'OWNER' }, o.email.admin!);
    await expectForbidden(UPDATE_MEMBER, { memberId: o.member.admin2, role: 'OWNER' }, o.email.admin!);
    await expectForbidden(UPDATE_MEMBER, { memberId: o.member.admin, role: 'OWNER' }, o.email.admin!);
  });

  it('an ADMIN cannot update or remove an OWNER in any way', async () => {
    const o = await newOrg(t, { owner: 'OWNER', admin: 'ADMIN' });
    for (const change of [{ role: 'GUEST' }, { role: 'OWNER' }, { status: 'SUSPENDED' }, { requiredMfaAuth: true }]) {
      await expectForbidden(UPDATE_MEMBER, { memberId: o.member.owner, ...change }, o.email.admin!);
    }
    await expectForbidden(REMOVE_MEMBER, { memberId: o.member.owner }, o.email.admin!);
  });

  it('nobody raises its own role: a MEMBER or GUEST cannot even touch its own membership', async () => {
    const o = await newOrg(t, { owner: 'OWNER', m: 'MEMBER', g: 'GUEST' });
    await expectForbidden(UPDATE_MEMBER, { memberId: o.member.m, role: 'ADMIN' }, o.email.m!);
    await expectForbidden(UPDATE_MEMBER, { memberId: o.member.g, role: 'MEMBER' }, o.email.g!);
  });

  it('an OWNER can make an OWNER, with one audit entry', async () => {
    const o = await newOrg(t, { owner: 'OWNER', admin: 'ADMIN' });
    const { result, entries } = await auditDuring(t, () => mutate(t, UPDATE_MEMBER, { memberId: o.member.admin, role: 'OWNER' }, o.email.owner!));
    expect(result.member.role).toBe('OWNER');
    expect(entries.map((e) => e.action)).toEqual(['member.update']);
    expect(await t.prisma.member.count({ where: { organizationId: o.orgId, role: 'OWNER' } })).toBe(2);
  });

  it('an OWNER may demote itself while another owner exists, and cannot climb back', async () => {
    const o = await newOrg(t, { a: 'OWNER', b: 'OWNER' });
    const demoted = await mutate(t, UPDATE_MEMBER, { memberId: o.member.a, role: 'ADMIN' }, o.email.a!);
    expect(demoted.member.role).toBe('ADMIN');
    await expectForbidden(UPDATE_MEMBER, { memberId: o.member.a, role: 'OWNER' }, o.email.a!);
  });

  it('an ADMIN may manage its equals and itself downwards', async () => {
    const o = await newOrg(t, { owner: 'OWNER', admin: 'ADMIN', admin2: 'ADMIN' });
    expect((await mutate(t, UPDATE_MEMBER, { memberId: o.member.admin2, role: 'MEMBER' }, o.email.admin!)).member.role).toBe('MEMBER');
    expect((await mutate(t, UPDATE_MEMBER, { memberId: o.member.admin, role: 'GUEST' }, o.email.admin!)).member.role).toBe('GUEST');
  });
});

describe('Member.viewerCan agrees with the mutations', () => {
  // `o` and `o2` are spare owners so that invariant 1 never interferes; `o2` is never acted on.
  const MEMBERS = { o: 'OWNER', o1: 'OWNER', o2: 'OWNER', a: 'ADMIN', a1: 'ADMIN', m: 'MEMBER', g: 'GUEST' } as const;
  const TARGETS = ['o', 'o1', 'a', 'a1', 'm', 'g'] as const;
  type Permissions = { update: boolean; remove: boolean; assignableRoles: RoleName[] };

  const NONE: Permissions = { update: false, remove: false, assignableRoles: [] };
  const ALL: Permissions = { update: true, remove: true, assignableRoles: ROLES };
  const UP_TO_ADMIN: Permissions = { update: true, remove: true, assignableRoles: ['ADMIN', 'MEMBER', 'GUEST'] };
  const EXPECTED: Record<'o' | 'a' | 'm', Record<(typeof TARGETS)[number], Permissions>> = {
    o: { o: ALL, o1: ALL, a: ALL, a1: ALL, m: ALL, g: ALL },
    a: { o: NONE, o1: NONE, a: UP_TO_ADMIN, a1: UP_TO_ADMIN, m: UP_TO_ADMIN, g: UP_TO_ADMIN },
    m: { o: NONE, o1: NONE, a: NONE, a1: NONE, m: NONE, g: NONE },
  };

  async function viewerCan(as: string, memberId: string): Promise<Permissions> {
    return expectData(await t.gql(VIEWER_CAN, { id: memberId }, { as })).node.viewerCan;
  }

  for (const viewer of ['o', 'a', 'm'] as const) {
    it(`viewer with role ${MEMBERS[viewer]}: role changes and other updates are allowed exactly when viewerCan says so`, async () => {
      const org = await newOrg(t, MEMBERS);
      for (const target of TARGETS) {
        const can = await viewerCan(org.email[viewer]!, org.member[target]!);
        expect(can, `${viewer} on ${target}`).toEqual(EXPECTED[viewer][target]);
        const row = { id: rawId(org.member[target]!) };
        for (const role of ROLES) {
          const result = await mutate(t, UPDATE_MEMBER, { memberId: org.member[target], role }, org.email[viewer]!);
          const allowed = can.assignableRoles.includes(role);
          expect(result.__typename, `${viewer} sets ${target} to ${role}`).toBe(allowed ? 'UpdateMemberPayload' : 'ForbiddenError');
          if (allowed) await t.prisma.member.update({ where: row, data: { role: MEMBERS[target] } }); // reset (setup)
        }
        // With a second factor: requiring MFA of oneself takes effect at once, on the payload too.
        const withMfa = { token: await tokenSignedIn(t, org.email[viewer]!, { amr: ['mfa'] }) };
        const mfa = await mutate(t, UPDATE_MEMBER, { memberId: org.member[target], requiredMfaAuth: true }, withMfa);
        expect(mfa.__typename, `${viewer} updates ${target}`).toBe(can.update ? 'UpdateMemberPayload' : 'ForbiddenError');
        await t.prisma.member.update({ where: row, data: { requiredMfaAuth: false } }); // reset (setup)
      }
    });

    it(`viewer with role ${MEMBERS[viewer]}: removal is allowed exactly when viewerCan says so`, async () => {
      const org = await newOrg(t, MEMBERS);
      const can = new Map<string, Permissions>();
      for (const target of TARGETS) can.set(target, await viewerCan(org.email[viewer]!, org.member[target]!));
      // The viewer itself last, so that it keeps its standing while removing the others.
      for (const target of [...TARGETS.filter((x) => x !== viewer), viewer]) {
        const result = await mutate(t, REMOVE_MEMBER, { memberId: org.member[target] }, org.email[viewer]!);
        expect(result.__typename, `${viewer} removes ${target}`).toBe(can.get(target)!.remove ? 'MembershipEndedPayload' : 'ForbiddenError');
      }
    });
  }
});
