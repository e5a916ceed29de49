import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedApplications } from '../../src/db/demo/applications.js';
import { expectData, type TestApp } from '../helpers/app.js';
import { ALICE, BOB, CAROL, createDemoApp } from '../helpers/fixtures.js';

let t: TestApp;
beforeAll(async () => ({ t } = await createDemoApp()));
afterAll(() => t.close());

it('the demo catalog: Ledger enabled for Acme, its write scope delegating to read; Payments enabled nowhere', async () => {
  const [acme, globex] = await Promise.all(['Acme', 'Globex'].map((name) => t.prisma.organization.findFirstOrThrow({ where: { name } })));
  const member = async (email: string, organizationId: string) =>
    t.prisma.member.findFirstOrThrow({ where: { organizationId, user: { email } }, select: { id: true, userId: true } });
  const [alice, bob, carol] = [await member(ALICE, acme!.id), await member(BOB, acme!.id), await member(CAROL, globex!.id)];
  await t.prisma.$transaction((tx) =>
    seedApplications(tx, {
      acmeId: acme!.id,
      globexId: globex!.id,
      aliceId: alice.userId,
      bobId: bob.userId,
      carolId: carol.userId,
      aliceMemberId: alice.id,
      bobMemberId: bob.id,
    }),
  );
  const catalog = expectData(
    await t.gql(`{ applications { edges { node { alias scopes { edges { node { label delegatesTo { label } } } } } } } }`, {}, { as: BOB }),
  );
  expect(catalog.applications.edges.map((e: { node: { alias: string } }) => e.node.alias)).toEqual(['ledger', 'payments']);
  expect(catalog.applications.edges[0].node.scopes.edges).toEqual([
    { node: { label: 'ledger:read', delegatesTo: [] } },
    { node: { label: 'ledger:write', delegatesTo: [{ label: 'ledger:read' }] } },
  ]);
  const enabled = expectData(await t.gql(`{ organizations { edges { node { name applications { edges { node { alias } } } } } } }`, {}, { as: ALICE }));
  expect(enabled.organizations.edges[0].node).toEqual({ name: 'Acme', applications: { edges: [{ node: { alias: 'ledger' } }] } });
});
