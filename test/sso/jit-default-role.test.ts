import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { gid } from '../helpers/ids.js';
import { expectAuditedMutation, mutationDocument } from '../helpers/mutations.js';
import { newOrg } from '../helpers/orgs.js';
import { expectRefused } from '../helpers/sso.js';

// Domain.jitDefaultRole: the role JIT provisioning gives (test/sso/oidc-sign-in.test.ts shows it
// given), set by whoever may update the domain, never OWNER.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const UPDATE = mutationDocument('updateDomain', 'UpdateDomainInput', `... on UpdateDomainPayload { domain { jitProvisioningEnabled jitDefaultRole } }`);

describe('Domain.jitDefaultRole', () => {
  it('is MEMBER by default, set with updateDomain (one audit entry), and never OWNER', async () => {
    const o = await newOrg(t, { owner: 'OWNER', admin: 'ADMIN' });
    const domain = await t.prisma.domain.create({ data: { organizationId: o.orgId, domain: 'jit.test', verificationChallenge: 'x', verifiedAt: new Date() } });
    expect(domain.jitDefaultRole).toBe('MEMBER');
    const domainId = gid('Domain', domain.id);
    const { result, entry } = await expectAuditedMutation(t, UPDATE, { domainId, jitProvisioningEnabled: true, jitDefaultRole: 'GUEST' }, o.email.admin!, {
      payload: 'UpdateDomainPayload',
      action: 'domain.update',
      organizationId: o.orgId,
      targetType: 'Domain',
    });
    expect(result.domain).toEqual({ jitProvisioningEnabled: true, jitDefaultRole: 'GUEST' });
    expect(entry.changes).toMatchObject({ jitDefaultRole: { from: 'MEMBER', to: 'GUEST' } });
    const refused = await expectRefused(t, UPDATE, { domainId, jitDefaultRole: 'OWNER' }, o.email.owner!, 'ValidationError');
    expect(refused.fields).toEqual([{ path: ['input', 'jitDefaultRole'], message: expect.stringMatching(/never makes an OWNER/) }]);
  });
});
