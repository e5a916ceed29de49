import type { StackStatus } from '../db/generated/prisma/enums.js';
import { ConflictError, ValidationError, type DomainError } from '../errors.js';
import { compareVersions } from './region-versions.js';

// The lifecycle rules of stacks, as pure functions of the stack: the services enforce them and
// Stack.viewerCan reports them, so the two never disagree. Each returns the error that refuses
// the change, or null. Who may change a stack at all (stack:write, stack access ranks) is the
// action table's (auth/permissions.ts, auth/rules/stack-access.ts).

/** What the rules need to know about a stack. */
export interface StackFacts {
  status: StackStatus;
  version: string;
  stargateEnabled: boolean;
  deletedAt: Date | null;
}

const DAY_MS = 86_400_000;

/** The last moment a deleted stack can be restored; null while it is not deleted. */
export function restorableUntil(deletedAt: Date | null, retentionDays: number): Date | null {
  return deletedAt ? new Date(deletedAt.getTime() + retentionDays * DAY_MS) : null;
}

/** Deleted stacks older than this are gone for good: hidden from every read. */
export function purgeCutoff(now: Date, retentionDays: number): Date {
  return new Date(now.getTime() - retentionDays * DAY_MS);
}

/** A deleted stack refuses every change but a restore. */
export function cannotChangeStack(stack: StackFacts): DomainError | null {
  return stack.deletedAt ? new ConflictError('The stack is deleted: restore it first') : null;
}

/** Why the stack may not be restored: it must be deleted and still within the retention period. */
export function cannotRestoreStack(stack: StackFacts, now: Date, retentionDays: number): DomainError | null {
  const until = restorableUntil(stack.deletedAt, retentionDays);
  if (!until) return new ConflictError('The stack is not deleted');
  if (until <= now) return new ConflictError(`The retention period ended at ${until.toISOString()}: the stack is gone for good`);
  return null;
}

/** Why the stack's status may not be set (enableStack, disableStack). */
export function cannotSetStatus(stack: StackFacts, status: StackStatus): DomainError | null {
  const denied = cannotChangeStack(stack);
  if (denied) return denied;
  return stack.status === status ? new ConflictError(`The stack is already ${status === 'ACTIVE' ? 'enabled' : 'disabled'}`) : null;
}

/** Why Stargate may not be turned on or off. */
export function cannotSetStargate(stack: StackFacts, enabled: boolean): DomainError | null {
  const denied = cannotChangeStack(stack);
  if (denied) return denied;
  return stack.stargateEnabled === enabled ? new ConflictError(`Stargate is already ${enabled ? 'enabled' : 'disabled'} on the stack`) : null;
}

/** Versions the region offers that are newer than the stack's, oldest first. */
export function upgradeTargets(currentVersion: string, regionVersions: readonly string[]): string[] {
  return regionVersions.filter((version) => compareVersions(version, currentVersion) > 0);
}

/** Why the stack may not be upgraded to `version`: only to a version its region offers, and only upwards. */
export function cannotUpgrade(stack: StackFacts, regionVersions: readonly string[], version: string): DomainError | null {
  const denied = cannotChangeStack(stack);
  if (denied) return denied;
  const invalid = (message: string) => new ValidationError(`input.version: ${message}`, [{ path: ['input', 'version'], message }]);
  if (!regionVersions.includes(version)) return invalid(`the stack's region does not offer "${version}" (it offers ${regionVersions.join(', ') || 'none'})`);
  if (compareVersions(version, stack.version) <= 0) return invalid(`must be newer than the stack's version ${stack.version}`);
  return null;
}
