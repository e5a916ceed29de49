import type { Role } from '../../src/db/generated/prisma/enums.js';
import type { TestApp } from './app.js';
import { addUserTo } from './fixtures.js';
import { gid } from './ids.js';

export type RoleName = Role;

export interface TestOrg {
  /** Global id of the organization. */
  org: string;
  orgId: string;
  /** Email by label. */
  email: Record<string, string>;
  /** Global member id by label. */
  member: Record<string, string>;
}

let orgCount = 0;

/** A fresh organization with one member per label, e.g. { a: 'OWNER', m: 'MEMBER' } (test setup, not under test). */
export async function newOrg(t: TestApp, roles: Record<string, RoleName>): Promise<TestOrg> {
  const n = ++orgCount;
  const organization = await t.prisma.organization.create({ data: { name: `Org ${n}` } });
  const org = gid('Organization', organization.id);
  const result: TestOrg = { org, orgId: organization.id, email: {}, member: {} };
  for (const [label, role] of Object.entries(roles)) {
    const email = `${label}.${n}@members.test`;
    result.email[label] = email;
    result.member[label] = await addUserTo(t, org, email, role);
  }
  return result;
}
