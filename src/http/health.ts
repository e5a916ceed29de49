import type { PrismaClient } from '../db/client.js';

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** How long /ready waits for the database: a load balancer must learn of a hang quickly. */
export const READY_DEADLINE_MS = 2_000;

/**
 * /health: the process is up. /ready: the database answers within READY_DEADLINE_MS, and the
 * server is not stopping (a load balancer sends no more requests to a stopping replica).
 * Anything else: undefined.
 */
export async function healthResponse(pathname: string, prisma: PrismaClient, isStopping: () => boolean): Promise<Response | undefined> {
  if (pathname === '/health') return json(200, { status: 'ok' });
  if (pathname !== '/ready') return undefined;
  if (isStopping()) return json(503, { status: 'stopping' });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('no answer within the deadline')), READY_DEADLINE_MS);
  });
  try {
    await Promise.race([prisma.$queryRaw`SELECT 1`, deadline]);
    return json(200, { status: 'ready' });
  } catch {
    return json(503, { status: 'database unavailable' });
  } finally {
    clearTimeout(timer);
  }
}
