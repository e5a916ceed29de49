import type { PrismaClient } from '../db/client.js';

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** /health: the process is up. /ready: the database answers. Anything else: undefined. */
export async function healthResponse(pathname: string, prisma: PrismaClient): Promise<Response | undefined> {
  if (pathname === '/health') return json(200, { status: 'ok' });
  if (pathname !== '/ready') return undefined;
  try {
    await prisma.$queryRaw`SELECT 1`;
    return json(200, { status: 'ready' });
  } catch {
    return json(503, { status: 'database unavailable' });
  }
}
