import { mutationDocument } from '../helpers/mutations.js';

// Documents of the domain tests alone. Each mutation is aliased `result` (runMutation in
// test/helpers/mutations.ts returns the union value).

export const DOMAIN_FIELDS = `id domain verified verifiedAt lastVerificationAt verificationRecord { name value } jitProvisioningEnabled ssoEnforcement scimEnabled scimTokenLastChars createdAt updatedAt organization { id } viewerCan { update verify delete enableFeatures regenerateScimToken }`;
export const ADD_DOMAIN = mutationDocument('addDomain', 'AddDomainInput', `... on AddDomainPayload { domain { ${DOMAIN_FIELDS} } }`);
export const VERIFY_DOMAIN = mutationDocument('verifyDomain', 'DomainIdInput', `... on VerifyDomainPayload { domain { ${DOMAIN_FIELDS} } }`);
export const UPDATE_DOMAIN = mutationDocument('updateDomain', 'UpdateDomainInput', `... on UpdateDomainPayload { domain { ${DOMAIN_FIELDS} } }`);
export const DELETE_DOMAIN = mutationDocument(
  'deleteDomain',
  'DomainIdInput',
  `... on DeleteDomainPayload { deletedDomainId organization { id domains { totalCount } } }`,
);
export const REGENERATE_SCIM_TOKEN = mutationDocument(
  'regenerateDomainScimToken',
  'DomainIdInput',
  `... on RegenerateDomainScimTokenPayload { scimToken domain { ${DOMAIN_FIELDS} } }`,
);
