import type { Scope } from '../../../src/auth/scopes.js';
import type { TestApp } from '../../helpers/app.js';
import { gid } from '../../helpers/fixtures.js';
import { mutation, nextUnique, send, WRITERS, type Entry } from '../entry-kit.js';
import type { Fixture } from '../principals.js';

// Organization integrations: reading needs integration:read, changing integration:write (owners,
// admins, a client with the scope). They are created by installation flows, so directly here.

async function freshIntegration(t: TestApp, f: Fixture): Promise<string> {
  const integration = await t.prisma.integration.create({ data: { organizationId: f.orgId, kind: 'vercel', displayName: `Vercel ${nextUnique()}` } });
  return gid('Integration', integration.id);
}

/** A root field reading one object by id: granted when the answer is that object. */
export function readById(field: string, scope: Scope, make: (t: TestApp, f: Fixture) => Promise<string>): Entry {
  const ids = new Map<Fixture, string>();
  return {
    scope,
    allowed: ['owner', 'admin', 'clientWithScope'],
    run: async (t, f, who) => {
      ids.set(f, await make(t, f));
      return send(t, f, who, scope, `query($id: ID!) { ${field}(id: $id) { id } }`, { id: ids.get(f) });
    },
    granted: (response, f) => (response.data as Record<string, { id: string } | null> | undefined)?.[field]?.id === ids.get(f),
  };
}

export const ENTRIES: Record<string, Entry> = {
  'Query.integration': readById('integration', 'integration:read', freshIntegration),
  'Mutation.deleteIntegration': mutation('deleteIntegration', 'IntegrationIdInput', 'integration:write', WRITERS, async (t, f) => ({
    integrationId: await freshIntegration(t, f),
  })),
  'Mutation.updateIntegrationEnvironmentMapping': mutation(
    'updateIntegrationEnvironmentMapping',
    'UpdateIntegrationEnvironmentMappingInput',
    'integration:write',
    WRITERS,
    async (t, f) => ({ integrationId: await freshIntegration(t, f), environmentMapping: [{ externalEnvironment: 'production', environment: 'prod' }] }),
  ),
};
