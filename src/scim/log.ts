import type { PrismaClient } from '../db/client.js';

// The domain's SCIM log: every request its token identified, refused ones included, with method,
// path and query, status and both bodies. The token is never written (it travels in a header,
// which is not logged); password attributes are taken out of the bodies wherever they appear.

export interface ScimLogEntry {
  domainId: string;
  method: string;
  path: string;
  status: number;
  requestBody: unknown;
  responseBody: unknown;
}

const REDACTED = '[redacted]';

/** The body without passwords: `password` keys at any depth, and the value of a PATCH operation on a password path. */
export function withoutPasswords(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutPasswords);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>).filter(([key]) => key.toLowerCase() !== 'password');
  const redacted = Object.fromEntries(entries.map(([key, inner]) => [key, withoutPasswords(inner)]));
  const path = (value as { path?: unknown }).path;
  if (typeof path === 'string' && /password/i.test(path) && 'value' in redacted) redacted.value = REDACTED;
  return redacted;
}

export async function recordScimLog(prisma: PrismaClient, entry: ScimLogEntry): Promise<void> {
  await prisma.scimLog.create({
    data: {
      domainId: entry.domainId,
      method: entry.method,
      path: entry.path,
      status: entry.status,
      requestBody: (withoutPasswords(entry.requestBody) ?? undefined) as object | undefined,
      responseBody: (entry.responseBody ?? undefined) as object | undefined,
    },
  });
}
