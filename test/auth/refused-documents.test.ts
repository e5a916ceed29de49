import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';

// Every document the server will not run is refused alike: what the parser could not read is a
// parse failure, what breaks a rule or a limit (unknown field, depth, aliases, directives) a
// validation failure; neither is "bad input", and only the first is called a syntax error.

const TOO_DEEP = `{ organizations { edges { node { members { edges { node { user { memberships { edges { node { organization { members { edges { node { role } } } } } } } } } } } } } } }`;
const fields = (n: number) => Array.from({ length: n }, (_, i) => `a${i}: id`).join(' ');

const REFUSALS = {
  syntax: ['{ me { ', 'GRAPHQL_PARSE_FAILED'],
  tokens: [`{ ${'a '.repeat(5100)} }`, 'GRAPHQL_PARSE_FAILED'],
  unknownField: ['{ nope }', 'GRAPHQL_VALIDATION_FAILED'],
  depth: [TOO_DEEP, 'GRAPHQL_VALIDATION_FAILED'],
  aliases: [`{ me { ${fields(40)} } }`, 'GRAPHQL_VALIDATION_FAILED'],
  directives: [`{ __typename ${'@include(if: true) '.repeat(60)} }`, 'GRAPHQL_VALIDATION_FAILED'],
} as const;

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('refused documents', () => {
  for (const [name, [query, code]] of Object.entries(REFUSALS)) {
    it(`${name}: ${code}, nothing run`, async () => {
      const result = await t.gql(query, {}, { as: 'someone@refused.test' });
      expect(result.data ?? null).toBeNull();
      expect(result.errors?.map((e) => e.extensions?.code)).toEqual([code]);
      if (code === 'GRAPHQL_VALIDATION_FAILED') expect(result.errors?.[0]?.message).not.toMatch(/^Syntax Error/);
    });

    it(`${name}: HTTP 200 for application/json clients, 400 for application/graphql-response+json ones`, async () => {
      const statuses = [];
      for (const accept of ['application/json', 'application/graphql-response+json']) {
        const response = await t.app.fetch('http://test/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept },
          body: JSON.stringify({ query }),
        });
        statuses.push(response.status);
        await response.body?.cancel();
      }
      expect(statuses).toEqual([200, 400]);
    });
  }
});
