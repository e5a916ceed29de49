import { builder } from '../builder.js';
import type { FieldBuilder } from '../shared/field-builder.js';

/** The stack after the change, loaded with exactly the selection the client made. */
const stackField = <P extends { stackId: string }>(t: FieldBuilder<P>) =>
  t.prismaField({
    type: 'Stack',
    description: 'The stack after the change.',
    resolve: (query, payload, _args, ctx) => ctx.prisma.stack.findUniqueOrThrow({ ...query, where: { id: payload.stackId } }),
  });

/** A mutation payload whose `stack` is loaded with exactly the fields the client selected. */
export function stackPayload(name: string, description: string) {
  return builder.objectRef<{ stackId: string }>(name).implement({
    description,
    fields: (t) => ({
      stack: stackField(t),
    }),
  });
}

/** Payload of enabling or disabling a module: the stack and the module after the change. */
export function stackModulePayload(name: string, description: string) {
  return builder.objectRef<{ stackId: string; module: string }>(name).implement({
    description,
    fields: (t) => ({
      stack: stackField(t),
      module: t.prismaField({
        type: 'StackModule',
        description: 'The module after the change.',
        resolve: (query, payload, _args, ctx) =>
          ctx.prisma.stackModule.findUniqueOrThrow({ ...query, where: { stackId_name: { stackId: payload.stackId, name: payload.module } } }),
      }),
    }),
  });
}

export const SetStackUserAccessPayload = builder.objectRef<{ stackId: string; memberId: string }>('SetStackUserAccessPayload').implement({
  description: 'The member’s access to the stack after the change.',
  fields: (t) => ({
    access: t.prismaField({
      type: 'StackUserAccess',
      description: 'The access as it now is.',
      resolve: (query, payload, _args, ctx) =>
        ctx.prisma.stackUserAccess.findUniqueOrThrow({ ...query, where: { stackId_memberId: { stackId: payload.stackId, memberId: payload.memberId } } }),
    }),
  }),
});

export const RemoveStackUserAccessPayload = builder.objectRef<{ stackId: string; memberId: string }>('RemoveStackUserAccessPayload').implement({
  description: 'The member no longer has access to the stack.',
  fields: (t) => ({
    stack: stackField(t),
    member: t.prismaField({
      type: 'Member',
      description: 'The member who lost its access.',
      resolve: (query, payload, _args, ctx) => ctx.prisma.member.findUniqueOrThrow({ ...query, where: { id: payload.memberId } }),
    }),
  }),
});

/** Payload of deleteStack: the stack (deleted, restorable until restorableUntil) and its organization. */
export const DeleteStackPayload = builder.objectRef<{ stackId: string; organizationId: string }>('DeleteStackPayload').implement({
  description: 'The stack was deleted: hidden from lists, and restorable with restoreStack until its restorableUntil.',
  fields: (t) => ({
    deletedStackId: t.globalID({ description: 'Global id of the deleted stack (restoreStack takes it).', resolve: (p) => ({ type: 'Stack', id: p.stackId }) }),
    stack: t.prismaField({
      type: 'Stack',
      description: 'The deleted stack, with deletedAt and restorableUntil.',
      resolve: (query, payload, _args, ctx) => ctx.prisma.stack.findUniqueOrThrow({ ...query, where: { id: payload.stackId } }),
    }),
    organization: t.prismaField({
      type: 'Organization',
      description: 'The organization the stack belongs to.',
      resolve: (query, payload, _args, ctx) => ctx.prisma.organization.findUniqueOrThrow({ ...query, where: { id: payload.organizationId } }),
    }),
  }),
});
