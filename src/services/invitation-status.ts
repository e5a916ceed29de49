import { Prisma } from '../db/generated/prisma/client.js';
import { anyOf, equals, oneOf } from '../db/sql-conditions.js';
import { column, utcNow } from '../db/sql-fragments.js';
import type { InvitationStatus } from '../db/generated/prisma/enums.js';

// A pending invitation past its expiry is EXPIRED to readers, without a write: expiry is a
// fact of time, checked again at accept time.

export function effectiveStatus(invitation: { status: InvitationStatus; expiresAt: Date }, now = new Date()): InvitationStatus {
  return invitation.status === 'PENDING' && invitation.expiresAt <= now ? 'EXPIRED' : invitation.status;
}

/** A `where` that matches invitations whose effective status is one of `statuses`. */
export function whereEffectiveStatus(statuses: InvitationStatus[], now = new Date()): Prisma.InvitationWhereInput {
  const or: Prisma.InvitationWhereInput[] = [];
  const stored = statuses.filter((s) => s !== 'PENDING' && s !== 'EXPIRED');
  if (stored.length) or.push({ status: { in: stored } });
  if (statuses.includes('PENDING')) or.push({ status: 'PENDING', expiresAt: { gt: now } });
  if (statuses.includes('EXPIRED')) or.push({ status: 'EXPIRED' }, { status: 'PENDING', expiresAt: { lte: now } });
  return { OR: or };
}

/** `whereEffectiveStatus` in SQL, on the invitations aliased `alias` (for the read path's statements). */
export function sqlEffectiveStatus(alias: string, statuses: readonly InvitationStatus[]): Prisma.Sql {
  const pending = Prisma.sql`${equals(alias, 'status', 'PENDING', 'InvitationStatus')}`;
  const or: Prisma.Sql[] = [];
  const stored = statuses.filter((s) => s !== 'PENDING' && s !== 'EXPIRED');
  if (stored.length) or.push(oneOf(alias, 'status', stored, 'InvitationStatus'));
  if (statuses.includes('PENDING')) or.push(Prisma.sql`(${pending} AND ${column(alias, 'expiresAt')} > ${utcNow})`);
  if (statuses.includes('EXPIRED'))
    or.push(equals(alias, 'status', 'EXPIRED', 'InvitationStatus'), Prisma.sql`(${pending} AND ${column(alias, 'expiresAt')} <= ${utcNow})`);
  return anyOf(or);
}
