import { expectData, type TestApp } from './app.js';

/** Renames an organization through GraphQL as `as`: the change the event tests commit to see it announced. */
export async function renameOrganization(t: Pick<TestApp, 'gql'>, organizationId: string, name: string, as: string): Promise<void> {
  expectData(
    await t.gql(
      'mutation($org: ID!, $name: String!) { updateOrganization(input: { organizationId: $org, name: $name }) { __typename } }',
      { org: organizationId, name },
      { as },
    ),
  );
}
