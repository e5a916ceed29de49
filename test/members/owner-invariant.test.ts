import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { testDatabaseKind } from '../helpers/database.js';
import { behindLock } from '../helpers/lock-queue.js';
import { rawId } from '../helpers/ids.js';
import { mutate } from '../helpers/mutations.js';
import { expectNoChange } from '../helpers/no-change.js';
import { newOrg, type TestOrg } from '../helpers/orgs.js';
import { raceTitle } from '../helpers/race.js';
import { LEAVE, REMOVE_MEMBER, UPDATE_MEMBER, auditDuring, snapshot } from './support.js';

// Invariant 1: every organization keeps at least one ACTIVE OWNER, on every path and under concurrency.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const activeOwners = (orgId: string) => t.prisma.member.count({ where: { organizationId: orgId, role: 'OWNER', status: 'ACTIVE' } });

async function expectInvariantViolation(document: string, input: Record<string, unknown>, as: string) {
  const result = await expectNoChange(t, snapshot, () => mutate(t, document, input, as));
  expect(result).toMatchObject({ __typename: 'InvariantViolationError', code: 'INVARIANT_VIOLATED' });
  expect(result.message).toMatch(/owner/i);
}

/** Every way the owner `label` could stop being an active owner of `o`, each refused. */
async function expectCannotStopBeingOwner(o: TestOrg, label: string) {
  const [email, memberId] = [o.email[label]!, o.member[label]!];
  await expectInvariantViolation(LEAVE, { organizationId: o.org }, email);
  await expectInvariantViolation(REMOVE_MEMBER, { memberId }, email);
  for (const role of ['ADMIN', 'MEMBER', 'GUEST']) await expectInvariantViolation(UPDATE_MEMBER, { memberId, role }, email);
  await expectInvariantViolation(UPDATE_MEMBER, { memberId, status: 'SUSPENDED' }, email);
  await expectInvariantViolation(UPDATE_MEMBER, { memberId, role: 'OWNER', status: 'SUSPENDED' }, email);
  expect(await activeOwners(o.orgId)).toBe(1);
}

describe('the last owner', () => {
  it('cannot leave, be removed, be demoted or be suspended', async () => {
    const o = await newOrg(t, { owner: 'OWNER', admin: 'ADMIN', m: 'MEMBER' });
    await expectCannotStopBeingOwner(o, 'owner');
  });

  it('is the last one even when a suspended owner remains, who may be removed', async () => {
    const o = await newOrg(t, { owner: 'OWNER', sleeper: 'OWNER' });
    const suspended = await mutate(t, UPDATE_MEMBER, { memberId: o.member.sleeper, status: 'SUSPENDED' }, o.email.owner!);
    expect(suspended.member.status).toBe('SUSPENDED');
    await expectCannotStopBeingOwner(o, 'owner');
    expect((await mutate(t, REMOVE_MEMBER, { memberId: o.member.sleeper }, o.email.owner!)).__typename).toBe('MembershipEndedPayload');
  });

  it('becomes last once the other owner leaves', async () => {
    const o = await newOrg(t, { a: 'OWNER', b: 'OWNER' });
    expect((await mutate(t, LEAVE, { organizationId: o.org }, o.email.a!)).__typename).toBe('MembershipEndedPayload');
    await expectCannotStopBeingOwner(o, 'b');
  });
});

const onPostgres = testDatabaseKind() === 'postgres';

/** Runs the requests at once: on PostgreSQL all queued on the lock before any writes; on PGlite as they come. */
function race<T>(orgId: string, requests: (() => Promise<T>)[]): Promise<T[]> {
  return onPostgres ? behindLock(t, orgId, requests) : Promise.all(requests.map((request) => request()));
}

