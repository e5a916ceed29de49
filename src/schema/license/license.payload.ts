import { builder } from '../builder.js';
import { changedRow, globalIdOf } from '../shared/payload.js';

/** Payload of assignLicense: the organization and its new license. */
export const AssignLicensePayload = builder.objectRef<{ organizationId: string; licenseId: string }>('AssignLicensePayload').implement({
  description: 'The organization runs under the license now.',
  fields: (t) => ({
    license: changedRow(t, 'License', 'licenseId', 'The license assigned.'),
    organization: changedRow(t, 'Organization', 'organizationId', 'The organization after the change.'),
  }),
});

/** Payload of unassignLicense: the license serves no organization any more, so only its id is returned. */
export const UnassignLicensePayload = builder.objectRef<{ organizationId: string; licenseId: string }>('UnassignLicensePayload').implement({
  description: 'The organization runs on the free plan now.',
  fields: (t) => ({
    unassignedLicenseId: globalIdOf(t, 'License', 'licenseId', 'Global id of the license the organization had.'),
    organization: changedRow(t, 'Organization', 'organizationId', 'The organization after the change.'),
  }),
});
