import { createLocalJWKSet, type JWTPayload, type JWTVerifyGetKey, type JWTVerifyOptions, jwtVerify } from 'jose';
import type { SigningKey } from './keys.js';

const verifiers = new WeakMap<SigningKey, JWTVerifyGetKey>();

/**
 * The payload of a link token this server signed (download links, invitation accept links) when
 * it is valid and unexpired under `options` (audience, type, required claims); null otherwise.
 */
export async function verifyLinkToken(signingKey: SigningKey, token: string, options: JWTVerifyOptions): Promise<JWTPayload | null> {
  let getKey = verifiers.get(signingKey);
  if (!getKey) verifiers.set(signingKey, (getKey = createLocalJWKSet({ keys: [signingKey.publicJwk] })));
  try {
    return (await jwtVerify(token, getKey, { algorithms: [signingKey.alg], ...options })).payload;
  } catch {
    return null;
  }
}
