import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { seedDemo } from '../helpers/fixtures.js';
import { type ExternalIssuer, startExternalIssuer } from '../helpers/external-issuer.js';

// JIT provisioning for the server's trusted external issuer (OIDC_ISSUER): the first time one of
// its tokens is tied to a user, every organization with a verified, JIT-enabled domain of the
// user's email gains the member; later requests with it write nothing.

const ORGANIZATIONS = `{ organizations(first: 10) { edges { node { name } } } }`;

let t: TestApp;
let idp: ExternalIssuer;

beforeAll(async () => {
  idp = await startExternalIssuer('https://idp.test');
  t = await createTestApp(idp.env);
  await seedDemo(t);
  const acme = (await t.prisma.organization.findFirstOrThrow({ where: { name: 'Acme' } })).id;
  const globex = (await t.prisma.organization.findFirstOrThrow({ where: { name: 'Globex' } })).id;
  const verifiedAt = new Date();
  await t.prisma.domain.create({
    data: { organizationId: acme, domain: 'acme-corp.test', verificationChallenge: 'x', verifiedAt, jitProvisioningEnabled: true, jitDefaultRole: 'GUEST' },
  });
  // Globex's domain is verified but without JIT; an unverified JIT domain provisions nobody either.
  await t.prisma.domain.create({ data: { organizationId: globex, domain: 'acme-corp.test', verificationChallenge: 'y', verifiedAt } });
  await t.prisma.domain.create({ data: { organizationId: globex, domain: 'unverified-corp.test', verificationChallenge: 'z', jitProvisioningEnabled: true } });
});
afterAll(async () => {
  await t?.close();
  await idp?.close();
});

function idpToken(subject: string, email: string, emailVerified = true) {
  return idp.token(subject, { email, email_verified: emailVerified });
}

async function membershipsOf(email: string) {
  return t.prisma.member.findMany({ where: { user: { email } }, select: { role: true, status: true, organization: { select: { name: true } } } });
}

describe('JIT provisioning for the trusted external issuer', () => {
  it('makes the user a member, once, of the organizations whose verified domain has JIT, with the domain role and one SYSTEM audit entry', async () => {
    const token = await idpToken('sub-erin', 'erin@acme-corp.test');
    const first = await t.gql(ORGANIZATIONS, {}, { token });
    expect(first.status).toBe(200);
    expect(first.data).toEqual({ organizations: { edges: [{ node: { name: 'Acme' } }] } });
    expect(await membershipsOf('erin@acme-corp.test')).toEqual([{ role: 'GUEST', status: 'ACTIVE', organization: { name: 'Acme' } }]);
    const entries = await t.prisma.auditLog.findMany({ where: { action: 'member.provision' } });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actorType: 'SYSTEM', actorId: 'jit-provisioning' });

    // A second token of the same subject finds the linked user and provisions nothing more.
    await t.gql(ORGANIZATIONS, {}, { token: await idpToken('sub-erin', 'erin@acme-corp.test') });
    expect(await t.prisma.auditLog.count({ where: { action: 'member.provision' } })).toBe(1);
  });

  it('provisions nobody for an unverified email or a domain that is not verified', async () => {
    const before = await t.prisma.member.count();
    const unverified = await t.gql(ORGANIZATIONS, {}, { token: await idpToken('sub-finn', 'finn@acme-corp.test', false) });
    expect(unverified.status).toBe(401);
    await t.gql(ORGANIZATIONS, {}, { token: await idpToken('sub-gus', 'gus@unverified-corp.test') });
    expect(await t.prisma.member.count()).toBe(before);
  });
});
