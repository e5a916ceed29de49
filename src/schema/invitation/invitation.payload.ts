import { builder } from '../builder.js';

/** A mutation payload whose `invitation` is loaded with exactly the fields the client selected. */
export function invitationPayload(name: string, description: string) {
  return builder.objectRef<{ invitationId: string }>(name).implement({
    description,
    fields: (t) => ({
      invitation: t.prismaField({
        type: 'Invitation',
        description: 'The invitation after the change.',
        resolve: (query, payload, _args, ctx) => ctx.prisma.invitation.findUniqueOrThrow({ ...query, where: { id: payload.invitationId } }),
      }),
    }),
  });
}
