import { builder } from '../builder.js';
import { changedRow, changedRowsPayload, clientPayloads, globalIdOf } from '../shared/payload.js';

// Mutation payloads of the application domain.

/** A payload with the application after the change. */
export const applicationPayload = changedRowsPayload({ application: ['Application', 'applicationId', 'The application after the change.'] });

export const DeleteApplicationPayload = builder.objectRef<{ applicationId: string }>('DeleteApplicationPayload').implement({
  description: 'The application was removed from the catalog, with its scopes and clients, and disabled in every organization.',
  fields: (t) => ({ deletedApplicationId: globalIdOf(t, 'Application', 'applicationId', 'Global id the application had.') }),
});

export const CreateApplicationScopePayload = changedRowsPayload({ scope: ['ApplicationScope', 'scopeId', 'The scope created, with no delegations yet.'] })(
  'CreateApplicationScopePayload',
  'The new scope.',
);

export const DeleteApplicationScopePayload = builder.objectRef<{ scopeId: string; applicationId: string }>('DeleteApplicationScopePayload').implement({
  description: 'The scope was deleted with every delegation from and to it.',
  fields: (t) => ({
    deletedScopeId: globalIdOf(t, 'ApplicationScope', 'scopeId', 'Global id the scope had.'),
    application: changedRow(t, 'Application', 'applicationId', 'The application the scope belonged to.'),
  }),
});

/** Payload of adding or removing a delegation: both scopes after the change. */
export const delegationPayload = changedRowsPayload({
  scope: ['ApplicationScope', 'scopeId', 'The delegating scope after the change.'],
  delegatesTo: ['ApplicationScope', 'delegatesToId', 'The scope it delegates, or no longer delegates, to.'],
});

const applicationClientPayload = clientPayloads(
  'ApplicationClient',
  'The client secret. Shown only in this response: it is stored hashed and cannot be read again.',
);

export const CreateApplicationClientPayload = applicationClientPayload(
  'CreateApplicationClientPayload',
  'The new client and its secret, shown this once.',
  'created',
);
export const UpdateApplicationClientPayload = applicationClientPayload('UpdateApplicationClientPayload', 'The updated client.', 'none');
export const RotateApplicationClientSecretPayload = applicationClientPayload(
  'RotateApplicationClientSecretPayload',
  'The client and its new secret, shown this once; the old secret and the tokens issued for it no longer work.',
  'rotated',
);

export const DeleteApplicationClientPayload = builder.objectRef<{ clientId: string; applicationId: string }>('DeleteApplicationClientPayload').implement({
  description: 'The client was deleted; its secret no longer works.',
  fields: (t) => ({
    deletedClientId: globalIdOf(t, 'ApplicationClient', 'clientId', 'Global id the client had.'),
    application: changedRow(t, 'Application', 'applicationId', 'The application the client belonged to.'),
  }),
});

/** Payload of enabling or disabling an application: the organization and the application after the change. */
export const organizationApplicationPayload = changedRowsPayload({
  organization: ['Organization', 'organizationId', 'The organization after the change.'],
  application: ['Application', 'applicationId', 'The application.'],
});
