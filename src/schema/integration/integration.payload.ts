import type { Integration } from '../../db/generated/prisma/client.js';
import { withoutUnasked } from '../../db/unasked-columns.js';
import { builder } from '../builder.js';

/** A mutation payload whose `integration` is loaded with exactly the fields the caller selected. */
export function integrationPayload(name: string, description: string) {
  return builder.objectRef<{ integrationId: string }>(name).implement({
    description,
    fields: (t) => ({
      integration: t.prismaField({
        type: 'Integration',
        description: 'The integration after the change.',
        resolve: async (query, payload, _args, ctx) => withoutUnasked<Integration>(await ctx.prisma.integration.findUniqueOrThrow({ ...query, where: { id: payload.integrationId } })),
      }),
    }),
  });
}

/** Payload of deleteIntegration: the id the integration had, and its organization. */
export const DeleteIntegrationPayload = builder.objectRef<{ integrationId: string; organizationId: string }>('DeleteIntegrationPayload').implement({
  description: 'The integration was disconnected and deleted.',
  fields: (t) => ({
    deletedIntegrationId: t.globalID({ description: 'Global id the integration had.', resolve: (p) => ({ type: 'Integration', id: p.integrationId }) }),
    organization: t.prismaField({
      type: 'Organization',
      description: 'The organization the integration belonged to.',
      resolve: (query, payload, _args, ctx) => ctx.prisma.organization.findUniqueOrThrow({ ...query, where: { id: payload.organizationId } }),
    }),
  }),
});
