import { builder } from '../builder.js';
import { changedRow, changedRowsPayload, changedRowWhere, globalIdOf } from '../shared/payload.js';

/** A mutation payload with the stack after the change. */
export const stackPayload = changedRowsPayload({ stack: ['Stack', 'stackId', 'The stack after the change.'] });

/** Payload of enabling or disabling a module: the stack and the module after the change. */
export function stackModulePayload(name: string, description: string) {
  return builder.objectRef<{ stackId: string; module: string }>(name).implement({
    description,
    fields: (t) => ({
      stack: changedRow(t, 'Stack', 'stackId', 'The stack after the change.'),
      module: changedRowWhere(t, 'StackModule', (p) => ({ stackId_name: { stackId: p.stackId, name: p.module } }), 'The module after the change.'),
    }),
  });
}

export const SetStackUserAccessPayload = builder.objectRef<{ stackId: string; memberId: string }>('SetStackUserAccessPayload').implement({
  description: 'The member’s access to the stack after the change.',
  fields: (t) => ({
    access: changedRowWhere(t, 'StackUserAccess', (p) => ({ stackId_memberId: { stackId: p.stackId, memberId: p.memberId } }), 'The access as it now is.'),
  }),
});

export const RemoveStackUserAccessPayload = builder.objectRef<{ stackId: string; memberId: string }>('RemoveStackUserAccessPayload').implement({
  description: 'The member no longer has access to the stack.',
  fields: (t) => ({
    stack: changedRow(t, 'Stack', 'stackId', 'The stack after the change.'),
    member: changedRow(t, 'Member', 'memberId', 'The member who lost its access.'),
  }),
});

/** Payload of deleteStack: the stack (deleted, restorable until restorableUntil) and its organization. */
export const DeleteStackPayload = builder.objectRef<{ stackId: string; organizationId: string }>('DeleteStackPayload').implement({
  description: 'The stack was deleted: hidden from lists, and restorable with restoreStack until its restorableUntil.',
  fields: (t) => ({
    deletedStackId: globalIdOf(t, 'Stack', 'stackId', 'Global id of the deleted stack (restoreStack takes it).'),
    stack: changedRow(t, 'Stack', 'stackId', 'The deleted stack, with deletedAt and restorableUntil.'),
    organization: changedRow(t, 'Organization', 'organizationId', 'The organization the stack belongs to.'),
  }),
});
