import { builder } from '../builder.js';

/** Payload of assignLicense: the organization and its new license, loaded with exactly the fields selected. */
export const AssignLicensePayload = builder.objectRef<{ organizationId: string; licenseId: string }>('AssignLicensePayload').implement({
  description: 'The organization runs under the license now.',
  fields: (t) => ({
    license: t.prismaField({
      type: 'License',
      description: 'The license assigned.',
      resolve: (query, payload, _args, ctx) => ctx.prisma.license.findUniqueOrThrow({ ...query, where: { id: payload.licenseId } }),
    }),
    organization: t.prismaField({
      type: 'Organization',
      description: 'The organization after the change.',
      resolve: (query, payload, _args, ctx) => ctx.prisma.organization.findUniqueOrThrow({ ...query, where: { id: payload.organizationId } }),
    }),
  }),
});

/** Payload of unassignLicense: the license serves no organization any more, so only its id is returned. */
export const UnassignLicensePayload = builder.objectRef<{ organizationId: string; licenseId: string }>('UnassignLicensePayload').implement({
  description: 'The organization runs on the free plan now.',
  fields: (t) => ({
    unassignedLicenseId: t.globalID({ description: 'Global id of the license the organization had.', resolve: (p) => ({ type: 'License', id: p.licenseId }) }),
    organization: t.prismaField({
      type: 'Organization',
      description: 'The organization after the change.',
      resolve: (query, payload, _args, ctx) => ctx.prisma.organization.findUniqueOrThrow({ ...query, where: { id: payload.organizationId } }),
    }),
  }),
});
