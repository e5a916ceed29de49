import { expect } from 'vitest';
import { generateClientSecret } from '../../src/auth/client-credentials.js';
import type { Scope } from '../../src/auth/scopes.js';
import type { TestApp } from './app.js';

// Service clients' bearer tokens, through the real /oauth/token route: how most domains test
// what a client with given scopes may do.

/** POSTs an application/x-www-form-urlencoded body to /oauth/token. */
export async function postToken(t: TestApp, params: Record<string, string> | string, headers: Record<string, string> = {}): Promise<Response> {
  const body = typeof params === 'string' ? params : new URLSearchParams(params).toString();
  return t.app.fetch('http://test/oauth/token', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body });
}

/** An access token for the client (body credentials); fails the test unless one is issued. */
export async function tokenOf(t: TestApp, client: { oauthClientId: string; secret: string }, scope?: string): Promise<string> {
  const response = await postToken(t, {
    grant_type: 'client_credentials',
    client_id: client.oauthClientId,
    client_secret: client.secret,
    ...(scope ? { scope } : {}),
  });
  const body = (await response.json()) as { access_token?: string };
  expect(response.status, JSON.stringify(body)).toBe(200);
  return body.access_token!;
}

/**
 * A bearer token of a new service client of the organization (raw database id) with exactly
 * these scopes: the client row is set up directly (test setup), the token comes from /oauth/token.
 */
export async function clientToken(t: TestApp, organizationId: string, scopes: Scope[]): Promise<string> {
  return tokenOf(t, await newClient(t, organizationId, scopes));
}

/** A new service client of the organization (raw database id) with these scopes, set up directly: its client_id and secret. */
export async function newClient(t: TestApp, organizationId: string, scopes: Scope[]): Promise<{ oauthClientId: string; secret: string }> {
  const { secret, secretHash, secretLastChars } = generateClientSecret();
  const client = await t.prisma.client.create({ data: { organizationId, name: 'Test client', scopes, secretHash, secretLastChars } });
  return { oauthClientId: client.id, secret };
}
