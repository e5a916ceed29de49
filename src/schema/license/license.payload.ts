import { builder } from '../builder.js';
import { changedRow, changedRowsPayload, globalIdOf } from '../shared/payload.js';

/** Payload of assignLicense: the organization and its new license. */
export const AssignLicensePayload = changedRowsPayload({
  license: ['License', 'licenseId', 'The license assigned.'],
  organization: ['Organization', 'organizationId', 'The organization after the change.'],
})('AssignLicensePayload', 'The organization runs under the license now.');

/** Payload of unassignLicense: the license serves no organization any more, so only its id is returned. */
export const UnassignLicensePayload = builder.objectRef<{ organizationId: string; licenseId: string }>('UnassignLicensePayload').implement({
  description: 'The organization runs on the free plan now.',
  fields: (t) => ({
    unassignedLicenseId: globalIdOf(t, 'License', 'licenseId', 'Global id of the license the organization had.'),
    organization: changedRow(t, 'Organization', 'organizationId', 'The organization after the change.'),
  }),
});
