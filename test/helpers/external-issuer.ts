import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { closeServer, listen } from './raw-http.js';

/** An external OIDC issuer for tests: its JWKS served over real HTTP from 127.0.0.1, and the tokens it signs. */
export interface ExternalIssuer {
  issuer: string;
  audience: string;
  /** The server settings that trust it (OIDC_ISSUER, OIDC_JWKS_URL, OIDC_AUDIENCE). */
  env: Record<string, string>;
  /** A token of the issuer for `subject`, valid for five minutes. */
  token(subject: string, claims: JWTPayload): Promise<string>;
  close(): Promise<void>;
}

export async function startExternalIssuer(issuer: string, audience = 'orgraph-api'): Promise<ExternalIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }] });
  const server: Server = await listen(createServer((_request, response) => void response.writeHead(200, { 'content-type': 'application/json' }).end(jwks)));
  const { port } = server.address() as AddressInfo;
  return {
    issuer,
    audience,
    env: { OIDC_ISSUER: issuer, OIDC_JWKS_URL: `http://127.0.0.1:${port}/jwks`, OIDC_AUDIENCE: audience },
    token: (subject, claims) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: 'k1', typ: 'JWT' })
        .setIssuer(issuer)
        .setAudience(audience)
        .setSubject(subject)
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(privateKey),
    close: () => closeServer(server),
  };
}
