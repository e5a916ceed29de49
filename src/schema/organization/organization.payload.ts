import { builder } from '../builder.js';

/** A mutation payload whose `organization` is loaded with exactly the fields the client selected. */
export function organizationPayload(name: string, description: string) {
  return builder.objectRef<{ organizationId: string }>(name).implement({
    description,
    fields: (t) => ({
      organization: t.prismaField({
        type: 'Organization',
        description: 'The organization after the change.',
        resolve: (query, payload, _args, ctx) => ctx.prisma.organization.findUniqueOrThrow({ ...query, where: { id: payload.organizationId } }),
      }),
    }),
  });
}
