import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GLOBAL_ACTIONS, ORGANIZATION_ACTIONS } from '../../src/auth/permissions.js';
import { AUDIT_ACTIONS, EVENT_TYPES, eventTypeOf, matchesEventTypes, unknownEventTypes } from '../../src/events/event-types.js';

// Filters are checked against the list of event types, so the list must hold every audit action
// the services write: a dotted name in a service that is neither listed nor a permission's name
// is an audit action somebody forgot here.

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(path.join(dir, entry.name)) : entry.name.endsWith('.ts') ? [path.join(dir, entry.name)] : [],
  );
}

describe('event types', () => {
  it('list every audit action the services write', () => {
    const permissions = new Set<string>([...Object.keys(ORGANIZATION_ACTIONS), ...Object.keys(GLOBAL_ACTIONS)]);
    const dotted = new Set(
      sourceFiles('src/services').flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/'([a-z_]+(?:\.[a-zA-Z_]+)+)'/g)].map((m) => m[1]!)),
    );
    const unlisted = [...dotted].filter((name) => !permissions.has(name) && !(AUDIT_ACTIONS as readonly string[]).includes(name) && !name.includes('@'));
    expect(unlisted).toEqual([]);
  });

  it('are the actions in the past tense, each once', () => {
    expect(eventTypeOf('member.add')).toBe('member.added');
    expect(eventTypeOf('stack.upgrade')).toBe('stack.upgraded');
    expect(eventTypeOf('invitation.create')).toBe('invitation.created');
    expect(eventTypeOf('client.rotate_secret')).toBe('client.secret_rotated');
    expect(eventTypeOf('invitation.bulk_create')).toBe('invitation.bulk_created');
    expect(eventTypeOf('member.leave')).toBe('member.left');
    expect(eventTypeOf('stack.access.set')).toBe('stack.access.set');
    expect(new Set(EVENT_TYPES).size).toBe(EVENT_TYPES.length);
  });

  it('match filters of exact types and prefixes, and name the entries that match no type', () => {
    expect(matchesEventTypes('member.added', [])).toBe(true);
    expect(matchesEventTypes('member.added', ['member.*'])).toBe(true);
    expect(matchesEventTypes('membership.added', ['member.*'])).toBe(false);
    expect(matchesEventTypes('stack.upgraded', ['member.added', 'stack.upgraded'])).toBe(true);
    expect(unknownEventTypes(['member.*', 'member.added', 'member.addded', 'nothing.*'])).toEqual(['member.addded', 'nothing.*']);
  });
});
