import { ALL_SCOPES, type Scope } from '../../src/auth/scopes.js';
import { PLATFORM_ADMIN, type RequestOptions, type TestApp } from '../helpers/app.js';
import { gid } from '../helpers/fixtures.js';
import { clientToken } from '../helpers/client-tokens.js';

/** The principals of the authorization matrix. */
export const PRINCIPALS = [
  'owner',
  'admin',
  'member',
  'guest',
  'outsider',
  'platformAdmin',
  'clientWithScope',
  'clientWithoutScope',
  'foreignClient',
  'anonymous',
] as const;
export type Who = (typeof PRINCIPALS)[number];

/** Every kind of signed-in user; the platform admin is a user of no organization of the fixture. */
export const USERS: Who[] = ['owner', 'admin', 'member', 'guest', 'outsider', 'platformAdmin'];

/** A fresh organization with one member of each role, plus an outsider's organization. */
export interface Fixture {
  org: string;
  orgId: string;
  foreignOrgId: string;
  emails: Record<'owner' | 'admin' | 'member' | 'guest' | 'outsider' | 'platformAdmin', string>;
  memberIds: Record<'owner' | 'admin' | 'member' | 'guest', string>;
  /**
   * Bearer options to act as `who`. The client with the scope gets it, plus organization:read
   * (without which its organization is invisible to it) and `alsoHeld`; the one without the
   * scope gets every other scope.
   */
  as(who: Who, scope: Scope | null, alsoHeld?: readonly Scope[]): Promise<RequestOptions>;
}

let counter = 0;

export async function makeFixture(t: TestApp): Promise<Fixture> {
  const n = ++counter;
  const emails = {
    owner: `owner${n}@matrix.test`,
    admin: `admin${n}@matrix.test`,
    member: `member${n}@matrix.test`,
    guest: `guest${n}@matrix.test`,
    outsider: `outsider${n}@matrix.test`,
    platformAdmin: PLATFORM_ADMIN,
  };
  const users = Object.fromEntries(
    await Promise.all(
      Object.entries(emails).map(
        async ([who, email]) => [who, await t.prisma.user.upsert({ where: { email }, create: { email, name: who }, update: {} })] as const,
      ),
    ),
  );
  const org = await t.prisma.organization.create({ data: { name: `Matrix ${n}` } });
  const foreign = await t.prisma.organization.create({ data: { name: `Foreign ${n}`, members: { create: { userId: users.outsider!.id, role: 'OWNER' } } } });
  const memberIds = {} as Fixture['memberIds'];
  for (const role of ['owner', 'admin', 'member', 'guest'] as const) {
    const member = await t.prisma.member.create({ data: { organizationId: org.id, userId: users[role]!.id, role: role.toUpperCase() as 'OWNER' } });
    memberIds[role] = gid('Member', member.id);
  }
  return {
    org: gid('Organization', org.id),
    orgId: org.id,
    foreignOrgId: foreign.id,
    emails,
    memberIds,
    async as(who, scope, alsoHeld = []) {
      const withScope: Scope[] = scope ? ['organization:read', scope, ...alsoHeld] : ALL_SCOPES;
      const withoutScope = ALL_SCOPES.filter((s) => s !== scope);
      switch (who) {
        case 'anonymous':
          return {};
        case 'clientWithScope':
          return { token: await clientToken(t, org.id, withScope) };
        case 'clientWithoutScope':
          return { token: await clientToken(t, org.id, withoutScope) };
        case 'foreignClient':
          return { token: await clientToken(t, foreign.id, withScope) };
        default:
          return { as: emails[who] };
      }
    },
  };
}