describe('two owners racing each other keep exactly one active owner', () => {
  const ROUNDS = 5;
  type Move = (o: TestOrg, actor: 'a' | 'b', other: 'a' | 'b') => Promise<any>;

  // `loser`: what the slower request gets when it reads the caller's standing under the lock (it
  // may also get InvariantViolationError: invariant 1 alone must hold however the checks are ordered).
  type Race = { name: string; move: Move; action: string; winner: string; loser: string };
  type Runner = (o: TestOrg, requests: (() => Promise<any>)[]) => Promise<any[]>;
  const races: Race[] = [
    {
      name: 'each removes the other',
      move: (o, actor, other) => mutate(t, REMOVE_MEMBER, { memberId: o.member[other] }, o.email[actor]!),
      action: 'member.remove',
      winner: 'MembershipEndedPayload',
      loser: 'NotFoundError', // no longer a member
    },
    {
      name: 'each demotes the other',
      move: (o, actor, other) => mutate(t, UPDATE_MEMBER, { memberId: o.member[other], role: 'ADMIN' }, o.email[actor]!),
      action: 'member.update',
      winner: 'UpdateMemberPayload',
      loser: 'ForbiddenError', // an ADMIN now, below the other owner
    },
    {
      name: 'each suspends the other',
      move: (o, actor, other) => mutate(t, UPDATE_MEMBER, { memberId: o.member[other], status: 'SUSPENDED' }, o.email[actor]!),
      action: 'member.update',
      winner: 'UpdateMemberPayload',
      loser: 'NotFoundError', // suspended: sees nothing
    },
    {
      name: 'both leave',
      move: (o, actor) => mutate(t, LEAVE, { organizationId: o.org }, o.email[actor]!),
      action: 'member.leave',
      winner: 'MembershipEndedPayload',
      loser: 'InvariantViolationError',
    },
    {
      name: 'each demotes itself',
      move: (o, actor) => mutate(t, UPDATE_MEMBER, { memberId: o.member[actor], role: 'MEMBER' }, o.email[actor]!),
      action: 'member.update',
      winner: 'UpdateMemberPayload',
      loser: 'InvariantViolationError',
    },
  ];

  async function rounds({ name, move, action, winner, loser }: Race, run: Runner) {
    for (let round = 0; round < ROUNDS; round++) {
      const o = await newOrg(t, { a: 'OWNER', b: 'OWNER', m: 'MEMBER' });
      const { result, entries } = await auditDuring(t, () => run(o, [() => move(o, 'a', 'b'), () => move(o, 'b', 'a')]));
      const outcomes: string[] = result.map((r) => r.__typename);
      expect(
        outcomes.filter((x) => x === winner),
        `${name}, round ${round}: ${outcomes}`,
      ).toHaveLength(1);
      expect([loser, 'InvariantViolationError']).toContain(outcomes.find((x) => x !== winner));
      expect(await activeOwners(o.orgId)).toBe(1);
      expect(entries.map((e) => e.action)).toEqual([action]);
    }
  }

  for (const r of races) {
    it(raceTitle(`${r.name} (${ROUNDS} rounds)`), () => rounds(r, (_o, requests) => Promise.all(requests.map((request) => request()))));
    it.runIf(onPostgres)(`${r.name}, both queued on the lock before either writes (${ROUNDS} rounds)`, () =>
      rounds(r, (o, requests) => behindLock(t, o.orgId, requests)),
    );
  }
});

describe('the caller’s own rank is read under the lock (invariant 2 under concurrency)', () => {
  // Three owners, so invariant 1 never decides: only the loser's fresh rank can refuse it.
  it(raceTitle('an owner demoted meanwhile cannot still demote another owner'), async () => {
    const o = await newOrg(t, { a: 'OWNER', b: 'OWNER', c: 'OWNER' });
    const demote = (actor: string, target: string) => () => mutate(t, UPDATE_MEMBER, { memberId: o.member[target], role: 'MEMBER' }, o.email[actor]!);
    const outcomes = (await race(o.orgId, [demote('a', 'b'), demote('b', 'a')])).map((r) => r.__typename);
    expect(outcomes.sort()).toEqual(['ForbiddenError', 'UpdateMemberPayload']);
    expect(await t.prisma.member.count({ where: { organizationId: o.orgId, role: 'OWNER' } })).toBe(2);
  });

  // Needs PostgreSQL: the lock fixes the order (a first), where both succeeding is wrong.
  it.runIf(onPostgres)('an owner removed meanwhile cannot still remove others', async () => {
    const o = await newOrg(t, { a: 'OWNER', b: 'OWNER', c: 'OWNER' });
    const remove = (actor: string, target: string) => () => mutate(t, REMOVE_MEMBER, { memberId: o.member[target] }, o.email[actor]!);
    const outcomes = (await behindLock(t, o.orgId, [remove('a', 'b'), remove('b', 'c')])).map((r) => r.__typename);
    expect(outcomes).toEqual(['MembershipEndedPayload', 'NotFoundError']);
    expect(await t.prisma.member.count({ where: { id: rawId(o.member.c!) } })).toBe(1);
  });
});
