import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit } from '../../src/services/audit.js';
import { replayEvents } from '../../src/events/replay.js';
import { startEvents } from '../../src/events/runtime.js';
import type { DomainEvent } from '../../src/events/domain-event.js';
import { createContext } from '../../src/context.js';
import { createLogger } from '../../src/log/logger.js';
import type { TestApp } from '../helpers/app.js';
import { ALICE, createDemoApp, type Demo } from '../helpers/fixtures.js';
import { rawId } from '../helpers/ids.js';
import { recordingConsumer, until } from './recording-consumer.js';
import { renameOrganization } from '../helpers/rename-organization.js';

// The outbox and the queue: a committed change's event reaches a consumer once, never before its
// transaction commits, with retries that back off, across a restart of the runtime; on
// PostgreSQL, two runtimes (two servers) on one database share the work without doing it twice.

const rename = `mutation($id: ID!, $name: String!) { updateOrganization(input: { organizationId: $id, name: $name }) { __typename } }`;

let t: TestApp;
let demo: Demo;
const recording = recordingConsumer({ failures: 0 });
beforeAll(async () => ({ t, demo } = await createDemoApp({}, { events: { consumers: [recording.factory] } })));
afterAll(() => t.close());

const renameAcme = (name: string) => renameOrganization(t, demo.acme, name, ALICE);

