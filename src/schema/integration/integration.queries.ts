import { visibleOrganizations } from '../../auth/visibility.js';
import { NotFoundError } from '../../errors.js';
import type { Integration } from '../../db/generated/prisma/client.js';
import { withoutUnasked } from '../../db/unasked-columns.js';
import { builder } from '../builder.js';
import { IntegrationRef } from './integration.type.js';

builder.queryField('integration', (t) =>
  t.prismaField({
    type: 'Integration',
    nullable: true,
    description: 'One integration of an organization the caller belongs to (needs integration:read there); NOT_FOUND for any other.',
    authScopes: { authenticated: true },
    args: { id: t.arg.globalID({ for: IntegrationRef, required: true, description: 'Global id of the integration.' }) },
    resolve: async (query, _root, args, ctx) => {
      const integration = await ctx.prisma.integration.findFirst({ ...query, where: { id: args.id.id, organization: visibleOrganizations(ctx.principal) } });
      if (!integration) throw new NotFoundError('Integration');
      return withoutUnasked<Integration>(integration);
    },
  }),
);
