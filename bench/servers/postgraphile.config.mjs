// PostGraphile v5 (amber preset, node-postgres), over Orgraph's tables, without auth.
// Env: DATABASE_URL, PORT.
import { makePgService } from 'postgraphile/adaptors/pg';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';

/** @type {GraphileConfig.Preset} */
export default {
  extends: [PostGraphileAmberPreset],
  pgServices: [makePgService({ connectionString: process.env.DATABASE_URL, schemas: ['public'], poolConfig: { max: 10 } })],
  grafserv: { host: '127.0.0.1', port: Number(process.env.PORT), graphiql: false, watch: false },
};
