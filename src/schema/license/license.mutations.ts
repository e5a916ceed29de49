import { assignLicense, unassignLicense } from '../../services/licenses.js';
import { builder } from '../builder.js';
import { OrganizationIdInput } from '../organization/organization.mutations.js';
import { OrganizationRef } from '../organization/organization.type.js';
import { mutationErrors } from '../shared/errors.js';
import { AssignLicensePayload, UnassignLicensePayload } from './license.payload.js';
import { LicenseRef } from './license.type.js';

const AssignLicenseInput = builder.inputType('AssignLicenseInput', {
  description: 'An organization and the license it should run under.',
  fields: (t) => ({
    organizationId: t.globalID({ for: OrganizationRef, required: true, description: 'The organization.' }),
    licenseId: t.globalID({ for: LicenseRef, required: true, description: 'The license (issued by billing, not through this API).' }),
  }),
});

builder.mutationField('assignLicense', (t) =>
  t.field({
    type: AssignLicensePayload,
    description:
      'Assigns a license to an organization, replacing the one it had. NOT_FOUND for an unknown license; CONFLICT when the license serves another organization, already serves this one, or has expired. Needs license:write (owners).',
    errors: mutationErrors('AssignLicenseResult'),
    authScopes: { action: 'license.manage' },
    args: { input: t.arg({ type: AssignLicenseInput, required: true, description: 'The organization and license.' }) },
    resolve: (_root, { input }, ctx) => assignLicense(ctx, input.organizationId.id, input.licenseId.id),
  }),
);

builder.mutationField('unassignLicense', (t) =>
  t.field({
    type: UnassignLicensePayload,
    description: 'Takes the license away from an organization: it runs on the free plan. CONFLICT when it has none. Needs license:write (owners).',
    errors: mutationErrors('UnassignLicenseResult'),
    authScopes: { action: 'license.manage' },
    args: { input: t.arg({ type: OrganizationIdInput, required: true, description: 'The organization.' }) },
    resolve: (_root, { input }, ctx) => unassignLicense(ctx, input.organizationId.id),
  }),
);
