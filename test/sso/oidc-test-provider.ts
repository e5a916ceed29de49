import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

// A real OpenID provider (oidc-provider, OpenID certified) on 127.0.0.1 with a port of the OS's
// choosing, for the sign-in tests. Its login step is a tiny form of ours: POST
// /interaction/<uid>/login with `account` (and `amr`) signs in as that account and consents to
// what the client asked, the way a person would click through.

export interface TestAccount {
  email?: string;
  email_verified?: boolean;
  name?: string;
  groups?: string[];
}

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Accounts by id (the `sub`); tests change them between sign-ins. */
  accounts: Map<string, TestAccount>;
  close(): Promise<void>;
}

export async function startTestProvider(redirectUris: string[]): Promise<TestProvider> {
  const server: Server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const accounts = new Map<string, TestAccount>();
  const clientId = 'orgraph-test';
  const clientSecret = 'orgraph-test-secret-value-long-enough';
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const provider = new Provider(issuer, {
    clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: redirectUris, response_types: ['code'], grant_types: ['authorization_code'] }],
    jwks: { keys: [{ ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig', kid: 'test' }] },
    cookies: { keys: ['test-cookie-key-0123456789abcdef'] },
    // amr is released with the openid scope: how the person logged in (the login form's `amr`).
    claims: { openid: ['sub', 'amr'], email: ['email', 'email_verified'], profile: ['name', 'groups'] },
    // The ID token carries the scopes' claims (the sign-in reads nothing else).
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    pkce: { required: () => true },
    ttl: { Session: 3600, Interaction: 600, Grant: 3600, AuthorizationCode: 60, AccessToken: 600, IdToken: 600 },
    findAccount: async (_ctx, id) => {
      const account = accounts.get(id);
      return account ? { accountId: id, claims: async () => ({ sub: id, ...account }) } : undefined;
    },
  });
  const handle = provider.callback();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const login = /^\/interaction\/([^/]+)\/login$/.exec(req.url ?? '');
    if (login && req.method === 'POST') return void finishLogin(provider, req, res).catch((error) => res.writeHead(500).end(String(error)));
    if (/^\/interaction\/[^/]+$/.test(req.url ?? '')) {
      return void res.writeHead(200, { 'content-type': 'text/html' }).end('<form method="post" action="login"><input name="account"></form>');
    }
    handle(req, res);
  });
  return { issuer, clientId, clientSecret, accounts, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function finishLogin(provider: Provider, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let body = '';
  for await (const chunk of req) body += chunk;
  const form = new URLSearchParams(body);
  const details = await provider.interactionDetails(req, res);
  const accountId = form.get('account')!;
  const grant = new provider.Grant({ accountId, clientId: details.params.client_id as string });
  grant.addOIDCScope(String(details.params.scope));
  const grantId = await grant.save();
  const amr = form.get('amr')?.split(',').filter(Boolean);
  await provider.interactionFinished(req, res, { login: { accountId, ...(amr ? { amr } : {}) }, consent: { grantId } }, { mergeWithLastSubmission: false });
}