describe('the outbox', () => {
  it('hands a committed change to the consumer once, as an event named after its audit action', async () => {
    const before = recording.handled.length;
    await renameAcme('Acme One');
    await until(() => recording.handled.length > before);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const mine = recording.handled.slice(before);
    expect(mine).toHaveLength(1);
    const entry = await t.prisma.auditLog.findFirstOrThrow({ where: { action: 'organization.update' }, orderBy: { createdAt: 'desc' } });
    expect(mine[0]!.event).toEqual({
      id: entry.id,
      type: 'organization.updated',
      organizationId: rawId(demo.acme),
      target: { type: 'Organization', id: rawId(demo.acme) },
    });
    expect(await t.prisma.eventOutbox.count()).toBe(0);
  });

  it('announces nothing for a refused change', async () => {
    const before = recording.handled.length;
    const refused = await t.gql(rename, { id: demo.acme, name: '' }, { as: ALICE });
    expect(JSON.stringify(refused)).toMatch(/ValidationError|BAD_USER_INPUT/);
    t.events!.relay.trigger();
    await t.events!.relay.idle();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(recording.handled.length).toBe(before);
  });

  it('does not relay an event before its transaction commits', async () => {
    const before = recording.handled.length;
    const ctx = createContext({ prisma: t.prisma, sql: t.database.db.sql }, null, 'req-uncommitted', {} as never, {} as never);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const transaction = t.prisma.$transaction(
      async (tx) => {
        await recordAudit(tx, ctx, { organizationId: rawId(demo.acme), action: 'organization.update', targetType: 'Organization', targetId: rawId(demo.acme) });
        await held;
      },
      { timeout: 10_000 },
    );
    // On PGlite the open transaction holds the only connection, so the relay waits behind it; on
    // PostgreSQL it runs and sees nothing: either way nothing is handled until the commit.
    t.events!.relay.trigger();
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(recording.handled.length).toBe(before);
    release();
    await transaction;
    t.events!.relay.trigger();
    await until(() => recording.handled.length === before + 1);
  });

  it('keeps the events committed while no server runs, and relays them when one starts', async () => {
    await t.events!.stop(1_000);
    const before = recording.handled.length;
    await renameAcme('Acme While Stopped 1');
    await renameAcme('Acme While Stopped 2');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(recording.handled.length).toBe(before);
    expect(await t.prisma.eventOutbox.count()).toBe(2);
    const logger = createLogger({ level: 'error', format: 'json' });
    t.events = await startEvents({ db: t.database.db, config: t.config, signingKey: t.signingKey, logger, consumers: [recording.factory] });
    await until(() => recording.handled.length === before + 2);
    expect(recording.handled.slice(before).map((h) => h.event.type)).toEqual(['organization.updated', 'organization.updated']);
  });

  it('hands a replayed range of events to the consumers again', async () => {
    const since = new Date();
    await renameAcme('Acme Replayed 1');
    await renameAcme('Acme Replayed 2');
    await until(() => recording.handled.filter((h) => h.at >= since.getTime()).length === 2);
    const first = recording.handled.filter((h) => h.at >= since.getTime()).map((h) => h.event.id);
    const before = recording.handled.length;
    expect(await replayEvents(t.prisma, { since, organizationId: rawId(demo.acme) })).toBe(2);
    await until(() => recording.handled.length === before + 2);
    expect(recording.handled.slice(before).map((h) => h.event.id)).toEqual(first);
    expect(await replayEvents(t.prisma, { since, organizationId: rawId(demo.globex) })).toBe(0);
  });

  it('retries a failing job with growing delays until it succeeds', async () => {
    const flaky = recordingConsumer({ queue: 'test-flaky', failures: 2, retryDelay: 1 });
    // Every server runs the same consumers: this one replaces the test's runtime.
    await t.events!.stop(1_000);
    const logger = createLogger({ level: 'silent', format: 'json' });
    t.events = await startEvents({ db: t.database.db, config: t.config, signingKey: t.signingKey, logger, consumers: [recording.factory, flaky.factory] });
    {
      await renameAcme('Acme Flaky');
      await until(() => flaky.handled.length === 1, 30_000);
      const [tries] = [...flaky.attempts.values()];
      expect(tries).toHaveLength(3);
      const gaps = [tries![1]! - tries![0]!, tries![2]! - tries![1]!];
      // retryDelay 1 s with backoff: about 1 s, then about 2 s (each plus up to a polling interval).
      expect(gaps[0]).toBeGreaterThanOrEqual(900);
      expect(gaps[1]).toBeGreaterThan(gaps[0]!);
    }
  });

  it('feeds the bus in commit order', async () => {
    const seen: DomainEvent[] = [];
    const unsubscribe = t.events!.bus.subscribe((event) => seen.push(event));
    for (const n of [1, 2, 3, 4, 5]) await renameAcme(`Acme Ordered ${n}`);
    await until(() => seen.length === 5);
    unsubscribe();
    expect(seen.map((event) => (event.changes as { name: { to: string } }).name.to)).toEqual([1, 2, 3, 4, 5].map((n) => `Acme Ordered ${n}`));
    expect(t.events!.bus.listenerCount).toBe(0);
  });
});

describe.runIf(process.env.TEST_DATABASE_URL)('two servers on one PostgreSQL', () => {
  it('handle each event once between them, and both buses hear every event', async () => {
    const logger = createLogger({ level: 'error', format: 'json' });
    const other = await startEvents({ db: t.database.db, config: t.config, signingKey: t.signingKey, logger, consumers: [recording.factory] });
    const heard: [string[], string[]] = [[], []];
    const stops = [t.events!.bus.subscribe((e) => heard[0].push(e.id)), other.bus.subscribe((e) => heard[1].push(e.id))];
    try {
      const before = recording.handled.length;
      await Promise.all(Array.from({ length: 20 }, (_, n) => renameAcme(`Acme Shared ${n}`)));
      await until(() => recording.handled.length >= before + 20 && heard[0].length === 20 && heard[1].length === 20);
      await new Promise((resolve) => setTimeout(resolve, 500));
      const ids = recording.handled.slice(before).map((h) => h.event.id);
      expect(ids).toHaveLength(20);
      expect(new Set(ids).size).toBe(20);
      expect(heard[1]).toEqual(heard[0]);
    } finally {
      for (const stop of stops) stop();
      await other.stop(1_000);
    }
  });
});
