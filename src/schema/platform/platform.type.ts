import { builder } from '../builder.js';
import { reads } from '../shared/selected-columns.js';

/** What GET /_info answers: the running server's version and build. */
export const ServerInfoRef = builder.objectRef<{ version: string; build: string }>('ServerInfo').implement({
  description: 'The running server: its version and build.',
  fields: (t) => ({
    version: t.exposeString('version', { description: 'Version of the server (the "version" of its package.json).' }),
    build: t.exposeString('build', { description: 'Build identifier, such as a commit (BUILD_ID; "dev" when unset).' }),
  }),
});

builder.prismaObjectField('User', 'platformAdmin', (t) =>
  t.boolean({
    description: 'True when the user is a platform admin (named by the server’s configuration): it manages public regions, the application catalog and users.',
    ...reads('email'),
    resolve: (user, _args, ctx) => ctx.settings.platformAdmins.has(user.email.toLowerCase()),
  }),
);
