import { builder } from '../builder.js';
import { changedRow, changedRowsPayload, globalIdOf } from '../shared/payload.js';

/** A mutation payload with the domain after the change. */
export const domainPayload = changedRowsPayload({ domain: ['Domain', 'domainId', 'The domain after the change.'] });

/** Payload of regenerateDomainScimToken: the domain and its new token, shown this once. */
export const RegenerateDomainScimTokenPayload = builder.objectRef<{ domainId: string; token: string }>('RegenerateDomainScimTokenPayload').implement({
  description: 'The domain and its new SCIM bearer token, shown this once; the old token no longer works.',
  fields: (t) => ({
    domain: changedRow(t, 'Domain', 'domainId', 'The domain after the change.'),
    scimToken: t.exposeString('token', {
      description: 'The SCIM bearer token. Shown only in this response: it is stored hashed and cannot be read again.',
    }),
  }),
});

/** Payload of deleteDomain: the id the domain had, and its organization. */
export const DeleteDomainPayload = builder.objectRef<{ domainId: string; organizationId: string }>('DeleteDomainPayload').implement({
  description: 'The domain was deleted, with its SCIM token and logs.',
  fields: (t) => ({
    deletedDomainId: globalIdOf(t, 'Domain', 'domainId', 'Global id the domain had.'),
    organization: changedRow(t, 'Organization', 'organizationId', 'The organization the domain belonged to.'),
  }),
});
