import { builder } from '../builder.js';
import { changedRow, changedRowsPayload, changedRowWhere } from '../shared/payload.js';

/** Payload of upsertAuthProvider: the provider and its organization. */
export const UpsertAuthProviderPayload = builder.objectRef<{ organizationId: string }>('UpsertAuthProviderPayload').implement({
  description: 'The authentication provider after the change (its secret is never returned).',
  fields: (t) => ({
    authProvider: changedRowWhere(t, 'AuthProvider', (p) => ({ organizationId: p.organizationId }), 'The provider after the change.'),
    organization: changedRow(t, 'Organization', 'organizationId', 'The organization.'),
  }),
});

/** Payload of deleteAuthProvider. */
export const DeleteAuthProviderPayload = builder.objectRef<{ organizationId: string }>('DeleteAuthProviderPayload').implement({
  description: 'The authentication provider was deleted; discovered groups and their mappings stay.',
  fields: (t) => ({
    organization: changedRow(t, 'Organization', 'organizationId', 'The organization, now without a provider.'),
  }),
});

/** Payload of mapping or unmapping a discovered group: it and the local group, after the change. */
export function externalGroupPayload(name: string, description: string, groupDescription: string) {
  return changedRowsPayload({
    externalGroup: ['ExternalGroup', 'externalGroupId', 'The discovered group after the change.'],
    group: ['Group', 'groupId', groupDescription],
  })(name, description);
}
