import { generateClientSecret } from '../../src/auth/client-credentials.js';
import type { TestApp } from '../helpers/app.js';
import { addUserTo } from '../helpers/fixtures.js';
import { newOrg, type TestOrg } from '../helpers/orgs.js';

// SCIM through the HTTP surface (app.fetch), as an identity provider calls it.

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

export interface ScimResponse {
  status: number;
  body: any;
  headers: Headers;
}

/** One SCIM request with the bearer token; the body is sent as application/scim+json. */
export async function scim(t: TestApp, token: string | null, method: string, path: string, body?: unknown): Promise<ScimResponse> {
  const response = await t.app.fetch(`http://test/scim/v2${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/scim+json' }) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
}

export interface ScimSetup {
  org: TestOrg;
  domainId: string;
  domain: string;
  token: string;
  /** SYSTEM actor id of the domain's changes. */
  actor: string;
}

let n = 0;

/**
 * An organization with an owner (on another address) and a verified domain with SCIM on and a
 * token, written directly: test/domains covers the mutations that get there.
 */
export async function scimOrganization(t: TestApp, options: { seats?: number; verified?: boolean; scimEnabled?: boolean } = {}): Promise<ScimSetup> {
  const org = await newOrg(t, { owner: 'OWNER' });
  const domain = `corp${++n}-${Date.now().toString(36)}.example`;
  const { secret, secretHash, secretLastChars } = generateClientSecret();
  const created = await t.prisma.domain.create({
    data: {
      organizationId: org.orgId,
      domain,
      verificationChallenge: 'x',
      verifiedAt: options.verified === false ? null : new Date(),
      scimEnabled: options.scimEnabled ?? true,
      scimTokenHash: secretHash,
      scimTokenLastChars: secretLastChars,
    },
  });
  if (options.seats !== undefined) {
    const license = await t.prisma.license.create({ data: { plan: 'team', seats: options.seats } });
    await t.prisma.organization.update({ where: { id: org.orgId }, data: { licenseId: license.id } });
  }
  return { org, domainId: created.id, domain, token: secret, actor: `scim:${created.id}` };
}

/** A member with an address at the domain (not through SCIM). */
export async function domainMember(t: TestApp, setup: ScimSetup, label: string, role: 'OWNER' | 'ADMIN' | 'MEMBER') {
  const email = `${label}@${setup.domain}`;
  await addUserTo(t, setup.org.org, email, role);
  return t.prisma.member.findFirstOrThrow({ where: { organizationId: setup.org.orgId, user: { email } } });
}

/** A SCIM User body as Okta sends it on create. */
export function oktaUser(email: string, extra: Record<string, unknown> = {}) {
  const [given, family] = ['Ada', 'Lovelace'];
  return {
    schemas: [USER_SCHEMA],
    userName: email,
    name: { givenName: given, familyName: family },
    emails: [{ primary: true, value: email, type: 'work' }],
    displayName: `${given} ${family}`,
    locale: 'en-US',
    externalId: `00u${Math.random().toString(36).slice(2, 12)}`,
    groups: [],
    password: 'Okta-secret-1!',
    active: true,
    ...extra,
  };
}

/** The SCIM audit entries of the organization, oldest first. */
export const scimAudit = (t: TestApp, setup: ScimSetup) =>
  t.prisma.auditLog.findMany({ where: { organizationId: setup.org.orgId, action: { startsWith: 'scim.' } }, orderBy: { createdAt: 'asc' } });

/** The domain's SCIM log, oldest first. */
export const scimLog = (t: TestApp, setup: ScimSetup) => t.prisma.scimLog.findMany({ where: { domainId: setup.domainId }, orderBy: { createdAt: 'asc' } });
