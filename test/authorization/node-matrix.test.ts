import { isObjectType, type GraphQLObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_SCOPES, type Scope } from '../../src/auth/scopes.js';
import { schema } from '../../src/schema/index.js';
import { seedDemoData } from '../../src/db/seed.js';
import { createTestApp, PLATFORM_ADMIN, type RequestOptions, type TestApp } from '../helpers/app.js';
import { clientToken } from '../helpers/client-tokens.js';
import { ALICE, BOB, CAROL, addUserTo, gid } from '../helpers/fixtures.js';
import { PINNED_ROLE_SCOPES } from '../helpers/role-scopes.js';

// Every Node type of the schema × every kind of principal, through node(id:) and nodes(ids:):
// what each may read, written out here as literal lists (not computed from the action table
// under test). A new Node type without an entry below fails the first test.

const GUEST_READS = PINNED_ROLE_SCOPES.GUEST as readonly Scope[];
const MEMBER_READS = PINNED_ROLE_SCOPES.MEMBER as readonly Scope[];

// clientWithoutMemberRead holds every scope but member:read: the members it is refused must not
// show through node(id:) or another path (a Member's role and email, a User's email).
const PRINCIPALS = [
  'owner',
  'member',
  'guest',
  'outsider',
  'platformAdmin',
  'clientWithAll',
  'clientWithOrganizationRead',
  'clientWithoutMemberRead',
  'foreignClient',
  'anonymous',
] as const;
type Who = (typeof PRINCIPALS)[number];

/** Who reads an object of Acme (or a global one), by Node type. */
type Rule = { organizationScope: Scope } | { global: readonly Who[] };
const EVERY_SIGNED_IN: readonly Who[] = PRINCIPALS.filter((who) => who !== 'anonymous');
const RULES: Record<string, Rule> = {
  Organization: { organizationScope: 'organization:read' },
  Member: { organizationScope: 'member:read' },
  User: { organizationScope: 'member:read' },
  Invitation: { organizationScope: 'invitation:read' },
  Group: { organizationScope: 'group:read' },
  Policy: { organizationScope: 'policy:read' },
  Client: { organizationScope: 'client:read' },
  AuditLogEntry: { organizationScope: 'audit_log:read' },
  Region: { organizationScope: 'region:read' },
  Stack: { organizationScope: 'stack:read' },
  Domain: { organizationScope: 'sso:read' },
  ExternalGroup: { organizationScope: 'sso:read' },
  Integration: { organizationScope: 'integration:read' },
  LegalDocument: { organizationScope: 'legal_document:read' },
  License: { organizationScope: 'license:read' },
  Deployment: { organizationScope: 'license:read' },
  WebhookEndpoint: { organizationScope: 'webhook:read' },
  WebhookDelivery: { organizationScope: 'webhook:read' },
  Application: { global: EVERY_SIGNED_IN },
  ApplicationScope: { global: EVERY_SIGNED_IN },
  ApplicationClient: { global: ['platformAdmin'] },
};

/** Who holds all these scopes in Acme. */
function holders(needs: readonly Scope[]): Who[] {
  const readers: Who[] = ['owner', 'clientWithAll'];
  if (needs.every((scope) => MEMBER_READS.includes(scope))) readers.push('member');
  if (needs.every((scope) => GUEST_READS.includes(scope))) readers.push('guest');
  if (needs.every((scope) => scope === 'organization:read')) readers.push('clientWithOrganizationRead');
  if (!needs.includes('member:read')) readers.push('clientWithoutMemberRead');
  return readers;
}

function expectedReaders(rule: Rule): Who[] {
  return 'global' in rule ? [...rule.global] : holders([rule.organizationScope]);
}

/** Paths from Acme to objects of each type: the selection under `organization(id:)`, the scopes they need, the ids they reach. */
const page = (field: string, node = 'id') => `${field}(first: 5) { edges { node { ${node} } } }`;
const nodesOf =
  (field: string, pick = (node: any) => node?.id) =>
  (org: any) =>
    (org?.[field]?.edges ?? []).map((edge: any) => pick(edge.node));
