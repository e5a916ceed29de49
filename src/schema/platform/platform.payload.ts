import { builder } from '../builder.js';

/** Payload of createUser: the user, loaded with exactly the fields the client selected. */
export const CreateUserPayload = builder.objectRef<{ userId: string }>('CreateUserPayload').implement({
  description: 'The user created.',
  fields: (t) => ({
    user: t.prismaField({
      type: 'User',
      description: 'The new user, without memberships.',
      resolve: (query, payload, _args, ctx) => ctx.prisma.user.findUniqueOrThrow({ ...query, where: { id: payload.userId } }),
    }),
  }),
});
