import { expect } from 'vitest';
import type { RequestOptions, TestApp } from '../helpers/app.js';
import { expectData } from '../helpers/app.js';
import { gid } from '../helpers/ids.js';

// Documents and setup of the client tests alone; tokens for clients are in test/helpers/client-tokens.ts.

export const CREATE_CLIENT = `mutation($input: CreateClientInput!) {
  createClient(input: $input) {
    __typename
    ... on CreateClientPayload { secret client { id oauthClientId name description scopes secretLastChars lastUsedAt createdBy { email } organization { name } } }
    ... on Error { code message }
    ... on ValidationError { fields { path message } }
  }
}`;

export interface CreatedClient {
  /** Global id, for the GraphQL mutations. */
  id: string;
  /** The OAuth client_id (the database id). */
  oauthClientId: string;
  secret: string;
}

/** Creates a client through GraphQL as `options` and returns its id, client_id and the secret shown once. */
export async function createClientVia(t: TestApp, options: RequestOptions, organizationId: string, scopes: string[], name = 'Robot'): Promise<CreatedClient> {
  const result = expectData(await t.gql(CREATE_CLIENT, { input: { organizationId, name, scopes } }, options)).createClient;
  expect(result.__typename, JSON.stringify(result)).toBe('CreateClientPayload');
  return { id: result.client.id, oauthClientId: result.client.oauthClientId, secret: result.secret };
}

/** HTTP Basic credentials as RFC 6749 §2.3.1 says: each part form-urlencoded first. */
export function basic(clientId: string, secret: string): string {
  const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(secret)}`).toString('base64')}`;
}

export const clientGid = (id: string) => gid('Client', id);
