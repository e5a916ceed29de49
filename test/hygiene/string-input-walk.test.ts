import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureLogs } from '../helpers/captured-logs.js';
import { Prisma } from '../../src/db/generated/prisma/client.js';
import { schema } from '../../src/schema/index.js';
import { PEM_CERTIFICATE_MAX } from '../../src/services/sso.js';
import { MAX_TEXT_LENGTH } from '../../src/services/validate.js';
import { ENTRIES } from '../authorization/entries.js';
import { type Fixture, makeFixture } from '../authorization/principals.js';
import type { TestApp } from '../helpers/app.js';
import { createDemoApp } from '../helpers/fixtures.js';
import { expectNoChange, snapshotOf, type Table } from '../helpers/no-change.js';
import { CERTIFICATE } from '../helpers/sso.js';
import { batchDocument, type LeafPath, leafName, textLeaves, validationProblems, withLeaf } from './text-leaves.js';

// Every text field of every mutation, found in the schema (through input objects and lists), is
// sent what must never be stored: a NUL byte, half a surrogate pair, one character more than its
// limit; names, only invisible characters or a bidi override; emails, 255 characters. Each must answer a
// ValidationError on that field alone, change nothing, and log nothing. The calls start from the
// authorization matrix's valid call of each mutation (test/authorization/entries), so a new
// mutation is walked as soon as it has its matrix entry, and one whose text fields cannot be
// reached fails here.

/** Leaves the walk does not reach, `mutation input.path` → why. None today. */
const EXCLUDED: Record<string, string> = {};

/** Calls for the text fields the matrix's call leaves out with an input object (the other type of provider). */
const VARIANTS: Record<string, (input: Record<string, unknown>) => Record<string, unknown>> = {
  upsertAuthProvider: ({ organizationId }) => ({
    organizationId,
    type: 'SAML',
    name: 'Walk IdP',
    saml: { entityId: 'urn:walk', ssoUrl: 'https://idp.walk.test/sso', certificate: CERTIFICATE },
  }),
};

/** Fields allowed more than MAX_TEXT_LENGTH characters, `mutation input.path` → their limit. */
const LONGER: Record<string, number> = {
  'upsertAuthProvider input.saml.certificate': PEM_CERTIFICATE_MAX,
};

/** Text the database cannot store: refused on any text field. */
const UNSTORABLE: [string, string][] = [
  ['a NUL byte', 'before\u0000after'],
  ['a lone high surrogate', 'before\uD800after'],
  ['a lone low surrogate', 'before\uDC00after'],
];
const UNSTORABLE_MESSAGE = 'must not contain NUL bytes or unpaired surrogates';

/** What no name may be: nothing visible (zero-width space, joiners, word joiner, soft hyphen), or reordered by a bidi override. */
const NOT_A_NAME: [string, string][] = [
  ['only invisible characters', '\u200B\u200C\u200D\u2060\u00AD'],
  ['a bidi override', 'Acme\u202Eexe.txt'],
];

/** An address one character longer than SMTP delivers to (RFC 5321): refused by every email field. */
const LONG_EMAIL: [string, string, string] = ['a 255-character email address', `${'a'.repeat(242)}@example.test`, 'must be at most 254 characters'];
const isEmail = (path: LeafPath) => /email/i.test(String(path.at(-1)));

/** Fields named like names (organization, person, company, group, feature names, scope labels) and the environment names of an integration. */
const isName = (path: LeafPath) => {
  const field = path.filter((part): part is string => typeof part === 'string').at(-1)!;
  return /name|label/i.test(field) || field === 'environment' || field === 'externalEnvironment';
};

interface Case {
  leaf: LeafPath;
  what: string;
  args: Record<string, unknown>;
  /** The message of the shared layer's refusal; names' refusals are their services' own. */
  message?: string;
}

/** Every table, to show that a refused call wrote nothing anywhere. */
const everything = snapshotOf(Object.values(Prisma.ModelName).map((model) => `${model[0]!.toLowerCase()}${model.slice(1)}` as Table));

/** At most this many calls per request: graphql-armor allows 30 aliases. */
const CALLS_PER_REQUEST = 25;

