import DataLoader from 'dataloader';
import type { Context } from '../../context.js';
import type { Region } from '../../db/generated/prisma/client.js';

// Organization.regions is the public regions plus the organization's private ones: not a
// relation plugin-prisma can nest. Under a list of organizations, this loader reads them all in
// one statement (the public regions are shared) instead of a page query and a count per organization.

const perRequest = new WeakMap<Context, DataLoader<string, Region[]>>();

/** The regions each organization may use, by name then id: public ones and its own. */
export function organizationRegions(ctx: Context): DataLoader<string, Region[]> {
  let loader = perRequest.get(ctx);
  if (!loader) {
    // No cache: a mutation's payload later in the same document must see regions created before it.
    loader = new DataLoader(
      async (organizationIds) => {
        const regions = await ctx.prisma.region.findMany({
          where: { OR: [{ organizationId: null }, { organizationId: { in: [...organizationIds] } }] },
          orderBy: [{ name: 'asc' }, { id: 'asc' }],
        });
        return organizationIds.map((id) => regions.filter((region) => region.organizationId === null || region.organizationId === id));
      },
      { cache: false },
    );
    perRequest.set(ctx, loader);
  }
  return loader;
}
