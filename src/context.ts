import { AccessControl } from './auth/access.js';
import type { Principal } from './auth/principal.js';
import type { PrismaClient } from './db/client.js';

/** Settings the services need, taken from Config. */
export interface ServiceSettings {
  invitationTtlDays: number;
  maxBulkInvitations: number;
}

/** Everything a resolver or service may use for one request. */
export interface Context {
  prisma: PrismaClient;
  principal: Principal | null;
  access: AccessControl;
  requestId: string;
  settings: ServiceSettings;
}

export function createContext(prisma: PrismaClient, principal: Principal | null, requestId: string, settings: ServiceSettings): Context {
  return { prisma, principal, access: new AccessControl(prisma, principal), requestId, settings };
}
