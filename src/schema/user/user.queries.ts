import { builder } from '../builder.js';
import { requireUser } from '../../services/actor.js';

builder.queryType({ description: 'Entry points for reading.' });

builder.queryField('me', (t) =>
  t.prismaField({
    type: 'User',
    description: 'The signed-in user: profile, memberships and invitations addressed to it.',
    authScopes: { authenticated: true },
    resolve: (query, _root, _args, ctx) => ctx.prisma.user.findUniqueOrThrow({ ...query, where: { id: requireUser(ctx).userId } }),
  }),
);
