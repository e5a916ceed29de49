import { gid } from '../../helpers/fixtures.js';
import type { Entry } from '../entry-kit.js';
import { mutation } from '../entry-kit.js';

// Licenses: license:write, which only owners hold (and clients given it). Licenses come from
// billing, so each run sets one up directly.
const OWNERS: Entry['allowed'] = ['owner', 'clientWithScope'];

export const ENTRIES: Record<string, Entry> = {
  'Mutation.assignLicense': mutation('assignLicense', 'AssignLicenseInput', 'license:write', OWNERS, async (t, f) => {
    const license = await t.prisma.license.create({ data: { plan: 'team' } });
    return { organizationId: f.org, licenseId: gid('License', license.id) };
  }),
  'Mutation.unassignLicense': mutation('unassignLicense', 'OrganizationIdInput', 'license:write', OWNERS, async (t, f) => {
    const license = await t.prisma.license.create({ data: { plan: 'team' } });
    await t.prisma.organization.update({ where: { id: f.orgId }, data: { licenseId: license.id } });
    return { organizationId: f.org };
  }),
};
