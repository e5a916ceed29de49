import { MAX_RESULTS } from './list.js';
import { GROUP_SCHEMA, USER_SCHEMA } from './request.js';

// The discovery documents (RFC 7643 §5–7, RFC 7644 §4): what this server supports, the two
// resource types and their schemas, limited to the attributes it keeps. Identity providers read
// them when a connection is set up; they are the same for every domain.

const SCHEMA_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Schema';
const RESOURCE_TYPE_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ResourceType';

export function serviceProviderConfig(baseUrl: string) {
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
    documentationUri: `${baseUrl}/ServiceProviderConfig`,
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: MAX_RESULTS },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: false },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'Bearer token',
        description: "The SCIM token of the organization's domain (regenerateDomainScimToken), as Authorization: Bearer <token>.",
        primary: true,
      },
    ],
    meta: { resourceType: 'ServiceProviderConfig', location: `${baseUrl}/ServiceProviderConfig` },
  };
}

const RESOURCE_TYPES = [
  { id: 'User', name: 'User', endpoint: '/Users', description: 'A member of the organization with an address at the domain.', schema: USER_SCHEMA },
  {
    id: 'Group',
    name: 'Group',
    endpoint: '/Groups',
    description: 'An external group of the organization, mapped to an Orgraph group by its administrators.',
    schema: GROUP_SCHEMA,
  },
];

export function resourceTypes(baseUrl: string) {
  return RESOURCE_TYPES.map((type) => ({
    schemas: [RESOURCE_TYPE_SCHEMA],
    ...type,
    meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/${type.id}` },
  }));
}

interface Attribute {
  name: string;
  type: 'string' | 'boolean' | 'complex' | 'reference';
  multiValued?: boolean;
  required?: boolean;
  caseExact?: boolean;
  mutability?: 'readOnly' | 'readWrite' | 'immutable';
  uniqueness?: 'none' | 'server';
  description: string;
  subAttributes?: Attribute[];
  referenceTypes?: string[];
}

/** A schema attribute with RFC 7643's defaults filled in. */
const attribute = ({ subAttributes, ...a }: Attribute): Record<string, unknown> => ({
  multiValued: false,
  required: false,
  caseExact: false,
  mutability: 'readWrite',
  returned: 'default',
  uniqueness: 'none',
  ...a,
  ...(subAttributes ? { subAttributes: subAttributes.map(attribute) } : {}),
});

const USER_ATTRIBUTES: Attribute[] = [
  { name: 'userName', type: 'string', required: true, uniqueness: 'server', description: 'The email address at the domain; lower-cased.' },
  {
    name: 'name',
    type: 'complex',
    description: 'The person’s name, kept as one: formatted, else givenName and familyName joined.',
    subAttributes: [
      { name: 'formatted', type: 'string', description: 'The full name.' },
      { name: 'givenName', type: 'string', description: 'Given name (with familyName).' },
      { name: 'familyName', type: 'string', description: 'Family name (with givenName).' },
    ],
  },
  { name: 'displayName', type: 'string', description: 'The name shown to people; takes precedence over name.' },
  {
    name: 'emails',
    type: 'complex',
    multiValued: true,
    mutability: 'readOnly',
    description: 'The one address, equal to userName.',
    subAttributes: [
      { name: 'value', type: 'string', description: 'The address.' },
      { name: 'type', type: 'string', description: 'Always work.' },
      { name: 'primary', type: 'boolean', description: 'Always true.' },
    ],
  },
  {
    name: 'active',
    type: 'boolean',
    description: 'false suspends the membership (its seat is freed); true makes it active again, within the license’s seats.',
  },
];

const GROUP_ATTRIBUTES: Attribute[] = [
  { name: 'displayName', type: 'string', required: true, description: 'The group’s name.' },
  {
    name: 'members',
    type: 'complex',
    multiValued: true,
    description: 'Users in the group.',
    subAttributes: [
      { name: 'value', type: 'string', mutability: 'immutable', description: 'The User’s id.' },
      { name: '$ref', type: 'reference', referenceTypes: ['User'], mutability: 'immutable', description: 'The User’s URI.' },
      { name: 'display', type: 'string', mutability: 'readOnly', description: 'The User’s address.' },
    ],
  },
];

export function schemas(baseUrl: string) {
  return [
    { id: USER_SCHEMA, name: 'User', description: 'A member of the organization.', attributes: USER_ATTRIBUTES },
    { id: GROUP_SCHEMA, name: 'Group', description: 'An external group of the organization.', attributes: GROUP_ATTRIBUTES },
  ].map(({ attributes, ...schema }) => ({
    schemas: [SCHEMA_SCHEMA],
    ...schema,
    attributes: attributes.map(attribute),
    meta: { resourceType: 'Schema', location: `${baseUrl}/Schemas/${schema.id}` },
  }));
}
