import { builder } from '../builder.js';

/** A mutation payload whose `region` is loaded with exactly the fields the client selected. */
export function regionPayload(name: string, description: string) {
  return builder.objectRef<{ regionId: string }>(name).implement({
    description,
    fields: (t) => ({
      region: t.prismaField({
        type: 'Region',
        description: 'The region after the change.',
        resolve: (query, payload, _args, ctx) => ctx.prisma.region.findUniqueOrThrow({ ...query, where: { id: payload.regionId } }),
      }),
    }),
  });
}

/** Payload of deleteRegion: the id the private region had, and its organization. */
export const DeleteRegionPayload = builder.objectRef<{ regionId: string; organizationId: string }>('DeleteRegionPayload').implement({
  description: 'The private region was deleted.',
  fields: (t) => ({
    deletedRegionId: t.globalID({ description: 'Global id the region had.', resolve: (p) => ({ type: 'Region', id: p.regionId }) }),
    organization: t.prismaField({
      type: 'Organization',
      description: 'The organization the region belonged to.',
      resolve: (query, payload, _args, ctx) => ctx.prisma.organization.findUniqueOrThrow({ ...query, where: { id: payload.organizationId } }),
    }),
  }),
});

/** Payload of deletePublicRegion. */
export const DeletePublicRegionPayload = builder.objectRef<{ regionId: string }>('DeletePublicRegionPayload').implement({
  description: 'The public region was deleted.',
  fields: (t) => ({
    deletedRegionId: t.globalID({ description: 'Global id the region had.', resolve: (p) => ({ type: 'Region', id: p.regionId }) }),
  }),
});
