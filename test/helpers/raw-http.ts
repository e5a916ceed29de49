import { request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** POSTs to /graphql over real HTTP with chunked transfer encoding: no content-length header at all. */
export function postChunked(server: Server, body: string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/graphql', method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    for (let i = 0; i < body.length; i += 256) req.write(body.slice(i, i + 256));
    req.end();
  });
}

/** Starts a server on 127.0.0.1 on a free port. */
export async function listen(server: Server): Promise<Server> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

export function closeServer(server: Server | undefined): Promise<void> {
  return new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
}