const PATHS: { type: string; selection: string; needs: Scope[]; reached: (org: any) => unknown[] }[] = [
  { type: 'Organization', selection: 'id', needs: [], reached: (org) => [org?.id] },
  { type: 'Member', selection: page('members'), needs: ['member:read'], reached: nodesOf('members') },
  { type: 'User', selection: page('members', 'user { id email }'), needs: ['member:read'], reached: nodesOf('members', (node) => node?.user?.email) },
  {
    type: 'User',
    selection: page('invitations', 'invitedBy { id email }'),
    needs: ['invitation:read', 'member:read'],
    reached: nodesOf('invitations', (node) => node?.invitedBy?.email),
  },
  { type: 'Invitation', selection: page('invitations'), needs: ['invitation:read'], reached: nodesOf('invitations') },
  { type: 'Group', selection: page('groups'), needs: ['group:read'], reached: nodesOf('groups') },
  { type: 'Policy', selection: page('policies'), needs: ['policy:read'], reached: nodesOf('policies') },
  { type: 'Client', selection: page('clients'), needs: ['client:read'], reached: nodesOf('clients') },
  { type: 'AuditLogEntry', selection: page('auditLogs'), needs: ['audit_log:read'], reached: nodesOf('auditLogs') },
  { type: 'Region', selection: page('regions'), needs: ['region:read'], reached: nodesOf('regions') },
  { type: 'Stack', selection: page('stacks'), needs: ['stack:read'], reached: nodesOf('stacks') },
  { type: 'Domain', selection: page('domains'), needs: ['sso:read'], reached: nodesOf('domains') },
  { type: 'ExternalGroup', selection: page('externalGroups'), needs: ['sso:read'], reached: nodesOf('externalGroups') },
  { type: 'Integration', selection: page('integrations'), needs: ['integration:read'], reached: nodesOf('integrations') },
  { type: 'LegalDocument', selection: page('legalDocuments'), needs: ['legal_document:read'], reached: nodesOf('legalDocuments') },
  { type: 'License', selection: 'license { id }', needs: ['license:read'], reached: (org) => [org?.license?.id] },
  { type: 'Deployment', selection: page('deployments'), needs: ['license:read'], reached: nodesOf('deployments') },
  { type: 'WebhookEndpoint', selection: page('webhookEndpoints'), needs: ['webhook:read'], reached: nodesOf('webhookEndpoints') },
  {
    type: 'WebhookDelivery',
    selection: page('webhookEndpoints', page('deliveries')),
    needs: ['webhook:read'],
    reached: (org) => nodesOf('webhookEndpoints', (node) => node?.deliveries?.edges?.[0]?.node?.id)(org),
  },
];

const nodeTypes = Object.values(schema.getTypeMap()).filter(
  (type): type is GraphQLObjectType => isObjectType(type) && type.getInterfaces().some((i) => i.name === 'Node'),
);

let t: TestApp;
let acme: string;
const ids = new Map<string, string>();
const callers = new Map<Who, RequestOptions>();

/** The raw id of one row of `model`: Acme's for tenant data, any for the global catalog. */
async function oneRowOf(model: string, acmeId: string): Promise<string | undefined> {
  const prisma = t.prisma as unknown as Record<string, { findFirst(args: object): Promise<{ id: string } | null> }>;
  const delegate = prisma[model[0]!.toLowerCase() + model.slice(1)]!;
  const special: Record<string, object> = {
    Organization: { where: { id: acmeId } },
    User: { where: { email: BOB } },
    License: { where: { organization: { is: { id: acmeId } } } },
    Deployment: { where: { license: { is: { organization: { is: { id: acmeId } } } } } },
    Application: {},
    ApplicationScope: {},
    ApplicationClient: {},
  };
  const row = await delegate.findFirst(special[model] ?? { where: { organizationId: acmeId } });
  return row?.id;
}

