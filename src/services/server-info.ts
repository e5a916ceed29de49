import { readFileSync } from 'node:fs';

// What GET /_info answers in Formance: the server's version (package.json, read once at start)
// and its build (BUILD_ID, from the settings).

/** The "version" of package.json, two directories above this file (src/services/). */
export const SERVER_VERSION: string = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
