import { createCipheriv, createDecipheriv, hkdfSync, KeyObject, randomBytes } from 'node:crypto';
import type { SigningKey } from '../auth/keys.js';

// Secrets the server must read back in clear (a webhook endpoint's HMAC key, an SSO provider's
// OIDC client secret), unlike client secrets, which are stored hashed (invariant 7). They are
// stored encrypted with AES-256-GCM under a key derived (HKDF) from a setting, or from the
// server's signing key when that setting is absent; each purpose has its own key. A database
// dump alone does not reveal them.

/** The encryption key of one kind of stored secret: from the setting if given, else from the signing key's private part. */
export function secretEncryptionKey(setting: string | undefined, signingKey: SigningKey, purpose: string): Buffer {
  const material = setting ?? KeyObject.from(signingKey.privateKey).export({ format: 'jwk' }).d!;
  return Buffer.from(hkdfSync('sha256', material, 'orgraph', purpose, 32));
}

/** `iv.tag.ciphertext` (base64url): what a row stores. */
export function sealSecret(key: Buffer, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString('base64url')).join('.');
}

/** The secret back; throws when the key changed since it was sealed (the secret must be set again then). */
export function openSecret(key: Buffer, sealed: string): string {
  const [iv, tag, ciphertext] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'));
  const decipher = createDecipheriv('aes-256-gcm', key, iv!);
  decipher.setAuthTag(tag!);
  return Buffer.concat([decipher.update(ciphertext!), decipher.final()]).toString('utf8');
}
