import { randomBytes } from 'node:crypto';
import type { SigningKey } from '../auth/keys.js';
import { secretEncryptionKey } from './sealed-secret.js';

// A webhook endpoint's signing secret. Standard Webhooks signs with HMAC-SHA256, so the server
// must read it back: it is sealed (sealed-secret.ts) under a key derived from WEBHOOK_SECRET_KEY,
// or from the server's signing key when that setting is absent.

const PREFIX = 'whsec_';
const LAST_CHARS = 4;

/** A new secret as Standard Webhooks writes it (`whsec_` + base64 of 32 random bytes), and its last characters. */
export function generateWebhookSecret(): { secret: string; secretLastChars: string } {
  const secret = PREFIX + randomBytes(32).toString('base64');
  return { secret, secretLastChars: secret.slice(-LAST_CHARS) };
}

/** The encryption key of the stored webhook secrets (sealSecret / openSecret in sealed-secret.ts). */
export function webhookSecretKey(setting: string | undefined, signingKey: SigningKey): Buffer {
  return secretEncryptionKey(setting, signingKey, 'webhook endpoint secrets');
}
