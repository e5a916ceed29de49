import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { ALICE, createDemoApp, type Demo } from '../helpers/fixtures.js';

// Text the database cannot store (a NUL byte, half a surrogate pair) and overlong emails are the
// input's fault: a ValidationError on the field, nothing written, never an internal error.

const RESULT = '__typename ... on ValidationError { code fields { path message } }';
const CREATE = `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { ${RESULT} } }`;
const INVITE = `mutation($input: InviteMemberInput!) { inviteMember(input: $input) { ${RESULT} } }`;

let t: TestApp;
let demo: Demo;
beforeAll(async () => ({ t, demo } = await createDemoApp()));
afterAll(() => t.close());

async function refused(document: string, input: Record<string, unknown>, path: string[]) {
  const organizations = await t.prisma.organization.count();
  const invitations = await t.prisma.invitation.count();
  const response = await t.gql(document, { input }, { as: ALICE });
  const result = Object.values(response.data ?? {})[0] as { __typename: string; fields: { path: string[] }[] };
  expect(response.errors).toBeUndefined();
  expect(result.__typename).toBe('ValidationError');
  expect(result.fields.map((f) => f.path)).toEqual([path]);
  expect([await t.prisma.organization.count(), await t.prisma.invitation.count()]).toEqual([organizations, invitations]);
}

describe('text the database cannot store', () => {
  it('refuses a NUL byte in an organization name', () => refused(CREATE, { name: 'Acme\u0000Evil' }, ['input', 'name']));
  it('refuses an unpaired surrogate in a description', () => refused(CREATE, { name: 'Fine', description: 'broken \uD800 text' }, ['input', 'description']));
  it('refuses a 10,012-character email', () =>
    refused(INVITE, { organizationId: demo.acme, email: `${'x'.repeat(10_000)}@example.test`, role: 'MEMBER' }, ['input', 'email']));
  it('still takes a name with an emoji (a paired surrogate)', async () => {
    const response = await t.gql(CREATE, { input: { name: 'Rocket 🚀' } }, { as: ALICE });
    expect((response.data as { createOrganization: { __typename: string } }).createOrganization.__typename).toBe('CreateOrganizationPayload');
  });
});
