/**
 * Event types: the audit action in the past tense (`member.add` → `member.added`). An action that
 * writes an audit entry must be listed here, so that webhook and subscription filters can be
 * checked against the real types (test/events/event-types.test.ts finds unlisted ones).
 */
export const AUDIT_ACTIONS = [
  'application.client.create',
  'application.client.delete',
  'application.client.rotate_secret',
  'application.client.update',
  'application.create',
  'application.delete',
  'application.disable',
  'application.enable',
  'application.scope.create',
  'application.scope.delegation.add',
  'application.scope.delegation.remove',
  'application.scope.delete',
  'application.update',
  'client.create',
  'client.delete',
  'client.rotate_secret',
  'client.update',
  'domain.add',
  'domain.delete',
  'domain.scim_token.regenerate',
  'domain.update',
  'domain.verify',
  'feature.add',
  'feature.remove',
  'group.add_member',
  'group.create',
  'group.delete',
  'group.remove_member',
  'group.update',
  'integration.delete',
  'integration.environment_mapping.update',
  'invitation.accept',
  'invitation.bulk_create',
  'invitation.cancel',
  'invitation.create',
  'invitation.decline',
  'invitation.delegate',
  'invitation.resend',
  'invitation.reuse',
  'legal_document.request',
  'license.assign',
  'license.unassign',
  'member.add',
  'member.leave',
  'member.provision',
  'member.remove',
  'member.sync_groups',
  'member.update',
  'organization.create',
  'organization.delete',
  'organization.update',
  'policy.add_scope',
  'policy.attach_group',
  'policy.attach_member',
  'policy.create',
  'policy.delete',
  'policy.detach_group',
  'policy.detach_member',
  'policy.remove_scope',
  'policy.update',
  'region.create',
  'region.delete',
  'region.update',
  'scim.group.create',
  'scim.group.delete',
  'scim.group.update',
  'scim.user.create',
  'scim.user.delete',
  'scim.user.update',
  'sso.group.map',
  'sso.group.unmap',
  'sso.provider.delete',
  'sso.provider.upsert',
  'stack.access.remove',
  'stack.access.set',
  'stack.create',
  'stack.delete',
  'stack.disable',
  'stack.enable',
  'stack.module.disable',
  'stack.module.enable',
  'stack.restore',
  'stack.stargate.disable',
  'stack.stargate.enable',
  'stack.update',
  'stack.upgrade',
  'user.create',
  'webhook.create',
  'webhook.delete',
  'webhook.delivery.redeliver',
  'webhook.rotate_secret',
  'webhook.update',
] as const;

/** Verbs whose past tense is not the verb plus "d" or "ed". */
const IRREGULAR: Record<string, string> = {
  set: 'set',
  leave: 'left',
  verify: 'verified',
  resend: 'resent',
  map: 'mapped',
  unmap: 'unmapped',
  cancel: 'cancelled',
};

/** `member.add` → `member.added`; `client.rotate_secret` → `client.secret_rotated`. */
export function eventTypeOf(action: string): string {
  const parts = action.split('.');
  const last = parts.pop() ?? action;
  const [verb = last, ...object] = last.split('_');
  const past = IRREGULAR[verb] ?? (verb.endsWith('e') ? `${verb}d` : `${verb}ed`);
  // `bulk_create` reads as a noun phrase: `bulk_created`; `rotate_secret` as verb + object: `secret_rotated`.
  const word = verb === 'bulk' ? `bulk_${object.join('_')}d` : object.length ? `${object.join('_')}_${past}` : past;
  return [...parts, word].join('.');
}

/** Every event type, for filters and their descriptions. */
export const EVENT_TYPES: readonly string[] = AUDIT_ACTIONS.map(eventTypeOf);

/**
 * Whether `type` matches a filter entry: an exact type, or a prefix ending in `.*` (`member.*`).
 * No filter matches everything.
 */
export function matchesEventTypes(type: string, filter: readonly string[] | null | undefined): boolean {
  if (!filter?.length) return true;
  return filter.some((entry) => (entry.endsWith('.*') ? type.startsWith(entry.slice(0, -1)) : type === entry));
}

/** A filter entry that names no type: a typo that would silently match nothing. */
export function unknownEventTypes(filter: readonly string[]): string[] {
  return filter.filter((entry) => (entry.endsWith('.*') ? !EVENT_TYPES.some((type) => type.startsWith(entry.slice(0, -1))) : !EVENT_TYPES.includes(entry)));
}
