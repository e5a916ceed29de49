import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserPrincipal } from '../../src/auth/principal.js';
import { hasSecondFactor, sqlSignInRefusal } from '../../src/auth/sign-in-requirements.js';
import { visibleOrganizations } from '../../src/auth/visibility.js';
import { Prisma } from '../../src/db/generated/prisma/client.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

// The sign-in rule has two renderings, SQL (the standing, the read path's statements) and Prisma's
// filter (visibility.ts): they must agree. Every combination of membership requirements, enforcing
// domain, provider issuer and token facts, asked of both against the database.

const ISSUER = 'https://idp.forms.test';

let t: TestApp;
const cases: { organizationId: string; label: string }[] = [];
let user: { id: string; email: string };
beforeAll(async () => {
  t = await createTestApp();
  user = await t.prisma.user.create({ data: { email: 'forms@corp.test', name: 'Forms' } });
  for (const role of ['OWNER', 'MEMBER'] as const)
    for (const requiredSsoAuth of [false, true])
      for (const requiredMfaAuth of [false, true])
        for (const domain of ['none', 'enforcing', 'unverified', 'other'] as const)
          for (const provider of [false, true]) {
            const label = JSON.stringify({ role, requiredSsoAuth, requiredMfaAuth, domain, provider });
            const organization = await t.prisma.organization.create({ data: { name: label } });
            await t.prisma.member.create({ data: { organizationId: organization.id, userId: user.id, role, requiredSsoAuth, requiredMfaAuth } });
            if (domain !== 'none') {
              await t.prisma.domain.create({
                data: {
                  organizationId: organization.id,
                  domain: domain === 'other' ? 'partner.test' : 'corp.test',
                  verificationChallenge: 'x',
                  verifiedAt: domain === 'unverified' ? null : new Date(),
                  ssoEnforcement: 'OIDC',
                },
              });
            }
            if (provider) await t.prisma.authProvider.create({ data: { organizationId: organization.id, type: 'OIDC', name: 'IdP', oidcIssuer: ISSUER } });
            cases.push({ organizationId: organization.id, label });
          }
});
afterAll(() => t.close());

const principal = (signIn: UserPrincipal['signIn']): UserPrincipal => ({ kind: 'user', userId: user.id, email: user.email, signIn });

describe('the SQL and Prisma forms of the sign-in rule', () => {
  it('agree on every combination, for plain, SSO, external-issuer and MFA tokens', async () => {
    const tokens: UserPrincipal['signIn'][] = [
      { amr: [], ssoOrganizationId: null, identityProvider: 'https://orgraph.local' },
      { amr: ['pwd', 'otp'], ssoOrganizationId: null, identityProvider: ISSUER },
      { amr: ['pwd'], ssoOrganizationId: null, identityProvider: ISSUER },
      ...cases.filter((_, i) => i % 9 === 0).map((c) => ({ amr: ['mfa'], ssoOrganizationId: c.organizationId, identityProvider: 'urn:saml' })),
    ];
    const ids = cases.map((c) => c.organizationId);
    let refusedSomewhere = 0;
    for (const signIn of tokens) {
      const caller = principal(signIn);
      const byPrisma = new Set(
        (await t.prisma.organization.findMany({ where: { id: { in: ids }, ...visibleOrganizations(caller) }, select: { id: true } })).map((o) => o.id),
      );
      const rows = await t.prisma.$queryRaw<{ organizationId: string; refusal: string | null }[]>(
        Prisma.sql`SELECT m."organizationId", ${sqlSignInRefusal(caller, 'm')} AS refusal FROM "Member" m WHERE m."userId" = ${user.id}`,
      );
      for (const row of rows) {
        const label = cases.find((c) => c.organizationId === row.organizationId)!.label;
        expect(byPrisma.has(row.organizationId), `${JSON.stringify(signIn)} ${label}`).toBe(row.refusal === null);
        if (row.refusal) refusedSomewhere += 1;
      }
    }
    // Not vacuous: both outcomes occur.
    expect(refusedSomewhere).toBeGreaterThan(0);
    expect(refusedSomewhere).toBeLessThan(tokens.length * cases.length);
  });
});

describe('a second factor (RFC 8176 amr)', () => {
  it('is `mfa`, or methods of two different factors (knowledge, possession, inherence)', () => {
    expect(hasSecondFactor(['mfa'])).toBe(true);
    expect(hasSecondFactor(['pwd', 'otp'])).toBe(true);
    expect(hasSecondFactor(['hwk', 'face'])).toBe(true);
    expect(hasSecondFactor(['pin', 'sc'])).toBe(true);
    expect(hasSecondFactor(['pwd'])).toBe(false);
    expect(hasSecondFactor(['otp', 'sms'])).toBe(false);
    expect(hasSecondFactor(['pwd', 'kba'])).toBe(false);
    expect(hasSecondFactor(['pwd', 'rba'])).toBe(false);
    expect(hasSecondFactor([])).toBe(false);
  });
});
