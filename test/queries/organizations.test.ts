import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, expectData, type TestApp } from '../helpers/app.js';
import { connectionOf, walk, type Page } from './paging.js';

const ORGANIZATIONS = `query($first: Int, $after: String, $last: Int, $before: String, $activeOnly: Boolean) {
  organizations(first: $first, after: $after, last: $last, before: $before, activeOnly: $activeOnly) { ${connectionOf('id name active')} }
}`;
const CREATE = `mutation($name: String!) { createOrganization(input: { name: $name }) { __typename ... on CreateOrganizationPayload { organization { id } } } }`;
const UPDATE = `mutation($input: UpdateOrganizationInput!) {
  updateOrganization(input: $input) { __typename ... on UpdateOrganizationPayload { organization { id active } } ... on Error { code } }
}`;

type OrganizationNode = { id: string; name: string; active: boolean };

const UMA = { as: 'uma@orgs.test' };
const NAMES = ['One', 'Two', 'Three', 'Four', 'Five'];
const INACTIVE = ['Two', 'Four'];
const ACTIVE_NAMES = NAMES.filter((n) => !INACTIVE.includes(n));

let t: TestApp;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  for (const name of NAMES) {
    ids[name] = expectData(await t.gql(CREATE, { name }, UMA)).createOrganization.organization.id;
  }
  // Someone else's organization never shows up.
  expectData(await t.gql(CREATE, { name: 'Elsewhere' }, { as: 'vic@orgs.test' }));
  for (const name of INACTIVE) {
    const result = expectData(await t.gql(UPDATE, { input: { organizationId: ids[name], active: false } }, UMA));
    expect(result.updateOrganization).toMatchObject({ __typename: 'UpdateOrganizationPayload', organization: { active: false } });
  }
});
afterAll(() => t.close());

async function organizations(variables: Record<string, unknown>): Promise<Page<OrganizationNode>> {
  return expectData(await t.gql(ORGANIZATIONS, variables, UMA)).organizations;
}
const namesOf = (page: Page<OrganizationNode>) => page.edges.map((e) => e.node.name);

describe('organizations', () => {
  it('lists the caller’s organizations oldest first, deactivated ones included by default', async () => {
    const page = await organizations({});
    expect(namesOf(page)).toEqual(NAMES);
    expect(page.totalCount).toBe(5);
    expect(page.edges.filter((e) => !e.node.active).map((e) => e.node.name)).toEqual(INACTIVE);
    expect(namesOf(await organizations({ activeOnly: false }))).toEqual(NAMES);
  });

  it('leaves deactivated organizations out with activeOnly, totalCount included', async () => {
    const page = await organizations({ activeOnly: true });
    expect(namesOf(page)).toEqual(ACTIVE_NAMES);
    expect(page.totalCount).toBe(3);
    expect(page.edges.every((e) => e.node.active)).toBe(true);
  });

  it('pages forward and backward, each organization once', async () => {
    for (const direction of ['forward', 'backward'] as const) {
      const all = await walk((args) => organizations(args), 2, direction);
      expect(all.nodes.map((n) => n.name)).toEqual(NAMES);
      expect(all.pages).toBe(3);
      const active = await walk((args) => organizations({ ...args, activeOnly: true }), 2, direction);
      expect(active.nodes.map((n) => n.name)).toEqual(ACTIVE_NAMES);
      expect(active.totalCount).toBe(3);
    }
  });

  it('lists an organization again once reactivated', async () => {
    expectData(await t.gql(UPDATE, { input: { organizationId: ids.Four, active: true } }, UMA));
    expect(namesOf(await organizations({ activeOnly: true }))).toEqual(['One', 'Three', 'Four', 'Five']);
    expectData(await t.gql(UPDATE, { input: { organizationId: ids.Four, active: false } }, UMA));
  });
});
