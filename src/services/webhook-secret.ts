import { createCipheriv, createDecipheriv, hkdfSync, KeyObject, randomBytes } from 'node:crypto';
import type { SigningKey } from '../auth/keys.js';

// A webhook endpoint's signing secret. Standard Webhooks signs with HMAC-SHA256, so unlike client
// secrets (stored hashed, invariant 7) the server must read it back: it is stored encrypted with
// AES-256-GCM under a key derived (HKDF) from WEBHOOK_SECRET_KEY, or from the server's signing key
// when that setting is absent. A database dump alone does not reveal the secrets.

const PREFIX = 'whsec_';
const LAST_CHARS = 4;

/** A new secret as Standard Webhooks writes it (`whsec_` + base64 of 32 random bytes), and its last characters. */
export function generateWebhookSecret(): { secret: string; secretLastChars: string } {
  const secret = PREFIX + randomBytes(32).toString('base64');
  return { secret, secretLastChars: secret.slice(-LAST_CHARS) };
}

/** The encryption key of the stored secrets: from the setting if given, else from the signing key's private part. */
export function webhookSecretKey(setting: string | undefined, signingKey: SigningKey): Buffer {
  const material = setting ?? KeyObject.from(signingKey.privateKey).export({ format: 'jwk' }).d!;
  return Buffer.from(hkdfSync('sha256', material, 'orgraph', 'webhook endpoint secrets', 32));
}

/** `iv.tag.ciphertext` (base64url): what the WebhookEndpoint row stores. */
export function sealWebhookSecret(key: Buffer, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString('base64url')).join('.');
}

/** The secret back; throws when the key changed since it was sealed (rotate the endpoint's secret then). */
export function openWebhookSecret(key: Buffer, sealed: string): string {
  const [iv, tag, ciphertext] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'));
  const decipher = createDecipheriv('aes-256-gcm', key, iv!);
  decipher.setAuthTag(tag!);
  return Buffer.concat([decipher.update(ciphertext!), decipher.final()]).toString('utf8');
}
