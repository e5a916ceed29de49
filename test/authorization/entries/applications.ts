import type { Who } from '../principals.js';
import type { TestApp } from '../../helpers/app.js';
import { gid } from '../../helpers/fixtures.js';
import { nextUnique, PLATFORM_ADMINS, platformMutation, rawId, send, write, type Entry } from '../entry-kit.js';

// The application catalog (platform admins write it, every signed-in principal reads it) and
// its enabling per organization (application:write there).

const SIGNED_IN: Who[] = ['owner', 'admin', 'member', 'guest', 'outsider', 'platformAdmin', 'clientWithScope', 'clientWithoutScope', 'foreignClient'];

/** A fresh catalog application with two scopes, made directly (setup, not under test). */
async function freshApplication(t: TestApp, enabledIn: string[] = []) {
  const n = nextUnique();
  const application = await t.prisma.application.create({
    data: {
      name: `Matrix app ${n}`,
      alias: `matrix-app-${n}`,
      scopes: { create: [{ label: 'app:write' }, { label: 'app:read' }] },
      organizations: { create: enabledIn.map((organizationId) => ({ organizationId })) },
    },
    include: { scopes: true },
  });
  const scope = (label: string) => gid('ApplicationScope', application.scopes.find((s) => s.label === label)!.id);
  return { id: gid('Application', application.id), rawId: application.id, write: scope('app:write'), read: scope('app:read') };
}

async function freshApplicationClient(t: TestApp) {
  const application = await freshApplication(t);
  const client = await t.prisma.applicationClient.create({ data: { applicationId: application.rawId, name: 'Web', secretHash: 'x', secretLastChars: 'xxxx' } });
  return gid('ApplicationClient', client.id);
}

/** A root query field; `granted` reads the answer. */
function query(allowed: Who[], document: (t: TestApp) => Promise<[string, Record<string, unknown>]>, granted: (data: any) => boolean): Entry {
  return {
    scope: null,
    allowed,
    run: async (t, f, who) => {
      const [text, variables] = await document(t);
      return send(t, f, who, null, text, variables);
    },
    granted: (response) => Boolean(response.data) && granted(response.data),
  };
}

export const ENTRIES: Record<string, Entry> = {
  'Query.applications': query(
    SIGNED_IN,
    async (t) => {
      await freshApplication(t);
      return ['{ applications(first: 1) { totalCount edges { node { id } } } }', {}];
    },
    (d) => d.applications?.totalCount > 0,
  ),
  'Query.application': (() => {
    let expected = '';
    return query(
      SIGNED_IN,
      async (t) => {
        expected = (await freshApplication(t)).id;
        return ['query($id: ID!) { application(id: $id) { id } }', { id: expected }];
      },
      (d) => d.application?.id === expected,
    );
  })(),
  'Query.applicationClient': (() => {
    let expected = '';
    return query(
      PLATFORM_ADMINS,
      async (t) => {
        expected = await freshApplicationClient(t);
        return ['query($id: ID!) { applicationClient(id: $id) { id } }', { id: expected }];
      },
      (d) => d.applicationClient?.id === expected,
    );
  })(),

  'Mutation.createApplication': platformMutation('createApplication', 'CreateApplicationInput', () => ({ name: 'New', alias: `new-app-${nextUnique()}` })),
  'Mutation.updateApplication': platformMutation('updateApplication', 'UpdateApplicationInput', async (t) => ({
    applicationId: (await freshApplication(t)).id,
    description: 'changed',
  })),
  'Mutation.deleteApplication': platformMutation('deleteApplication', 'ApplicationIdInput', async (t) => ({ applicationId: (await freshApplication(t)).id })),
  'Mutation.createApplicationScope': platformMutation('createApplicationScope', 'CreateApplicationScopeInput', async (t) => ({
    applicationId: (await freshApplication(t)).id,
    label: 'app:admin',
  })),
  'Mutation.deleteApplicationScope': platformMutation('deleteApplicationScope', 'ApplicationScopeIdInput', async (t) => ({
    scopeId: (await freshApplication(t)).read,
  })),
  'Mutation.addApplicationScopeDelegation': platformMutation('addApplicationScopeDelegation', 'ApplicationScopeDelegationInput', async (t) => {
    const app = await freshApplication(t);
    return { scopeId: app.write, delegatesToScopeId: app.read };
  }),
  'Mutation.removeApplicationScopeDelegation': platformMutation('removeApplicationScopeDelegation', 'ApplicationScopeDelegationInput', async (t) => {
    const app = await freshApplication(t);
    await t.prisma.applicationScopeDelegation.create({ data: { scopeId: rawId(app.write), delegatesToId: rawId(app.read) } });
    return { scopeId: app.write, delegatesToScopeId: app.read };
  }),
  'Mutation.createApplicationClient': platformMutation('createApplicationClient', 'CreateApplicationClientInput', async (t) => ({
    applicationId: (await freshApplication(t)).id,
    name: 'Web',
    redirectUris: ['https://app.example.com/callback'],
  })),
  'Mutation.updateApplicationClient': platformMutation('updateApplicationClient', 'UpdateApplicationClientInput', async (t) => ({
    clientId: await freshApplicationClient(t),
    name: 'Renamed',
  })),
  'Mutation.rotateApplicationClientSecret': platformMutation('rotateApplicationClientSecret', 'ApplicationClientIdInput', async (t) => ({
    clientId: await freshApplicationClient(t),
  })),
  'Mutation.deleteApplicationClient': platformMutation('deleteApplicationClient', 'ApplicationClientIdInput', async (t) => ({
    clientId: await freshApplicationClient(t),
  })),

  'Mutation.enableApplication': write('enableApplication', 'OrganizationApplicationInput', 'application:write', async (t, f) => ({
    organizationId: f.org,
    applicationId: (await freshApplication(t)).id,
  })),
  'Mutation.disableApplication': write('disableApplication', 'OrganizationApplicationInput', 'application:write', async (t, f) => ({
    organizationId: f.org,
    applicationId: (await freshApplication(t, [f.orgId])).id,
  })),
};
