import { ROLE_SCOPES, type Scope } from '../../src/auth/scopes.js';
import type { GraphQLResponse, TestApp } from '../helpers/app.js';
import { gid } from '../helpers/fixtures.js';
import type { Fixture, Who } from './principals.js';

/** How one root field is exercised: the scope it needs, who may, and the call on fresh data. */
export interface Entry {
  /** The catalog scope the field needs in the organization; null when only users may call it. */
  scope: Scope | null;
  allowed: Who[];
  /** More scopes the client with the scope holds: granting a role needs that role's scopes (no escalation). */
  alsoHeld?: readonly Scope[];
  run(t: TestApp, f: Fixture, who: Who): Promise<GraphQLResponse>;
  /** Whether the response shows access; by default: no auth error at the top or in the result union. */
  granted?(response: GraphQLResponse, f: Fixture): boolean;
  /**
   * A mutation's field, input type and the input it sends, a valid call for the allowed: tests that
   * call it with other selections or inputs start from it (idempotency keys, the text-input walk).
   */
  mutation?: { field: string; inputType: string; input: InputOf };
}

export { USERS } from './principals.js';
export const READERS: Who[] = ['owner', 'admin', 'member', 'guest', 'clientWithScope'];
export const WRITERS: Who[] = ['owner', 'admin', 'clientWithScope'];

export const send = async (
  t: TestApp,
  f: Fixture,
  who: Who,
  scope: Scope | null,
  query: string,
  variables: Record<string, unknown> = {},
  alsoHeld: readonly Scope[] = [],
) => t.gql(query, variables, await f.as(who, scope, alsoHeld));

/** The targets of the member and invitation entries are GUESTs: acting on them needs a GUEST's scopes too. */
export const GUEST_RANK = [...ROLE_SCOPES.GUEST];

export const result = (field: string) => `${field}(input: $input) { __typename }`;

export async function pendingInvitation(t: TestApp, f: Fixture, email: string): Promise<string> {
  const owner = await t.prisma.user.findUniqueOrThrow({ where: { email: f.emails.owner } });
  const invitation = await t.prisma.invitation.create({
    data: { organizationId: f.orgId, email, pendingEmail: email, role: 'GUEST', invitedById: owner.id, expiresAt: new Date(Date.now() + 86_400_000) },
  });
  return gid('Invitation', invitation.id);
}

/** Fresh custom policy, group and client of the fixture's organization, made directly (setup, not under test). */
export async function freshPolicy(t: TestApp, f: Fixture, scopes: Scope[] = ['member:read']): Promise<string> {
  const policy = await t.prisma.policy.create({ data: { organizationId: f.orgId, name: `Policy ${++unique}`, scopes } });
  return gid('Policy', policy.id);
}

export async function freshGroup(t: TestApp, f: Fixture): Promise<string> {
  const group = await t.prisma.group.create({ data: { organizationId: f.orgId, name: `Group ${++unique}` } });
  return gid('Group', group.id);
}

export async function freshClient(t: TestApp, f: Fixture): Promise<string> {
  const client = await t.prisma.client.create({
    data: { organizationId: f.orgId, name: `Client ${++unique}`, scopes: ['member:read'], secretHash: 'x', secretLastChars: 'xxxx' },
  });
  return gid('Client', client.id);
}

export const rawId = (globalId: string) => Buffer.from(globalId, 'base64').toString().split(':')[1]!;

let unique = 0;
/** A number no other call returns: for unique names and emails. */
export const nextUnique = () => ++unique;
export const newEmail = () => `new${++unique}@matrix.test`;
/** The invitee of an accept or decline: the caller itself when it is a user. */
export const inviteeFor = (f: Fixture, who: Who) => (who in f.emails ? f.emails[who as keyof Fixture['emails']] : newEmail());

export type InputOf = (t: TestApp, f: Fixture, who: Who) => Promise<Record<string, unknown>> | Record<string, unknown>;

export function mutation(field: string, inputType: string, scope: Scope | null, allowed: Who[], input: InputOf, alsoHeld: readonly Scope[] = []): Entry {
  return {
    scope,
    allowed,
    alsoHeld,
    mutation: { field, inputType, input },
    run: async (t, f, who) => send(t, f, who, scope, `mutation($input: ${inputType}!) { ${result(field)} }`, { input: await input(t, f, who) }, alsoHeld),
  };
}

/** A mutation on a GUEST member or a GUEST invitation, which only writers of at least GUEST rank may make. */
export const onGuest = (field: string, inputType: string, scope: Scope, input: InputOf) => mutation(field, inputType, scope, WRITERS, input, GUEST_RANK);

export const orgRead = (query: string, granted: (data: any, f: Fixture) => boolean): Entry => ({
  scope: 'organization:read',
  allowed: READERS,
  run: (t, f, who) => send(t, f, who, 'organization:read', query, { id: f.org }),
  granted: (response, f) => Boolean(response.data) && granted(response.data, f),
});

export const read = (field: 'policy' | 'group', scope: Scope, make: (t: TestApp, f: Fixture) => Promise<string>): Entry => {
  const ids = new Map<Fixture, string>();
  return {
    scope,
    allowed: ['owner', 'admin', 'member', 'clientWithScope'],
    run: async (t, f, who) => {
      ids.set(f, await make(t, f));
      return send(t, f, who, scope, `query($id: ID!) { ${field}(id: $id) { id } }`, { id: ids.get(f) });
    },
    granted: (response, f) => (response.data as Record<string, { id: string } | null> | undefined)?.[field]?.id === ids.get(f),
  };
};

/** A write that needs `scope`; the client with it also holds member:read, the scope of the policies, clients and members involved. */
export const write = (field: string, inputType: string, scope: Scope, input: InputOf) => mutation(field, inputType, scope, WRITERS, input, GUEST_RANK);

/** Global resources (public regions, the application catalog, users) are the platform admins' alone. */
export const PLATFORM_ADMINS: Who[] = ['platformAdmin'];

/** A mutation only platform admins may call: it needs no organization scope. */
export const platformMutation = (field: string, inputType: string, input: InputOf) => mutation(field, inputType, null, PLATFORM_ADMINS, input);
