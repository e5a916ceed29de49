import type { RequestListener } from 'node:http';

/**
 * What the server answers between taking its port and having its app ready (the database opened,
 * migrated, seeded): /health 200, the process is up; anything else 503, retry in a moment.
 */
export const startingListener: RequestListener = (request, response) => {
  const up = request.url === '/health';
  response.writeHead(up ? 200 : 503, { 'content-type': 'application/json', ...(up ? {} : { 'retry-after': '1' }) });
  response.end(JSON.stringify({ status: up ? 'ok' : 'starting' }));
};
