import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../src/schema/index.js';
import type { GraphQLResponse, TestApp } from '../helpers/app.js';
import { createDemoApp } from '../helpers/fixtures.js';
import { ENTRIES } from './entries.js';
import { makeFixture, PRINCIPALS } from './principals.js';

// The authorization matrix: every query field and mutation of the schema, for every kind of
// principal, allowed or denied (subscriptions when they subscribe). Driven by the schema: a new root field without an entry fails.

const AUTH_CODES = new Set(['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND']);
const AUTH_ERRORS = new Set(['NotFoundError', 'ForbiddenError']);

/** Authorization passed: no auth error at the top level, and the result union is not an auth error. */
function passedAuthorization(response: GraphQLResponse): boolean {
  if ((response.errors ?? []).some((e) => AUTH_CODES.has(e.extensions?.code ?? ''))) return false;
  const results = Object.values(response.data ?? {}) as ({ __typename?: string } | null)[];
  return results.length > 0 && results.every((r) => r !== null && !AUTH_ERRORS.has(r.__typename ?? ''));
}

const ERROR_RESULTS = new Set(['NotFoundError', 'ForbiddenError', 'ValidationError', 'ConflictError', 'InvariantViolationError']);

/** 'ok' when a mutation wrote one audit entry on success (a payload) and none on failure; else what happened. */
function auditOutcome(response: GraphQLResponse, written: number): string {
  const result = Object.values(response.data ?? {})[0] as { __typename?: string } | null | undefined;
  const succeeded = Boolean(result?.__typename) && !ERROR_RESULTS.has(result!.__typename!);
  const expected = succeeded ? 1 : 0;
  return written === expected ? 'ok' : `${result?.__typename ?? 'no result'} wrote ${written} audit entries, expected ${expected}`;
}

let t: TestApp;
beforeAll(async () => ({ t } = await createDemoApp()));
afterAll(() => t.close());

const rootFields = [schema.getQueryType()!, schema.getMutationType()!, schema.getSubscriptionType()!].flatMap((type) =>
  Object.keys(type.getFields()).map((name) => `${type.name}.${name}`),
);

describe('authorization matrix', () => {
  it('has an entry for every query field and mutation of the schema', () => {
    expect(rootFields.filter((field) => !ENTRIES[field])).toEqual([]);
    expect(Object.keys(ENTRIES).filter((field) => !rootFields.includes(field))).toEqual([]);
  });

  for (const field of rootFields.filter((f) => ENTRIES[f])) {
    it(`${field}: ${ENTRIES[field]!.allowed.join(', ') || 'nobody'} allowed, the others denied`, async () => {
      const entry = ENTRIES[field]!;
      const outcome: Record<string, 'allowed' | 'denied'> = {};
      const expected: Record<string, 'allowed' | 'denied'> = {};
      const audit: Record<string, string> = {};
      for (const who of PRINCIPALS) {
        const f = await makeFixture(t);
        const auditBefore = await t.prisma.auditLog.count();
        const response = await entry.run(t, f, who);
        const granted = entry.granted ? entry.granted(response, f) : passedAuthorization(response);
        outcome[who] = granted ? 'allowed' : 'denied';
        expected[who] = entry.allowed.includes(who) ? 'allowed' : 'denied';
        if (field.startsWith('Mutation.')) audit[who] = auditOutcome(response, (await t.prisma.auditLog.count()) - auditBefore);
      }
      expect(outcome).toEqual(expected);
      // Invariant 5, for every mutation of the schema: one audit entry per success, none per failure.
      expect(Object.entries(audit).filter(([, verdict]) => verdict !== 'ok')).toEqual([]);
    });
  }
});
