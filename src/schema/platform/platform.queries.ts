import { SERVER_VERSION } from '../../services/server-info.js';
import { builder } from '../builder.js';
import { ServerInfoRef } from './platform.type.js';

// Public: no token needed (listed as such in test/schema/schema.test.ts), like GET /_info.
builder.queryField('serverInfo', (t) =>
  t.field({
    type: ServerInfoRef,
    description: 'The server’s version and build. Public: no token needed.',
    resolve: (_root, _args, ctx) => ({ version: SERVER_VERSION, build: ctx.settings.buildId }),
  }),
);
