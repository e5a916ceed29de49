import { assignLicense, unassignLicense } from '../../services/licenses.js';
import { builder } from '../builder.js';
import { OrganizationIdInput } from '../organization/organization.mutations.js';
import { OrganizationRef } from '../organization/organization.type.js';
import { mutationTaking, mutationWithInput } from '../shared/mutation.js';
import { AssignLicensePayload, UnassignLicensePayload } from './license.payload.js';
import { LicenseRef } from './license.type.js';

builder.mutationField('assignLicense', (t) =>
  t.fieldWithInput({
    ...mutationWithInput('license.manage', { type: 'An organization and the license it should run under.', argument: 'The organization and license.' }),
    type: AssignLicensePayload,
    description:
      'Assigns a license to an organization, replacing the one it had. NOT_FOUND for an unknown license; CONFLICT when the license serves another organization, already serves this one, or has expired. Needs license:write (owners).',
    input: {
      organizationId: t.input.globalID({ for: OrganizationRef, required: true, description: 'The organization.' }),
      licenseId: t.input.globalID({ for: LicenseRef, required: true, description: 'The license (issued by billing, not through this API).' }),
    },
    resolve: (_root, { input }, ctx) => assignLicense(ctx, input.organizationId.id, input.licenseId.id),
  }),
);

builder.mutationField('unassignLicense', (t) =>
  t.field({
    ...mutationTaking(t.arg, 'license.manage', OrganizationIdInput, 'The organization.'),
    type: UnassignLicensePayload,
    description: 'Takes the license away from an organization: it runs on the free plan. CONFLICT when it has none. Needs license:write (owners).',
    resolve: (_root, { input }, ctx) => unassignLicense(ctx, input.organizationId.id),
  }),
);
