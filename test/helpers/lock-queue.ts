import type { TestApp } from './app.js';

// PostgreSQL only: the test holds an organization's row lock (the one the services take) while it
// fires the requests, and lets go once all of them wait for it. Every request has then done all it
// does before the lock, and none has written, which makes the race happen every time, in order.

async function untilWaitingForLocks(t: TestApp, count: number) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const [row] = await t.prisma.$queryRaw<
      { n: number }[]
    >`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`;
    if (row!.n >= count) return;
    if (Date.now() > deadline) throw new Error(`expected ${count} requests waiting for the organization lock, saw ${row!.n}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Fires the requests one after another, each queued behind the held lock of organization `orgId` (a raw id); resolves with their results. */
export async function behindLock<T>(t: TestApp, orgId: string, requests: (() => Promise<T>)[]): Promise<T[]> {
  const started: Promise<T>[] = [];
  await t.prisma.$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT id FROM "Organization" WHERE id = ${orgId} FOR UPDATE`;
      for (const request of requests) {
        const running = request();
        running.catch(() => {}); // awaited below, after the lock is released
        started.push(running);
        await untilWaitingForLocks(t, started.length);
      }
    },
    { timeout: 30_000 },
  );
  return Promise.all(started);
}
