import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  // graphql 16 ships CommonJS and .mjs builds. Node loads the CommonJS one for the libraries
  // (Pothos, yoga); point our own imports at the same file so there is one graphql instance.
  resolve: { alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }] },
  test: {
    include: ['test/**/*.test.ts'],
    // Migrates one database per run; every test file starts from a copy of it.
    globalSetup: ['test/helpers/template-database.ts'],
    env: { NODE_ENV: 'test' },
    // Each test file gets its own database; concurrency tests need the room.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Files share their worker's loaded modules instead of importing everything again (~3 s a
    // file): each file still gets its own database and app, and no test mocks a module.
    isolate: false,
  },
});
