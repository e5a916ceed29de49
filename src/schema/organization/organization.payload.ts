import { builder } from '../builder.js';
import { changedRowsPayload, globalIdOf } from '../shared/payload.js';

/** A mutation payload with the organization after the change. */
export const organizationPayload = changedRowsPayload({ organization: ['Organization', 'organizationId', 'The organization after the change.'] });

/** Payload of deleteOrganization. */
export const DeleteOrganizationPayload = builder.objectRef<{ organizationId: string }>('DeleteOrganizationPayload').implement({
  description: 'The organization was deleted with its memberships and invitations.',
  fields: (t) => ({ deletedOrganizationId: globalIdOf(t, 'Organization', 'organizationId', 'Global id of the deleted organization.') }),
});
