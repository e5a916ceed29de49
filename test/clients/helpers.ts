import { encodeGlobalID } from '@pothos/plugin-relay';
import { expect } from 'vitest';
import { generateClientSecret } from '../../src/auth/client-credentials.js';
import type { Scope } from '../../src/auth/scopes.js';
import type { RequestOptions, TestApp } from '../helpers/app.js';
import { expectData } from '../helpers/app.js';

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

/** POSTs an application/x-www-form-urlencoded body to /oauth/token. */
export async function postToken(t: TestApp, params: Record<string, string> | string, headers: Record<string, string> = {}): Promise<Response> {
  const body = typeof params === 'string' ? params : new URLSearchParams(params).toString();
  return t.app.fetch('http://test/oauth/token', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body });
}

/** HTTP Basic credentials as RFC 6749 §2.3.1 says: each part form-urlencoded first. */
export function basic(clientId: string, secret: string): string {
  const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(secret)}`).toString('base64')}`;
}

/** An access token for the client (body credentials); fails the test unless one is issued. */
export async function tokenOf(t: TestApp, client: Pick<CreatedClient, 'oauthClientId' | 'secret'>, scope?: string): Promise<string> {
  const response = await postToken(t, { grant_type: 'client_credentials', client_id: client.oauthClientId, client_secret: client.secret, ...(scope ? { scope } : {}) });
  const body = (await response.json()) as { access_token?: string };
  expect(response.status, JSON.stringify(body)).toBe(200);
  return body.access_token!;
}

/**
 * A bearer token of a new service client of the organization (raw database id) with exactly
 * these scopes: the client row is set up directly (test setup), the token comes from /oauth/token.
 */
export async function clientToken(t: TestApp, organizationId: string, scopes: Scope[]): Promise<string> {
  const { secret, secretHash, secretLastChars } = generateClientSecret();
  const client = await t.prisma.client.create({ data: { organizationId, name: 'Test client', scopes, secretHash, secretLastChars } });
  return tokenOf(t, { oauthClientId: client.id, secret });
}

export const clientGid = (id: string) => encodeGlobalID('Client', id);
