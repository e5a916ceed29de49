import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, expectData, type TestApp } from '../helpers/app.js';
import { ALICE, addUserTo, seedDemo, type Demo } from '../helpers/fixtures.js';

// A mutation costs a fixed, small number of statements: the unit of work locks the organization,
// reads the caller's standing once under the lock, and the payload's permission checks reuse it.
// Before the unit of work: inviteMember 11, updateMember 10, createGroup 11 (the standing was read
// again for the payload, and lock and standing were read apart from the change's own reads).

const INVITE = `mutation($input: InviteMemberInput!) { inviteMember(input: $input) { __typename
  ... on InviteMemberPayload { created invitation { id email role status invitedBy { email } viewerCan { resend cancel } organization { name viewerCan { update } } } } } }`;
const UPDATE_MEMBER = `mutation($input: UpdateMemberInput!) { updateMember(input: $input) { __typename
  ... on UpdateMemberPayload { member { id role status user { email } viewerCan { update remove } } } } }`;
const CREATE_GROUP = `mutation($input: CreateGroupInput!) { createGroup(input: $input) { __typename
  ... on CreateGroupPayload { group { id name viewerCan { update delete manageMembers } organization { name } } } } }`;

let t: TestApp;
let demo: Demo;
let memberId: string;
beforeAll(async () => {
  t = await createTestApp();
  demo = await seedDemo(t);
  memberId = await addUserTo(t, demo.acme, 'sam@acme.test', 'MEMBER');
  await t.gql('{ me { id } }', {}, { as: ALICE }); // first sight of the caller, outside the counts
});
afterAll(() => t.close());

async function count(document: string, input: Record<string, unknown>) {
  const { result, count, statements } = await t.counter.during(() => t.gql(document, { input }, { as: ALICE }));
  const payload = Object.values(expectData(result))[0] as { __typename: string };
  expect(payload.__typename).toMatch(/Payload$/);
  return { count, statements };
}

describe('statements per mutation', () => {
  it('inviteMember', async () => {
    const { count: n, statements } = await count(INVITE, { organizationId: demo.acme, email: 'new@example.test', role: 'MEMBER' });
    expect(n, statements.join('\n')).toBe(10);
  });
  it('updateMember', async () => {
    const { count: n, statements } = await count(UPDATE_MEMBER, { memberId, role: 'GUEST' });
    expect(n, statements.join('\n')).toBe(9);
  });
  it('createGroup', async () => {
    const { count: n, statements } = await count(CREATE_GROUP, { organizationId: demo.acme, name: 'Counted' });
    expect(n, statements.join('\n')).toBe(10);
  });
});
