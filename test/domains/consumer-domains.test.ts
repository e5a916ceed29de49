import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { runMutation } from '../helpers/mutations.js';
import { newOrg } from '../helpers/orgs.js';
import { expectRefused } from '../helpers/sso.js';
import { ADD_DOMAIN } from './support.js';

// A consumer email provider's domain (the `email-providers` package's common list) is never an
// organization's domain: addDomain refuses it as BAD_USER_INPUT on input.domain. Its subdomains
// are other mail domains and may be added; CONSUMER_DOMAINS_ALLOWED accepts listed ones anyway.

let t: TestApp;
let permissive: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  permissive = await createTestApp({ CONSUMER_DOMAINS_ALLOWED: ' Clerk.com, nus.edu.sg ' });
});
afterAll(async () => {
  await t.close();
  await permissive.close();
});

async function add(app: TestApp, organizationId: string, domain: string, as: string) {
  return (await runMutation(app, ADD_DOMAIN, { organizationId, domain }, as)).result;
}

describe('addDomain and consumer email domains', () => {
  it('refuses gmail.com, outlook.com, hotmail.com, yahoo.com, icloud.com and the like, however written, changing nothing', async () => {
    const o = await newOrg(t, { owner: 'OWNER' });
    for (const domain of ['gmail.com', 'outlook.com', 'hotmail.com', 'yahoo.com', 'icloud.com', 'proton.me', 'gmx.de', ' GMail.COM. ']) {
      const refused = await expectRefused(t, ADD_DOMAIN, { organizationId: o.org, domain }, o.email.owner!, 'ValidationError');
      const name = domain.trim().toLowerCase().replace(/\.$/, '');
      expect(refused).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [{ path: ['input', 'domain'], message: `${name} is a consumer email provider's domain: add your organization's own domain` }],
      });
    }
  });

  it('accepts a subdomain of one and an ordinary company domain', async () => {
    const o = await newOrg(t, { owner: 'OWNER' });
    for (const domain of ['corp.outlook.com', 'acme-industries.com']) {
      expect(await add(t, o.org, domain, o.email.owner!)).toMatchObject({ __typename: 'AddDomainPayload', domain: { domain } });
    }
  });

  it('accepts a listed domain the operator allows (CONSUMER_DOMAINS_ALLOWED), and only that one', async () => {
    const o = await newOrg(permissive, { owner: 'OWNER' });
    expect(await add(permissive, o.org, 'clerk.com', o.email.owner!)).toMatchObject({ __typename: 'AddDomainPayload', domain: { domain: 'clerk.com' } });
    expect(await add(permissive, o.org, 'NUS.edu.sg', o.email.owner!)).toMatchObject({ __typename: 'AddDomainPayload', domain: { domain: 'nus.edu.sg' } });
    expect(await add(permissive, o.org, 'gmail.com', o.email.owner!)).toMatchObject({ __typename: 'ValidationError', code: 'BAD_USER_INPUT' });
    const other = await newOrg(t, { owner: 'OWNER' });
    expect(await add(t, other.org, 'clerk.com', other.email.owner!)).toMatchObject({ __typename: 'ValidationError' });
  });
});
