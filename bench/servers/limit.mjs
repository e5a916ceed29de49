// The physical limit of the org page: every POST answers with ONE prepared SQL statement
// (../org-page/limit.sql, $1 = the viewer's email) that returns the whole response body as text.
// Env: DATABASE_URL, PORT, VIEWER_EMAIL (default bench@example.test).
import http from 'node:http';
import { readFileSync } from 'node:fs';
import pg from 'pg';

const text = readFileSync(new URL('../org-page/limit.sql', import.meta.url), 'utf8');
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const statement = { name: 'org_page', text, values: [process.env.VIEWER_EMAIL ?? 'bench@example.test'], rowMode: 'array' };

const server = http.createServer((request, response) => {
  request.resume();
  request.on('end', async () => {
    try {
      const body = (await pool.query(statement)).rows[0][0];
      response.writeHead(200, { 'content-type': 'application/graphql-response+json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
      response.end(body);
    } catch (error) {
      response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(String(error));
    }
  });
});
server.listen(Number(process.env.PORT), '127.0.0.1');
const stop = () => server.close(() => pool.end().then(() => process.exit(0)));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
