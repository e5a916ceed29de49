import { Prisma } from '../../db/generated/prisma/client.js';
import { equals } from '../../db/sql-conditions.js';
import { textArray } from '../../db/sql-fragments.js';
import type { Context } from '../../context.js';
import { FREE_PLAN, seatLimit } from '../../services/licenses.js';
import { builder } from '../builder.js';
import { requestLoaders } from '../shared/request-loaders.js';
import { reads } from '../shared/selected-columns.js';

// A license's seats in use: the ACTIVE members of the organization it serves, as the seat check
// counts them (src/services/seats.ts). Counted for every license of a request in one statement,
// so a list of organizations with their licenses costs one more statement, not one per row.

const activeMemberCounts = requestLoaders<number>();

/** ACTIVE members of the organization each license serves (0 for one that serves none), in one statement. */
async function countSeatsUsed(ctx: Context, licenseIds: readonly string[]): Promise<number[]> {
  const rows = await ctx.sql.rows(Prisma.sql`
    SELECT o."licenseId", count(*) FROM "Organization" o JOIN "Member" m ON m."organizationId" = o."id"
    WHERE o."licenseId" = ANY(${textArray(licenseIds)}) AND ${equals('m', 'status', 'ACTIVE', 'MemberStatus')}
    GROUP BY o."licenseId"`);
  const counts = new Map(rows.map((row) => [row[0] as string, Number(row[1])]));
  return licenseIds.map((id) => counts.get(id) ?? 0);
}

const seatsUsed = (ctx: Context, license: { id: string }) => activeMemberCounts(ctx, 'seatsUsed', (ids) => countSeatsUsed(ctx, ids)).load(license.id);

builder.prismaObjectFields('License', (t) => ({
  seatsUsed: t.int({
    description: 'Seats taken: the ACTIVE members of the organization the license serves. Suspended members and pending invitations take none.',
    ...reads(),
    resolve: (license, _args, ctx) => seatsUsed(ctx, license),
  }),
  seatsAvailable: t.int({
    nullable: true,
    description: `Seats still free (never below 0); null when there is no limit: the license has unlimited seats, or it has expired and the organization runs on the ${FREE_PLAN} plan, which has no seat limit. addMember, acceptInvitation and reactivating a member need a free seat (else CONFLICT).`,
    ...reads('seats', 'expiresAt'),
    resolve: async (license, _args, ctx) => {
      const limit = seatLimit(license);
      return limit === null ? null : Math.max(limit - (await seatsUsed(ctx, license)), 0);
    },
  }),
}));
