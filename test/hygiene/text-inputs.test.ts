import { isObjectType } from 'graphql';
import { captureLogs } from '../helpers/captured-logs.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../src/schema/index.js';
import { TEXT_ARGUMENTS } from '../../src/schema/shared/text-arguments.js';
import { PEM_CERTIFICATE_MAX } from '../../src/services/sso.js';
import { errorCodes, type TestApp } from '../helpers/app.js';
import { ALICE, createDemoApp, type Demo, gid } from '../helpers/fixtures.js';
import { mutate, mutationDocument } from '../helpers/mutations.js';
import { expectNoChange, snapshotOf } from '../helpers/no-change.js';
import { textLeaves } from './text-leaves.js';

// The shared check of text arguments (src/schema/shared/text-arguments.ts) beyond the walk of
// every mutation (string-input-walk.test.ts): literals, queries' arguments, global ids, a field
// allowed more than the usual limit, the fields it leaves alone; and names as people write them.

const CREATE_ORGANIZATION = mutationDocument('createOrganization', 'CreateOrganizationInput', '... on CreateOrganizationPayload { organization { name } }');
const UPSERT_PROVIDER = mutationDocument('upsertAuthProvider', 'UpsertAuthProviderInput', '... on UpsertAuthProviderPayload { authProvider { type } }');

let t: TestApp;
let demo: Demo;
// Warnings and errors the app logs: hostile text is the client's mistake, never one of them.
const logs = captureLogs({ level: 'warn', format: 'json' });
beforeAll(async () => ({ t, demo } = await createDemoApp({}, { logger: logs.logger })));
afterAll(() => t.close());

const organizations = snapshotOf(['organization', 'member']);

