import { randomUUID } from 'node:crypto';
import { getNamedType, isObjectType, isScalarType, isUnionType, type GraphQLObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../src/schema/index.js';
import { ENTRIES } from '../authorization/entries.js';
import { makeFixture } from '../authorization/principals.js';
import type { TestApp } from '../helpers/app.js';
import { ALICE, addUserTo, createDemoApp, type Demo } from '../helpers/fixtures.js';
import { FAILURE, mutate, mutationDocument } from '../helpers/mutations.js';
import { raceTitle } from '../helpers/race.js';

// A create retried with its idempotency key (its first answer lost) returns the first result
// instead of creating again: for every create mutation of the schema, with the matrix's inputs.

const mutations = schema.getMutationType()!.getFields();
const takesKey = (field: string) => {
  const input = getNamedType(mutations[field]!.args.find((a) => a.name === 'input')?.type);
  return Boolean(input && 'getFields' in input && 'idempotencyKey' in input.getFields());
};
const keyed = Object.keys(mutations).filter(takesKey);

/** The payload of a mutation's result union, selected as ids of its objects and its scalars. */
function payloadSelection(field: string): string {
  const union = getNamedType(mutations[field]!.type);
  if (!isUnionType(union)) throw new Error(`${field} returns no result union`);
  const payload = union.getTypes().find((type) => type.name.endsWith('Payload')) as GraphQLObjectType;
  const fields = Object.values(payload.getFields()).map((f) => {
    const type = getNamedType(f.type);
    if (isScalarType(type)) return f.name;
    return isObjectType(type) && 'id' in type.getFields() ? `${f.name} { id }` : '';
  });
  return `... on ${payload.name} { ${fields.join(' ')} }`;
}

let t: TestApp;
let demo: Demo;
beforeAll(async () => ({ t, demo } = await createDemoApp()));
afterAll(() => t.close());

describe('idempotency keys', () => {
  it('every create mutation takes one (create*, addDomain, requestLegalDocument)', () => {
    const creates = Object.keys(mutations).filter((name) => /^create[A-Z]/.test(name) || name === 'addDomain' || name === 'requestLegalDocument');
    expect(keyed.sort()).toEqual(creates.sort());
  });

  for (const field of keyed) {
    it(`${field}: a repeat with the same key returns the first result and creates nothing`, async () => {
      const entry = ENTRIES[`Mutation.${field}`]!;
      const { inputType, input } = entry.mutation!;
      const f = await makeFixture(t);
      const who = entry.allowed[0]!;
      const options = await f.as(who, entry.scope, entry.alsoHeld);
      const document = `mutation($input: ${inputType}!) { result: ${field}(input: $input) { __typename ${FAILURE} ${payloadSelection(field)} } }`;
      const variables = { input: { ...(await input(t, f, who)), idempotencyKey: randomUUID() } };
      const audits = await t.prisma.auditLog.count();
      const first = (await t.gql(document, variables, options)).data?.result as Record<string, unknown>;
      expect(first.__typename, JSON.stringify(first)).toMatch(/Payload$/);
      const repeat = (await t.gql(document, variables, options)).data?.result as Record<string, unknown>;
      // One-time secrets are shown to the first call only.
      expect(repeat).toEqual('secret' in first ? { ...first, secret: null } : first);
      expect(await t.prisma.auditLog.count()).toBe(audits + 1);
    });
  }
});

const CREATE_GROUP = mutationDocument('createGroup', 'CreateGroupInput', '... on CreateGroupPayload { group { id name } }');
const CREATE_CLIENT = mutationDocument('createClient', 'CreateClientInput', '... on CreateClientPayload { secret client { id } }');
const groupsNamed = (name: string) => t.prisma.group.count({ where: { name } });

describe('an idempotency key', () => {
  it('with another input is a CONFLICT and creates nothing', async () => {
    const idempotencyKey = randomUUID();
    await mutate(t, CREATE_GROUP, { organizationId: demo.acme, name: 'Keyed once', idempotencyKey }, ALICE);
    const other = await mutate(t, CREATE_GROUP, { organizationId: demo.acme, name: 'Keyed twice', idempotencyKey }, ALICE);
    expect(other).toMatchObject({ __typename: 'ConflictError', message: expect.stringMatching(/idempotency key was already used/) });
    expect(await groupsNamed('Keyed twice')).toBe(0);
  });

  it('is the caller’s own: another user’s same key creates its own object', async () => {
    const admin = 'keyed-admin@acme.test';
    await addUserTo(t, demo.acme, admin, 'ADMIN');
    const idempotencyKey = randomUUID();
    const mine = await mutate(t, CREATE_GROUP, { organizationId: demo.acme, name: 'Mine', idempotencyKey }, ALICE);
    // Alice's key with another input would be a CONFLICT; for the admin it is a new key.
    const theirs = await mutate(t, CREATE_GROUP, { organizationId: demo.acme, name: 'Theirs', idempotencyKey }, admin);
    expect(theirs.__typename).toBe('CreateGroupPayload');
    expect(theirs.group.id).not.toBe(mine.group.id);
  });

  it('is not kept by a create that failed: the retry with the same key runs', async () => {
    const idempotencyKey = randomUUID();
    const failed = await mutate(t, CREATE_GROUP, { organizationId: demo.acme, name: ' ', idempotencyKey }, ALICE);
    expect(failed.__typename).toBe('ValidationError');
    const created = await mutate(t, CREATE_GROUP, { organizationId: demo.acme, name: 'After a failure', idempotencyKey }, ALICE);
    expect(created.__typename).toBe('CreateGroupPayload');
  });

  it('is forgotten after IDEMPOTENCY_KEY_TTL_HOURS: the same call creates again', async () => {
    const idempotencyKey = randomUUID();
    const input = { organizationId: demo.acme, name: 'Expiring', idempotencyKey };
    const first = await mutate(t, CREATE_GROUP, input, ALICE);
    await t.prisma.idempotencyKey.updateMany({ where: { key: idempotencyKey }, data: { createdAt: new Date(Date.now() - 25 * 3_600_000) } });
    await t.prisma.group.deleteMany({ where: { name: 'Expiring' } }); // the name is unique
    const again = await mutate(t, CREATE_GROUP, input, ALICE);
    expect(again.__typename).toBe('CreateGroupPayload');
    expect(again.group.id).not.toBe(first.group.id);
  });

  it('must be 1 to 255 visible ASCII characters', async () => {
    for (const idempotencyKey of ['', 'with space', 'x'.repeat(256), 'é']) {
      const refused = await mutate(t, CREATE_GROUP, { organizationId: demo.acme, name: `Bad key ${idempotencyKey.length}`, idempotencyKey }, ALICE);
      expect(refused).toMatchObject({ __typename: 'ValidationError', fields: [{ path: ['input', 'idempotencyKey'] }] });
    }
    expect(await t.prisma.group.count({ where: { name: { startsWith: 'Bad key' } } })).toBe(0);
  });

  it('replays a created client without its secret, which only the first answer showed', async () => {
    const input = { organizationId: demo.acme, name: 'Keyed robot', scopes: ['member:read'], idempotencyKey: randomUUID() };
    const first = await mutate(t, CREATE_CLIENT, input, ALICE);
    const repeat = await mutate(t, CREATE_CLIENT, input, ALICE);
    expect(first.secret).toEqual(expect.any(String));
    expect(repeat).toEqual({ ...first, secret: null });
    const stored = await t.prisma.idempotencyKey.findFirstOrThrow({ where: { key: input.idempotencyKey } });
    expect(JSON.stringify(stored.result)).not.toContain(first.secret);
  });

  it(raceTitle('creates once when the same call arrives several times at once'), async () => {
    const input = { organizationId: demo.acme, name: 'Raced', idempotencyKey: randomUUID() };
    const results = await Promise.all(Array.from({ length: 5 }, () => mutate(t, CREATE_GROUP, input, ALICE)));
    expect(new Set(results.map((r) => r.group?.id)).size).toBe(1);
    expect(await groupsNamed('Raced')).toBe(1);
  });
});
