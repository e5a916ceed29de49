import { ORGANIZATION_ACTIONS, type OrganizationActionName } from '../../auth/permissions.js';

/** Domains of events whose objects another domain's scope guards. */
const READ_BY: Record<string, OrganizationActionName> = { domain: 'sso.read' };

/**
 * What a subscriber must be allowed to hear of an organization's event: reading its domain
 * (`stack.disabled` → stack.read, `member.added` → member.read), the same action that guards the
 * objects themselves; organization.read for a domain without a read action of its own.
 */
export function readActionOf(eventType: string): OrganizationActionName {
  const domain = eventType.split('.')[0]!;
  const own = `${domain}.read`;
  return READ_BY[domain] ?? (Object.hasOwn(ORGANIZATION_ACTIONS, own) ? (own as OrganizationActionName) : 'organization.read');
}
