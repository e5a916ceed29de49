import { builder } from '../builder.js';
import { changedRow, changedRowsPayload, globalIdOf } from '../shared/payload.js';

/** A mutation payload with the integration after the change. */
export const integrationPayload = changedRowsPayload({ integration: ['Integration', 'integrationId', 'The integration after the change.'] });

/** Payload of deleteIntegration: the id the integration had, and its organization. */
export const DeleteIntegrationPayload = builder.objectRef<{ integrationId: string; organizationId: string }>('DeleteIntegrationPayload').implement({
  description: 'The integration was disconnected and deleted.',
  fields: (t) => ({
    deletedIntegrationId: globalIdOf(t, 'Integration', 'integrationId', 'Global id the integration had.'),
    organization: changedRow(t, 'Organization', 'organizationId', 'The organization the integration belonged to.'),
  }),
});