describe('text arguments', () => {
  it('refuses a NUL byte written in the document itself, as it does one sent in a variable', async () => {
    const response = await expectNoChange(t, organizations, () =>
      t.gql(
        `mutation { createOrganization(input: { name: "Acme\\u0000Evil" }) { __typename ... on ValidationError { fields { path message } } } }`,
        {},
        { as: ALICE },
      ),
    );
    expect(response.data?.createOrganization).toEqual({
      __typename: 'ValidationError',
      fields: [{ path: ['input', 'name'], message: 'must not contain NUL bytes or unpaired surrogates' }],
    });
  });

  it('refuses before authorization: a caller who may not see the organization gets the same answer for it as for one that does not exist', async () => {
    const update = `mutation($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { __typename ... on ValidationError { fields { path } } } }`;
    const answers = [];
    for (const organizationId of [demo.globex, gid('Organization', '00000000-0000-4000-8000-000000000000')]) {
      answers.push((await t.gql(update, { input: { organizationId, name: 'Globex\u0000' } }, { as: ALICE })).data?.updateOrganization);
    }
    expect(answers).toEqual([
      { __typename: 'ValidationError', fields: [{ path: ['input', 'name'] }] },
      { __typename: 'ValidationError', fields: [{ path: ['input', 'name'] }] },
    ]);
  });

  it('refuses unstorable or overlong text in queries too: a search, a nested connection’s filter, a cursor (BAD_USER_INPUT, nothing logged)', async () => {
    const search = await t.gql(`query($s: String) { applications(search: $s) { totalCount } }`, { s: 'led\u0000ger' }, { as: ALICE });
    const members = await t.gql(
      `query($id: ID!, $s: String) { organization(id: $id) { members(search: $s) { totalCount } } }`,
      { id: demo.acme, s: 'al\uD800' },
      { as: ALICE },
    );
    const cursor = await t.gql(`query($after: String) { organizations(after: $after) { totalCount } }`, { after: 'x'.repeat(10_001) }, { as: ALICE });
    expect([search, members, cursor].map(errorCodes)).toEqual([['BAD_USER_INPUT'], ['BAD_USER_INPUT'], ['BAD_USER_INPUT']]);
    expect([search, members, cursor].map((r) => r.errors![0]!.message)).toEqual([
      'search: must not contain NUL bytes or unpaired surrogates',
      'search: must not contain NUL bytes or unpaired surrogates',
      'after: must be at most 10000 characters',
    ]);
    expect(members.errors![0]!.path).toEqual(['organization', 'members']);
    expect(logs.lines).toEqual([]);
  });

  it('refuses a global id whose id part hides a NUL byte as an invalid id, not as a database failure', async () => {
    const id = gid('Organization', 'acme\u0000');
    const read = await t.gql(`query($id: ID!) { organization(id: $id) { id } node(id: $id) { id } }`, { id }, { as: ALICE });
    const write = await expectNoChange(t, organizations, () =>
      t.gql(
        `mutation($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { __typename } }`,
        { input: { organizationId: id, name: 'x' } },
        { as: ALICE },
      ),
    );
    expect([errorCodes(read), errorCodes(write)]).toEqual([['BAD_USER_INPUT', 'BAD_USER_INPUT'], ['BAD_USER_INPUT']]);
    expect(logs.lines).toEqual([]);
  });

  it(`takes a PEM certificate beyond 10,000 characters where the field allows ${PEM_CERTIFICATE_MAX}`, async () => {
    const line = `${'QUJD'.repeat(16)}\n`;
    const certificate = `-----BEGIN CERTIFICATE-----\n${line.repeat(185)}-----END CERTIFICATE-----`;
    expect(certificate.length).toBeGreaterThan(12_000);
    const saml = { entityId: 'urn:acme', ssoUrl: 'https://idp.acme.test/sso', certificate };
    const result = await mutate(t, UPSERT_PROVIDER, { organizationId: demo.acme, type: 'SAML', name: 'Acme SAML', saml }, ALICE);
    expect(result).toEqual({ __typename: 'UpsertAuthProviderPayload', authProvider: { type: 'SAML' } });
  });

  it('checks exactly the fields that have text arguments: the others, argument-free fields first, keep their resolvers as they were', () => {
    const fields = Object.values(schema.getTypeMap())
      .filter(isObjectType)
      .filter((type) => !type.name.startsWith('__'))
      .flatMap((type) => Object.values(type.getFields()).map((field) => ({ name: `${type.name}.${field.name}`, field })));
    const checked = fields.filter(({ field }) => field.extensions[TEXT_ARGUMENTS]);
    const withText = fields.filter(({ field }) => textLeaves(field).length > 0);
    expect(checked.map(({ name }) => name)).toEqual(withText.map(({ name }) => name));
    // Every mutation with text and every connection (cursors); not `organization(id:)` nor `node(id:)`, whose ids are the relay plugin's.
    expect(checked.length).toBeGreaterThan(60);
    expect(checked.map(({ name }) => name)).toEqual(expect.arrayContaining(['Mutation.createOrganization', 'Organization.members', 'Query.applications']));
    expect(checked.map(({ name }) => name)).not.toEqual(expect.arrayContaining(['Query.organization']));
    expect(checked.map(({ name }) => name)).not.toEqual(expect.arrayContaining(['Query.node']));
    expect(checked.filter(({ field }) => field.args.length === 0)).toEqual([]);
  });
});

describe('names', () => {
  it('takes names as people write them: emoji sequences, right-to-left text with its direction marks, combining accents', async () => {
    for (const name of ['👩‍💻 Devs', 'שלום\u200F Ltd', 'Zoe\u0308 & Co', '東京チーム']) {
      const result = await mutate(t, CREATE_ORGANIZATION, { name }, ALICE);
      expect(result).toEqual({ __typename: 'CreateOrganizationPayload', organization: { name } });
    }
  });

  it('refuses names with nothing visible, reordering controls, or line breaks', async () => {
    const refusals = [];
    for (const name of ['\u3164 \u00A0', '\u0301\u0301', 'A\u2066B\u2069', 'Line\nbreak']) {
      refusals.push(await expectNoChange(t, organizations, () => mutate(t, CREATE_ORGANIZATION, { name }, ALICE)));
    }
    expect(refusals.map((r) => [r.__typename, r.fields.map((f: { message: string }) => f.message)])).toEqual([
      ['ValidationError', ['must contain a visible character']],
      ['ValidationError', ['must contain a visible character']],
      ['ValidationError', ['must not contain bidi embedding, override or isolate characters (U+202A–U+202E, U+2066–U+2069)']],
      ['ValidationError', ['must not contain control characters such as line breaks or tabs']],
    ]);
  });
});
