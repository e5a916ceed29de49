import { can } from '../../auth/permissions.js';
import { STACK_ROLES, type StackAccessChange } from '../../auth/rules/stack-access.js';
import type { Context } from '../../context.js';
import { Prisma, type Member, type Stack } from '../../db/generated/prisma/client.js';
import { equals } from '../../db/sql-conditions.js';
import { column } from '../../db/sql-fragments.js';
import { cannotChangeStack } from '../../services/stack-rules.js';
import { builder } from '../builder.js';
import { booleanFields } from '../shared/permissions-type.js';
import { inOrganizationOf } from '../shared/rules.js';
import { relatedRow, relationField } from '../shared/relations.js';
import { reads } from '../shared/selected-columns.js';
import { childPage, PAGED, resolvePage, withTotalCount } from '../shared/paged-connection.js';
import { MemberRef } from '../member/member.type.js';
import { StackRef, StackRoleEnum, stackViewerOf } from './stack.type.js';

// Stack user access: a member's role on one stack. Read through the stack (stack:read), or
// through the member; it goes with the membership (cascade).

const AccessPermissions = builder
  .objectRef<{ update: boolean; remove: boolean; assignableRoles: ('ADMIN' | 'EDITOR' | 'VIEWER')[] }>('StackUserAccessPermissions')
  .implement({
    description: 'What the caller may do with a member’s access to a stack, from the rules that guard the mutations.',
    fields: (t) => ({
      ...booleanFields(t, {
        update: 'setStackUserAccess may change this access (to one of assignableRoles).',
        remove: 'removeStackUserAccess may take this access away.',
      }),
      assignableRoles: t.field({
        type: [StackRoleEnum],
        description: 'Stack roles setStackUserAccess may give this member.',
        resolve: (p) => p.assignableRoles,
      }),
    }),
  });

/** What the rules know of the stack and the member of an access, batched with the other accesses asking. */
async function ruleFacts(ctx: Context, access: { stackId: string; memberId: string }) {
  const [stack, member] = await Promise.all([
    relatedRow<Pick<Stack, 'id' | 'organizationId' | 'status' | 'version' | 'stargateEnabled' | 'deletedAt'>>(ctx, 'StackUserAccess', 'stack', access, [
      'status',
      'version',
      'stargateEnabled',
      'deletedAt',
    ]),
    relatedRow<Pick<Member, 'userId' | 'role'>>(ctx, 'StackUserAccess', 'member', access, ['userId', 'role']),
  ]);
  return { stack: stack!, member: member! };
}

const StackUserAccessRef = builder.prismaObject('StackUserAccess', {
  description: 'A member’s role on one stack of its organization.',
  // Reached only through its stack or member (stack.read there); the row names no organization of its own.
  authScopes: { action: 'stack.read' },
  fields: (t) => ({
    role: t.expose('role', { type: StackRoleEnum, description: 'The member’s role on the stack.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the access was first given.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When the access last changed.' }),
    viewerCan: t.field({
      type: AccessPermissions,
      description: 'What the caller may do with this access.',
      // The stack and the member are found by the key (stackId, memberId).
      ...reads('role'),
      resolve: async (access, _args, ctx) => {
        const { stack, member } = await ruleFacts(ctx, access);
        const viewer = await stackViewerOf(ctx, stack);
        // A deleted stack refuses every change to its access.
        if (!viewer || cannotChangeStack(stack)) return { update: false, remove: false, assignableRoles: [] };
        const change: StackAccessChange = {
          callerStackRole: viewer.stackRole,
          member: { userId: member.userId, role: member.role },
          memberStackRole: access.role,
        };
        const assignableRoles = STACK_ROLES.filter((role) => can(viewer.standing, 'stack.manageAccess', { ...change, role }));
        return { update: assignableRoles.length > 0, remove: can(viewer.standing, 'stack.manageAccess', change), assignableRoles };
      },
    }),
  }),
});

// Oldest grant first, the key breaking ties.
const ACCESS_KEY = ['stackId', 'memberId'];
const BY_GRANT = [{ column: 'createdAt' }, { column: 'stackId' }, { column: 'memberId' }];

builder.prismaObjectField('Stack', 'userAccess', (t) =>
  t.connection(
    {
      type: StackUserAccessRef,
      description: 'Members with a role on the stack, oldest grant first.',
      args: { role: t.arg({ type: StackRoleEnum, required: false, description: 'Only members with this stack role.' }) },
      resolve: (stack, args, ctx, info) =>
        resolvePage(
          ctx,
          info,
          args,
          childPage('StackUserAccess', 'stackId', stack.id, {
            filters: args.role ? [equals(PAGED, 'role', args.role, 'StackRole')] : [],
            order: BY_GRANT,
            key: ACCESS_KEY,
          }),
        ),
    },
    withTotalCount(),
  ),
);

builder.prismaObjectField('Stack', 'userAccessOf', (t) =>
  t.prismaField({
    type: 'StackUserAccess',
    nullable: true,
    description: 'One member’s access to the stack; null when it has none.',
    ...reads(),
    args: { memberId: t.arg.globalID({ for: MemberRef, required: true, description: 'Global id of the member.' }) },
    resolve: (query, stack, args, ctx) =>
      ctx.prisma.stackUserAccess.findUnique({ ...query, where: { stackId_memberId: { stackId: stack.id, memberId: args.memberId.id } } }),
  }),
);

builder.prismaObjectField('Member', 'stackAccess', (t) =>
  t.connection(
    {
      type: StackUserAccessRef,
      nullable: true,
      description: 'The member’s roles on the organization’s live (not deleted) stacks, oldest grant first. Null (with a FORBIDDEN error) without stack:read.',
      authScopes: inOrganizationOf('stack.read'),
      resolve: (member, args, ctx, info) =>
        resolvePage(
          ctx,
          info,
          args,
          childPage('StackUserAccess', 'memberId', member.id, {
            filters: [Prisma.sql`EXISTS (SELECT 1 FROM "Stack" s WHERE s."id" = ${column(PAGED, 'stackId')} AND s."deletedAt" IS NULL)`],
            order: BY_GRANT,
            key: ACCESS_KEY,
          }),
        ),
    },
    withTotalCount(),
  ),
);

// Relation fields, added after the types: inside a type's own definition, a field returning
// another type that returns this one makes type inference go round in circles.
builder.prismaObjectFields('StackUserAccess', (t) => ({
  stack: t.field({ type: StackRef, description: 'The stack.', ...relationField('StackUserAccess', 'stack') }),
  member: t.field({ type: MemberRef, description: 'The member holding the access.', ...relationField('StackUserAccess', 'member') }),
}));