beforeAll(async () => {
  t = await createTestApp();
  await seedDemoData(t.prisma); // the whole demo: every domain has rows in Acme
  const { id: acmeId } = await t.prisma.organization.findFirstOrThrow({ where: { name: 'Acme' } });
  acme = gid('Organization', acmeId);
  const { id: globexId } = await t.prisma.organization.findFirstOrThrow({ where: { name: 'Globex' } });
  await addUserTo(t, gid('Organization', acmeId), 'gus@acme.test', 'GUEST');
  // Rows the demo data lacks: a custom policy, a legal document, a catalog application's client, an audit entry.
  await t.prisma.policy.create({ data: { organizationId: acmeId, name: 'Auditors', scopes: ['audit_log:read'] } });
  const documentType = 'DPA';
  await t.prisma.legalDocument.create({
    data: { organizationId: acmeId, documentType, companyName: 'Acme', companyAddress: '1 Road', representativeEmail: ALICE },
  });
  const application = await t.prisma.application.findFirstOrThrow();
  await t.prisma.applicationClient.create({ data: { applicationId: application.id, name: 'Matrix', secretHash: 'x', secretLastChars: 'xxxx' } });
  await t.prisma.auditLog.create({ data: { organizationId: acmeId, actorType: 'SYSTEM', action: 'test.entry', targetType: 'Organization', targetId: acmeId } });
  const endpoint = await t.prisma.webhookEndpoint.create({
    data: { organizationId: acmeId, url: 'https://hooks.acme.test/in', secretCiphertext: 'x.x.x', secretLastChars: 'xxxx' },
  });
  await t.prisma.webhookDelivery.create({ data: { organizationId: acmeId, endpointId: endpoint.id, eventId: 'e1', eventType: 'member.added', payload: '{}' } });
  callers.set('owner', { as: ALICE });
  callers.set('member', { as: BOB });
  callers.set('guest', { as: 'gus@acme.test' });
  callers.set('outsider', { as: CAROL });
  callers.set('platformAdmin', { as: PLATFORM_ADMIN });
  callers.set('clientWithAll', { token: await clientToken(t, acmeId, ALL_SCOPES) });
  callers.set('clientWithOrganizationRead', { token: await clientToken(t, acmeId, ['organization:read']) });
  callers.set('clientWithoutMemberRead', {
    token: await clientToken(
      t,
      acmeId,
      ALL_SCOPES.filter((scope) => scope !== 'member:read'),
    ),
  });
  callers.set('foreignClient', { token: await clientToken(t, globexId, ALL_SCOPES) });
  callers.set('anonymous', {});
  for (const type of nodeTypes) {
    const model = (type.extensions as { pothosPrismaModel?: string }).pothosPrismaModel ?? type.name;
    const id = await oneRowOf(model === 'AuditLogEntry' ? 'AuditLog' : model, acmeId);
    if (id) ids.set(type.name, gid(type.name, id));
  }
});
afterAll(() => t.close());

describe('every Node type × every principal, by node(id:) and nodes(ids:)', () => {
  it('has a rule and an object of the demo organization for every Node type', () => {
    expect(nodeTypes.map((type) => type.name).filter((name) => !RULES[name])).toEqual([]);
    expect(nodeTypes.map((type) => type.name).filter((name) => !ids.has(name))).toEqual([]);
  });

  for (const who of PRINCIPALS) {
    it(`${who}: reads exactly the types the rules give it`, async () => {
      const readers = (name: string) => expectedReaders(RULES[name]!).includes(who);
      const names = [...ids.keys()];
      const expected = Object.fromEntries(names.map((name) => [name, readers(name)]));

      const byNode: Record<string, boolean> = {};
      for (const name of names) {
        const response = await t.gql('query($id: ID!) { node(id: $id) { id } }', { id: ids.get(name) }, callers.get(who));
        byNode[name] = response.data?.node?.id === ids.get(name);
        if (!byNode[name]) expect(response.data?.node ?? null, `${name}: ${JSON.stringify(response)}`).toBeNull();
      }
      expect(byNode).toEqual(expected);

      const response = await t.gql('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: names.map((name) => ids.get(name)) }, callers.get(who));
      const found = (response.data?.nodes ?? names.map(() => null)) as ({ id: string } | null)[];
      expect(Object.fromEntries(names.map((name, i) => [name, found[i]?.id === ids.get(name)]))).toEqual(expected);
    });
  }
});

describe('every path from the organization × every principal', () => {
  it('covers every tenant Node type', () => {
    const tenantTypes = Object.entries(RULES)
      .filter(([, rule]) => 'organizationScope' in rule)
      .map(([name]) => name);
    expect(tenantTypes.filter((name) => !PATHS.some((path) => path.type === name))).toEqual([]);
  });

  for (const who of PRINCIPALS) {
    it(`${who}: reaches exactly what it may read, and nothing leaks around a refusal`, async () => {
      const outcome: Record<string, boolean> = {};
      const expected: Record<string, boolean> = {};
      for (const path of PATHS) {
        const label = `${path.type} by ${path.selection}`;
        const response = await t.gql(`query($id: ID!) { organization(id: $id) { ${path.selection} } }`, { id: acme }, callers.get(who));
        const reached = path.reached(response.data?.organization).filter((value) => value != null);
        outcome[label] = reached.length > 0 && !response.errors;
        // A refusal is an error and no data of the type, never data without an error.
        if (!outcome[label]) expect(reached, `${label}: ${JSON.stringify(response)}`).toEqual([]);
        expected[label] = holders(['organization:read', ...path.needs]).includes(who);
      }
      expect(outcome).toEqual(expected);
    });
  }
});
