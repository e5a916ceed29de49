import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK, type CryptoKey } from 'jose';

export const SIGNING_ALG = 'ES256';

/** The server's own asymmetric signing key and its public half, as served at /.well-known/jwks.json. */
export interface SigningKey {
  kid: string;
  alg: typeof SIGNING_ALG;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

/**
 * The key comes from SIGNING_KEY (a private JWK as JSON; replicas must share it), else from
 * <DATA_DIR>/signing-key.json, which is created on first use so the embedded server and
 * `npm run token` agree without any setup.
 */
export async function loadSigningKey(options: { signingKey?: string; dataDir: string }): Promise<SigningKey> {
  const jwk = options.signingKey ? parseJwk(options.signingKey) : await readOrCreateKeyFile(path.join(options.dataDir, 'signing-key.json'));
  const privateKey = (await importJWK(jwk, SIGNING_ALG)) as CryptoKey;
  const { d: _private, ...publicPart } = jwk;
  const kid = jwk.kid ?? (await calculateJwkThumbprint(publicPart));
  return { kid, alg: SIGNING_ALG, privateKey, publicJwk: { ...publicPart, kid, alg: SIGNING_ALG, use: 'sig' } };
}

/** A fresh key pair kept only in memory (tests, one-off tools). */
export async function generateSigningKeyJwk(): Promise<string> {
  const { privateKey } = await generateKeyPair(SIGNING_ALG, { extractable: true });
  return JSON.stringify(await exportJWK(privateKey));
}

function parseJwk(text: string): JWK {
  let jwk: JWK;
  try {
    jwk = JSON.parse(text) as JWK;
  } catch {
    throw new Error('SIGNING_KEY must be a private JWK in JSON (EC P-256)');
  }
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || !jwk.d) throw new Error('SIGNING_KEY must be a private EC P-256 JWK');
  return jwk;
}

async function readOrCreateKeyFile(file: string): Promise<JWK> {
  const existing = await readFile(file, 'utf8').catch(() => null);
  if (existing) return parseJwk(existing);
  const jwk = parseJwk(await generateSigningKeyJwk());
  await mkdir(path.dirname(file), { recursive: true });
  // 'wx' fails if another process created the file meanwhile; then that key wins.
  try {
    await writeFile(file, JSON.stringify(jwk), { mode: 0o600, flag: 'wx' });
    return jwk;
  } catch {
    return parseJwk(await readFile(file, 'utf8'));
  }
}
