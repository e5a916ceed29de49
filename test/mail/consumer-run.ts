import { loadEvents } from '../../src/events/audit-events.js';
import { invitationEmailConsumer, type InvitationEmailJob } from '../../src/events/consumers/invitation-email.js';
import type { EventConsumer } from '../../src/events/consumer.js';
import type { Tx } from '../../src/services/transaction.js';
import type { Logger } from '../../src/log/logger.js';
import type { TestApp } from '../helpers/app.js';

// The invitation-email consumer run by hand on a test app's audit entries, the way the events
// runtime runs it (plan in a transaction, then handle each job): for the tests of what it plans and
// sends, without waiting on a queue. test/mail/end-to-end.test.ts goes through the real runtime.

export interface ConsumerRun {
  consumer: EventConsumer<InvitationEmailJob>;
  /** Plans and handles the jobs of every audit entry written under `requestId`; returns the jobs. */
  deliver(requestId: string): Promise<InvitationEmailJob[]>;
}

export function runConsumerOn(t: TestApp, logger: Logger, config = t.config): ConsumerRun {
  const consumer = invitationEmailConsumer({ prisma: t.prisma, config, signingKey: t.signingKey, logger }) as EventConsumer<InvitationEmailJob>;
  return {
    consumer,
    async deliver(requestId) {
      const entries = await t.prisma.auditLog.findMany({ where: { requestId }, orderBy: { createdAt: 'asc' }, select: { id: true } });
      const jobs: InvitationEmailJob[] = [];
      for (const event of await loadEvents(
        t.prisma,
        entries.map((entry) => entry.id),
      )) {
        jobs.push(...(await t.prisma.$transaction((tx) => consumer.plan(tx as Tx, event))));
      }
      for (const job of jobs) await consumer.handle(job);
      return jobs;
    },
  };
}