const mutations = Object.values(schema.getMutationType()!.getFields())
  .map((field) => ({ field, leaves: textLeaves(field) }))
  .filter(({ leaves }) => leaves.length > 0);

let t: TestApp;
let f: Fixture;
// Warnings and errors the app logs: hostile text is the client's mistake, never one of them.
const logs = captureLogs({ level: 'warn', format: 'json' });
beforeAll(async () => {
  ({ t } = await createDemoApp({}, { logger: logs.logger }));
  f = await makeFixture(t);
});
afterAll(() => t.close());

describe('the text fields of every mutation', () => {
  it('are found in the schema: dozens of fields over dozens of mutations, inside input objects and lists too', () => {
    const leaves = mutations.flatMap(({ field, leaves }) => leaves.map((leaf) => `${field.name} ${leafName(leaf)}`));
    expect(mutations.length).toBeGreaterThan(30);
    expect(leaves.length).toBeGreaterThan(75);
    expect(leaves).toEqual(
      expect.arrayContaining(['inviteMembers input.invitations.0.email', 'addFeatures input.names.0', 'upsertAuthProvider input.saml.certificate']),
    );
    // An exclusion or a longer limit naming a field that is gone is stale.
    expect([...Object.keys(EXCLUDED), ...Object.keys(LONGER)].filter((leaf) => !leaves.includes(leaf))).toEqual([]);
  });

  for (const { field, leaves } of mutations) {
    it(`${field.name}: ${leaves.map(leafName).join(', ')}`, async () => {
      const entry = ENTRIES[`Mutation.${field.name}`];
      expect(entry?.mutation, `Mutation.${field.name} needs an authorization-matrix entry made by mutation()`).toBeDefined();
      const who = entry!.allowed.includes('owner') ? 'owner' : entry!.allowed[0]!;
      const input = await entry!.mutation!.input(t, f, who);
      const calls = [{ input }, ...(VARIANTS[field.name] ? [{ input: VARIANTS[field.name]!(input) }] : [])];

      const cases: Case[] = [];
      const unreachable: string[] = [];
      for (const leaf of leaves) {
        const key = `${field.name} ${leafName(leaf)}`;
        if (EXCLUDED[key]) continue;
        const limit = LONGER[key] ?? MAX_TEXT_LENGTH;
        const values: [string, string, string?][] = [
          ...UNSTORABLE.map(([what, value]): [string, string, string] => [what, value, UNSTORABLE_MESSAGE]),
          [`${limit + 1} characters`, 'x'.repeat(limit + 1), `must be at most ${limit} characters`],
          ...(isName(leaf) ? NOT_A_NAME : []),
          ...(isEmail(leaf) ? [LONG_EMAIL] : []),
        ];
        const reachable = calls.find((call) => withLeaf(call, leaf, '') !== null);
        if (!reachable) unreachable.push(leafName(leaf));
        else for (const [what, value, message] of values) cases.push({ leaf, what, args: withLeaf(reachable, leaf, value)!, message });
      }
      expect(unreachable, 'text fields no call can hold: add a VARIANT, or an EXCLUDED entry saying why').toEqual([]);

      const options = await f.as(who, entry!.scope, entry!.alsoHeld);
      const wrong = await expectNoChange(t, everything, async () => {
        const found: string[] = [];
        for (let start = 0; start < cases.length; start += CALLS_PER_REQUEST) {
          const batch = cases.slice(start, start + CALLS_PER_REQUEST);
          const { document, variables } = batchDocument(
            field,
            batch.map((c) => c.args),
          );
          const response = await t.gql(document, variables, options);
          expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
          batch.forEach((c, i) => {
            const result = response.data?.[`r${i}`];
            const problems = validationProblems(result);
            const onLeaf = problems.length > 0 && problems.every((p) => p.path.join('.') === leafName(c.leaf));
            const asExpected = onLeaf && (!c.message || problems.every((p) => p.message === c.message));
            if (!asExpected) found.push(`${leafName(c.leaf)} with ${c.what}: ${JSON.stringify(result)}`);
          });
        }
        return found;
      });
      expect(wrong).toEqual([]);
      expect(logs.lines).toEqual([]);
    });
  }
});
