import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCodes, expectData, type TestApp } from '../helpers/app.js';
import { ALICE, seedDemo, type Demo } from '../helpers/fixtures.js';
import { gid } from '../helpers/ids.js';

// Queries are priced from their shape and page sizes before they run, and refused above
// MAX_QUERY_COST; nodes(ids:) takes at most MAX_NODE_IDS ids.

const ORG_PAGE = readFileSync(new URL('../../bench/org-page/query.graphql', import.meta.url), 'utf8');
const README_QUERY = `{ me { email } organizations(first: 10) { totalCount edges { node { id name viewerCan { invite } members(first: 20, joinedOrder: ASC) { totalCount edges { node { role status user { name email } } } } invitations(status: [PENDING]) { edges { node { email role expiresAt invitedBy { name } } } } } } } }`;
// Ten aliases of a page of pages of pages: 10 × 100 × 100 × 100 memberships.
const TEN_ALIASES = `{ ${Array.from({ length: 10 }, (_, i) => `a${i}: organizations(first: 100) { edges { node { members(first: 100) { edges { node { user { memberships(first: 100) { edges { node { role } } } } } } } } } }`).join(' ')} }`;

let t: TestApp;
let demo: Demo;
beforeAll(async () => {
  t = await createTestApp();
  demo = await seedDemo(t);
});
afterAll(() => t.close());

describe('the query cost limit', () => {
  it('lets the organization page and the README’s query through', async () => {
    expect(expectData(await t.gql(ORG_PAGE, {}, { as: ALICE })).organizations.edges.length).toBeGreaterThan(0);
    expect(expectData(await t.gql(README_QUERY, {}, { as: ALICE })).me.email).toBe(ALICE);
  });

  it('refuses ten aliases of nested pages before running anything, with the code, the cost and the limit', async () => {
    const run = await t.counter.during(() => t.gql(TEN_ALIASES, {}, { as: ALICE }));
    expect(run.result.data ?? null).toBeNull();
    expect(errorCodes(run.result)).toEqual(['COST_LIMIT_EXCEEDED']);
    const error = run.result.errors![0] as unknown as { message: string; extensions: { cost: number; limit: number } };
    expect(error.extensions.cost).toBe(30_403_010);
    expect(error.extensions.limit).toBe(50_000);
    expect(error.message).toMatch(/costs 30403010, above the limit of 50000/);
    // Nothing of the organization's data was read (the caller's user may be).
    expect(run.statements.filter((s) => /"Organization"|"Member"/.test(s))).toEqual([]);
  });

  it('prices page sizes taken from variables, and every alias', async () => {
    const PAGES = `query($n: Int!) { a: organizations(first: $n) { edges { node { members(first: $n) { edges { node { role } } } } } } b: organizations(first: $n) { edges { node { name } } } }`;
    expect(expectData(await t.gql(PAGES, { n: 20 }, { as: ALICE })).a.edges.length).toBeGreaterThan(0);
    expect(errorCodes(await t.gql(PAGES, { n: 100 }, { as: ALICE }))).toEqual([]);
    const nested = `query($n: Int!) { organizations(first: $n) { edges { node { members(first: $n) { edges { node { user { memberships(first: $n) { edges { node { role } } } } } } } } } } }`;
    expect(errorCodes(await t.gql(nested, { n: 100 }, { as: ALICE }))).toEqual(['COST_LIMIT_EXCEEDED']);
    expect(errorCodes(await t.gql(nested, { n: 10 }, { as: ALICE }))).toEqual([]);
  });

  it('follows MAX_QUERY_COST', async () => {
    const strict = await createTestApp({ MAX_QUERY_COST: '1000' });
    try {
      await seedDemo(strict);
      const response = await strict.gql(ORG_PAGE, {}, { as: ALICE });
      expect(errorCodes(response)).toEqual(['COST_LIMIT_EXCEEDED']);
      expect((response.errors![0] as unknown as { extensions: { limit: number } }).extensions.limit).toBe(1000);
      expect(expectData(await strict.gql('{ me { email } }', {}, { as: ALICE })).me.email).toBe(ALICE);
    } finally {
      await strict.close();
    }
  });
});

describe('nodes(ids:)', () => {
  it('takes up to MAX_NODE_IDS ids (default 100) and refuses more with BAD_USER_INPUT', async () => {
    const ids = (n: number) => Array.from({ length: n }, () => demo.acme);
    const QUERY = `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`;
    expect(expectData(await t.gql(QUERY, { ids: ids(100) }, { as: ALICE })).nodes).toHaveLength(100);
    expect(errorCodes(await t.gql(QUERY, { ids: ids(101) }, { as: ALICE }))).toEqual(['BAD_USER_INPUT']);
  });

  it('refuses 1,000 ids with nested pages on their cost, before execution', async () => {
    const ids = Array.from({ length: 1000 }, (_, i) => gid('Organization', `missing-${i}`));
    const response = await t.gql(
      `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Organization { members(first: 100) { edges { node { user { memberships(first: 100) { edges { node { role } } } } } } } } } }`,
      { ids },
      { as: ALICE },
    );
    expect(errorCodes(response)).toEqual(['COST_LIMIT_EXCEEDED']);
  });
});
