import type { Prisma } from '../../db/generated/prisma/client.js';
import { NotFoundError } from '../../errors.js';
import { builder } from '../builder.js';
import { ApplicationClientRef, ApplicationRef } from './application.type.js';

/** Name or alias containing the text, case-insensitively (LIKE wildcards taken literally). */
function searchApplications(search: string | null | undefined): Prisma.ApplicationWhereInput {
  if (!search) return {};
  const contains = search.replace(/[\\%_]/g, (c) => `\\${c}`);
  return { OR: [{ name: { contains, mode: 'insensitive' } }, { alias: { contains, mode: 'insensitive' } }] };
}

builder.queryField('applications', (t) =>
  t.prismaConnection({
    type: 'Application',
    cursor: 'id',
    description: 'The application catalog, by name. Any signed-in principal may read it; enabling one is per organization (enableApplication).',
    authScopes: { authenticated: true },
    args: { search: t.arg.string({ required: false, description: 'Case-insensitive part of the application’s name or alias.' }) },
    totalCount: (_root, args, ctx) => ctx.prisma.application.count({ where: searchApplications(args.search) }),
    resolve: (query, _root, args, ctx) =>
      ctx.prisma.application.findMany({ ...query, where: searchApplications(args.search), orderBy: [{ name: 'asc' }, { id: 'asc' }] }),
  }),
);

builder.queryField('application', (t) =>
  t.prismaField({
    type: 'Application',
    nullable: true,
    description: 'One application of the catalog; NOT_FOUND when there is none with this id. Any signed-in principal may read it.',
    authScopes: { authenticated: true },
    args: { id: t.arg.globalID({ for: ApplicationRef, required: true, description: 'Global id of the application.' }) },
    resolve: async (query, _root, args, ctx) => {
      const application = await ctx.prisma.application.findUnique({ ...query, where: { id: args.id.id } });
      if (!application) throw new NotFoundError('Application');
      return application;
    },
  }),
);

builder.queryField('applicationClient', (t) =>
  t.prismaField({
    type: 'ApplicationClient',
    nullable: true,
    description: 'One OAuth client of a catalog application; platform admins only (FORBIDDEN for anyone else), NOT_FOUND when there is none with this id.',
    authScopes: { action: 'platform.manage' },
    args: { id: t.arg.globalID({ for: ApplicationClientRef, required: true, description: 'Global id of the client.' }) },
    resolve: async (query, _root, args, ctx) => {
      const client = await ctx.prisma.applicationClient.findUnique({ ...query, where: { id: args.id.id } });
      if (!client) throw new NotFoundError('ApplicationClient');
      return client;
    },
  }),
);
